"""`make bench` keeps working: its own code, run at two tiny sizes on the test database.

Timings depend on the machine (and here on the rest of the suite running beside it),
so only what does not is checked: every page type is measured at every size, the four
case study pages stay within the warm query target, and no page asks more queries
when there is more content.
"""

from io import StringIO

import pytest

from benchmarks import pages as bench


@pytest.mark.django_db
def test_bench_measures_every_page_type_and_queries_stay_flat():
    out = StringIO()
    results = bench.run([2, 12], repeat=1, out=out, warmups=1)
    output = out.getvalue()
    assert set(results) == {2, 12}
    for rows in results.values():
        assert set(rows) == set(bench.PAGES), output
        for row in rows.values():
            assert row.warm_ms > 0 and row.publish_ms > 0
            assert row.queries > 0 and row.publish_queries > 0
        for page in ("case study index", "case study index, filtered", "case study"):
            assert rows[page].queries <= bench.MAX_QUERIES_WARM, output
    # The counts come from the page's own model: the bench adds what it says it adds.
    assert "(12 added for the benchmark)" in output
    assert bench.grows(results) == [], output
    assert "Query counts are flat" in output


def row(queries, publish_queries=1):
    return bench.Row("home", "detail", "/", 1.0, queries, 1.0, publish_queries)


def test_growth_is_reported_only_when_counts_rise():
    flat = {10: {name: row(5) for name in bench.PAGES}, 1000: {n: row(5) for n in bench.PAGES}}
    assert bench.grows(flat) == []
    fewer = {10: {n: row(6) for n in bench.PAGES}, 1000: {n: row(5) for n in bench.PAGES}}
    assert bench.grows(fewer) == []
    more = {10: {n: row(5) for n in bench.PAGES}, 1000: {n: row(5) for n in bench.PAGES}}
    more[1000]["project"] = row(5, publish_queries=2)
    assert bench.grows(more) == ["project"]


def test_targets_are_the_issues():
    assert row(12, 15).ok and not row(13, 15).ok and not row(12, 16).ok
    slow = bench.Row("project index", "library", "/projects/", 25.0, 5, 30.0, 5)
    assert not slow.ok
    assert bench.Row("project index", "library", "/projects/", 24.9, 5, 30.0, 5).ok


def test_command_line_help():
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--help"])
    assert exit_info.value.code == 0
