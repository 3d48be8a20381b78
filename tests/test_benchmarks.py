"""`make bench` keeps working: seed a small throwaway database and measure every page.

Timings depend on the machine (and here on the rest of the suite running beside it),
so only the query counts, which do not, are held to the issue's targets.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("index", "index, two filters", "search", "case study")
ROW = re.compile(
    r"^(?P<page>[a-z, ]+?)\s+(?P<warm>[\d.]+)\s+<\d+\s+(?P<queries>\d+)\s+(?P<max>\d+)\s+"
    r"(?:ok|MISSED)\s+(?P<cold>[\d.]+)\s+(?P<cold_queries>\d+)$"
)


def run_bench(*extra):
    command = [sys.executable, "benchmarks/pages.py", "--case-studies", "40", "--repeat", "3"]
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [*command, *extra], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    # 1 means a timing target was missed, which a busy test machine may do.
    assert result.returncode in (0, 1), result.stdout + result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        match = ROW.match(line.strip())
        if match:
            rows[match["page"]] = match
    return result.stdout, rows


def database_args():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return []
    # A throwaway database on the same server, created from its maintenance database.
    return ["--database-url", urlunsplit(urlsplit(url)._replace(path="/postgres"))]


def test_bench_measures_every_page_within_the_query_targets():
    output, rows = run_bench(*database_args())
    assert "Seeded 40 case studies" in output
    assert set(rows) == set(PAGES), output
    for page, row in rows.items():
        assert int(row["queries"]) <= int(row["max"]) == 12, (page, output)
        assert float(row["warm"]) > 0 and float(row["cold"]) > 0
    assert re.search(r"Peak memory of this process: \d+ MiB", output)
    # The throwaway database is gone.
    match = re.search(r"Throwaway \w+ database: (\S+)", output)
    assert match
    if "://" not in match[1]:
        assert not Path(match[1]).exists()
