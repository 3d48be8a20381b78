"""Every figure the demo loads is one the report prints, and every one it prints is loaded.

The data files are read here on their own, not through the loader, so a slip in the
loader (a column mixed up, a row lost, a comparison made up) shows as a difference.
"""

import csv
import re
from decimal import Decimal
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hetsite.core.demo import DATA_DIR
from hetsite.core.management.commands.load_demo_content import Command, DemoContext
from hetsite.core.models import HomePage
from places import demo
from places.models import (
    Indicator,
    IndicatorIndexPage,
    IndicatorValue,
    WardIndexPage,
    slug_for,
)


def read(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def figures_in_files():
    """(indicator slug, area, period, value) of every row of the three figure files."""
    rows = set()
    for row in read("luton-wards-spi-income.csv"):
        rows.add(
            ("social-progress-index", row["ward"], "not stated", row["social_progress_index"])
        )
        rows.add(
            (
                "mean-disposable-income",
                row["ward"],
                "not stated",
                row["mean_gross_disposable_income_gbp_k"],
            )
        )
    for name in ("luton-ward-indicators-from-report.csv", "luton-figures-from-report-text.csv"):
        for row in read(name):
            rows.add((slug_for(row["indicator"]), row["area"], row["period"], row["value"]))
    return {(slug, area, period, Decimal(value)) for slug, area, period, value in rows}


def indicators_in_file():
    """(slug, name, policy area, in Table 4) from the first four columns of Table 4's file."""
    with open(DATA_DIR / "marmot-town-indicators.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader)[:4] == ["indicator", "name", "policy_area", "in_table_4"]
        return [(slug_for(c[0]), c[1], c[2], c[3] == "yes") for c in reader]


def loaded_figures():
    return {
        (v.indicator.slug, v.area.name, v.period, v.value)
        for v in IndicatorValue.objects.select_related("indicator", "area")
    }


@pytest.fixture(scope="module")
def loaded(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_content", "--skip-index", stdout=StringIO())


@pytest.fixture
def shipped(loaded, db):
    return None


def test_every_loaded_figure_is_a_row_of_a_data_file_and_every_row_is_loaded(shipped):
    in_files = figures_in_files()
    assert len(in_files) == 20 * 2 + 44 + 7
    assert loaded_figures() == in_files
    assert IndicatorValue.objects.count() == len(in_files)


def test_every_quote_contains_its_figure_as_printed(shipped):
    rows = read("luton-figures-from-report-text.csv")
    assert rows
    for row in rows:
        printed = re.compile(rf"(?<![\d.]){re.escape(row['value'])}(?![\d])")
        assert printed.search(row["quote"]), row


def test_every_indicator_of_table_4_exists_in_its_policy_area(shipped):
    expected = indicators_in_file()
    assert len(expected) == Indicator.objects.count() == 29
    for order, (slug, name, policy_area, in_table_4) in enumerate(expected):
        indicator = Indicator.objects.select_related("principle").get(slug=slug)
        assert indicator.name == name
        assert indicator.in_table_4 is in_table_4, slug
        assert indicator.sort_order == order
        if policy_area.isdigit():
            assert indicator.group == Indicator.Group.POLICY_AREA
            assert indicator.principle.number == int(policy_area), slug
        else:
            assert indicator.group == policy_area and indicator.principle is None, slug
        indicator.full_clean()


def test_definitions_with_a_comma_in_a_number_are_whole(shipped):
    # Three definitions in the file are not quoted; their rows must still line up.
    infant = Indicator.objects.get(slug="infant-mortality")
    assert infant.definition == "Deaths under 1 year of age per 1,000 live births."
    assert infant.unit == Indicator.Unit.PER_1000 and infant.better == Indicator.Better.LOWER
    housing = Indicator.objects.get(slug="temporary-accommodation")
    assert housing.source_name == "Luton Annual Public Health Report 2024"
    assert housing.report_reference == "Table 4"


def test_table_4_indicators_without_a_figure_are_there_to_say_so(shipped):
    with_figures = {slug for slug, _area, _period, _value in figures_in_files()}
    expected = {
        slug
        for slug, _name, _area, in_table_4 in indicators_in_file()
        if in_table_4 and slug not in with_figures
    }
    without = set(
        Indicator.objects.filter(in_table_4=True, values__isnull=True).values_list(
            "slug", flat=True
        )
    )
    assert without == expected
    assert {"infant-mortality", "progress-8", "loneliness"} <= without


def test_comparisons_are_only_those_the_report_states(shipped):
    compared = {
        (v.indicator.slug, v.area.name, v.comparison)
        for v in IndicatorValue.objects.exclude(comparison="").select_related("indicator", "area")
    }
    better, worse = "better_than_luton", "worse_than_luton"
    expected = {
        *{("life-expectancy-male", w, better) for w in ("Barnfield", "Vauxhall")},
        *{
            ("life-expectancy-male", w, worse)
            for w in ("Lewsey", "Beech Hill", "South", "Central", "Dallow")
        },
        *{("life-expectancy-female", w, better) for w in ("Poets", "Barnfield")},
        ("healthy-life-expectancy-male", "Luton", "worse_than_england"),
        ("attainment-8", "Luton", "worse_than_england"),
        ("attainment-8", "Poets", better),
        ("attainment-8", "Biscot", better),
        ("child-overweight-year6", "Stopsley", better),
        *{
            ("adult-obesity-gp-18plus", w, better)
            for w in ("Farley", "High Town", "Vauxhall", "Central", "Bramingham")
        },
        *{("adult-obesity-gp-18plus", w, better) for w in ("Round Green", "South")},
    }
    assert compared == expected


def test_notes_are_kept_as_printed(shipped):
    note = IndicatorValue.objects.get(
        indicator__slug="fuel-poverty", area__name="Luton", period="not stated"
    ).note
    assert note == "just over 13%"


def test_the_wards_and_indicators_pages_exist_once_out_of_the_menus(shipped):
    home = HomePage.objects.get(locale__language_code="en-gb")
    for model, slug, title in (
        (WardIndexPage, "wards", "Wards and neighbourhoods"),
        (IndicatorIndexPage, "indicators", "Health equity indicators"),
    ):
        page = model.objects.child_of(home).get()
        assert (page.slug, page.title) == (slug, title)
        assert page.live and not page.show_in_menus
        assert page.introduction
    assert "East of England" in IndicatorIndexPage.objects.get().introduction


def test_loading_again_writes_nothing_to_the_figures_or_indicators(shipped):
    ctx = DemoContext(Command(stdout=StringIO()), with_users=False)
    ctx.home = HomePage.objects.get(locale__language_code="en-gb")
    before = loaded_figures()
    with CaptureQueriesContext(connection) as queries:
        demo.load(ctx)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))
        and ("places_" in q["sql"] or "wagtailcore_page" in q["sql"])
    ]
    assert writes == []
    assert loaded_figures() == before


def test_about_and_principles_pages_link_to_the_place_pages_once(shipped, client):
    from hetsite.core.models import StandardPage

    about = client.get("/about/").content.decode()
    assert 'href="/wards/">wards and neighbourhoods</a>' in about
    principles = client.get("/marmot-principles/").content.decode()
    assert 'href="/indicators/">health equity indicators</a>' in principles
    ctx = DemoContext(Command(stdout=StringIO()), with_users=False)
    ctx.home = HomePage.objects.get(locale__language_code="en-gb")
    demo.load(ctx)
    body = str(StandardPage.objects.child_of(ctx.home).get(slug="about").body.get_prep_value())
    assert body.count(f'id="{WardIndexPage.objects.get().pk}"') == 1
