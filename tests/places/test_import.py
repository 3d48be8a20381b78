"""The CSV importer: every problem reported by line and column, nothing saved when there
is one, and a second import of the same file changes nothing."""

import json
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from places import exports, importer
from places.importer import import_figures
from places.models import Indicator, IndicatorValue
from tests import factories
from tests.places import factories as places

HEADER = "indicator,area,period,value,unit,lower_ci,upper_ci,comparison,note"


@pytest.fixture
def setup(db):
    factories.ward("Barnfield", "North Luton")
    factories.ward("Central", "South and Town Centre")
    places.town()
    return {
        "life": places.indicator("life_expectancy_male", "Life expectancy (males)"),
        "claimants": places.indicator(
            "claimant_count", "Claimant count", unit=Indicator.Unit.PERCENT, principle=3
        ),
        "attainment": places.indicator(
            "attainment_8", "Attainment 8", unit=Indicator.Unit.SCORE, principle=2
        ),
    }


def csv_text(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


VALID = csv_text(
    "life-expectancy-male,Barnfield,2020-2022,84.57,years,83.1,86.02,better_than_luton,"
    "significantly better than Luton",
    "life_expectancy_male,luton,2020-2022,78.1,Years,,,,",
    "claimant-count,Central,2025-01,17.11,percent,,,,highest",
    "claimant-count,ward-barnfield,2025-01,1.99,Per cent (%),,,Better than Luton,lowest",
)


def stored():
    return {
        (v.indicator.slug, v.area.name, v.period): v
        for v in IndicatorValue.objects.select_related("indicator", "area")
    }


def test_a_valid_file_imports_every_row(setup):
    result = import_figures(VALID)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    values = stored()
    barnfield = values[("life-expectancy-male", "Barnfield", "2020-2022")]
    assert barnfield.value == Decimal("84.57")
    assert (barnfield.lower_ci, barnfield.upper_ci) == (Decimal("83.1"), Decimal("86.02"))
    assert barnfield.comparison == "better_than_luton"
    assert barnfield.note == "significantly better than Luton"
    assert barnfield.period_year == 2022
    # The code form of the indicator, an area by name in any case or by slug, the unit
    # and the comparison by label all match.
    assert values[("life-expectancy-male", "Luton", "2020-2022")].value == Decimal("78.1")
    lowest = values[("claimant-count", "Barnfield", "2025-01")]
    assert lowest.comparison == "better_than_luton" and lowest.period_year == 2025


def test_a_byte_order_mark_and_bytes_are_accepted(setup):
    result = import_figures(("\ufeff" + VALID).encode("utf-8"))
    assert result.errors == [] and result.created == 4


def test_importing_the_same_file_again_changes_nothing(setup):
    import_figures(VALID)
    with CaptureQueriesContext(connection) as queries:
        result = import_figures(VALID)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE"))]
    assert writes == []
    assert IndicatorValue.objects.count() == 4


def test_a_changed_figure_counts_as_updated_and_nothing_is_deleted(setup):
    import_figures(VALID)
    result = import_figures(
        csv_text("claimant-count,Central,2025-01,17.2,percent,,,,highest"),
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert stored()[("claimant-count", "Central", "2025-01")].value == Decimal("17.2")
    assert IndicatorValue.objects.count() == 4  # the rows not in the file stay


def test_extra_columns_are_ignored_and_optional_ones_may_be_left_out(setup):
    result = import_figures(
        "area,indicator,value,period,unit,remarks\nCentral,claimant-count,17.11,2025-01,"
        "percent,ignored\n"
    )
    assert result.errors == [] and result.created == 1


ROW = "claimant-count,Central,2025-01,17.11,percent,,,,"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (",Central,2025-01,17.11,percent,,,,", "indicator", "The indicator is empty."),
        ("claimant-count,,2025-01,17.11,percent,,,,", "area", "The area is empty."),
        ("claimant-count,Central,,17.11,percent,,,,", "period", "The period is empty."),
        ("claimant-count,Central,2025-01,,percent,,,,", "value", "The value is empty."),
        ("claimant-count,Central,2025-01,17.11,,,,,", "unit", "The unit is empty."),
        (
            "claimant-counts,Central,2025-01,17.11,percent,,,,",
            "indicator",
            'There is no indicator "claimant-counts"',
        ),
        ("claimant-count,Centrall,2025-01,17.11,percent,,,,", "area", 'no area "Centrall"'),
        ("claimant-count,Central,2025-01,17.1.1,percent,,,,", "value", '"17.1.1" is not'),
        ("claimant-count,Central,2025-01,17%,percent,,,,", "value", "Leave out the % sign"),
        ("claimant-count,Central,2025-01,NaN,percent,,,,", "value", '"NaN" is not a number'),
        ("claimant-count,Central,2025-01,1e3,percent,,,,", "value", '"1e3" is not a number'),
        ("claimant-count,Central,2025-01,17.123456,percent,,,,", "value", "decimal places"),
        ("claimant-count,Central,2025-01,17.11,percent,x,18,,", "lower_ci", '"x" is not'),
        ("claimant-count,Central,2025-01,17.11,percent,18,16,,", "upper_ci", "below the lower"),
        ("claimant-count,Central,2025-01,17.11,percent,12,16,,", "value", "outside its conf"),
        ("claimant-count,Central,2025-01,17.11,percent,12,,,", "upper_ci", "Only one limit"),
        ("claimant-count,Central,2025-01,17.11,percent,,20,,", "lower_ci", "Only one limit"),
        ("claimant-count,Central,2025-01,17.11,years,,,,", "unit", "measured in Per cent"),
        ("claimant-count,Central,2025-01,117.11,percent,,,,", "value", "outside 0 to 100"),
        ("claimant-count,Central,2025-01,-1,percent,,,,", "value", "outside 0 to 100"),
        ("claimant-count,Central,2025-01,17.11,percent,,,better,", "comparison", '"better" is'),
        (f"claimant-count,Central,{'2' * 41},17.11,percent,,,,", "period", "41 characters"),
        (f"claimant-count,Central,2025-01,17.11,percent,,,,{'n' * 201}", "note", "longer"),
        ("claimant-count,Central,2025-01,17,11,percent,,,,", "", "put that cell in double"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_line_and_column(setup, line, column, message):
    result = import_figures(csv_text(ROW.replace("Central", "Barnfield"), line))
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [(3, column)], result.errors
    assert message in result.errors[0].message
    assert IndicatorValue.objects.count() == 0


def test_a_repeated_row_names_the_earlier_line(setup):
    result = import_figures(csv_text(ROW, "life-expectancy-male,Luton,2020-2022,78,years", ROW))
    assert [(e.line, e.column) for e in result.errors] == [(4, "")]
    assert "repeats line 2" in result.errors[0].message
    assert IndicatorValue.objects.count() == 0


def test_a_file_with_good_and_bad_rows_imports_nothing_and_lists_every_problem(setup):
    result = import_figures(
        csv_text(
            "life-expectancy-male,Barnfield,2020-2022,84.57,years,,,,",
            "life-expectancy-male,Nowhere,2020-2022,84.57,years,,,,",
            "claimant-count,Central,2025-01,17.11,percent,,,,",
            "claimant-count,Central,2025-02,lots,percent,,,,",
        )
    )
    assert [(e.line, e.column) for e in result.errors] == [(3, "area"), (5, "value")]
    assert IndicatorValue.objects.count() == 0


def test_line_numbers_count_blank_lines_and_cells_over_two_lines(setup):
    result = import_figures(
        csv_text(
            'claimant-count,Central,2025-01,17.11,percent,,,,"a note\nover two lines"',
            "",
            "claimant-count,Barnfield,2025-01,oops,percent,,,,",
        )
    )
    assert [(e.line, e.column) for e in result.errors] == [(5, "value")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (HEADER.encode() + b"\n", "a header line but no figures"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
        ("indicator,area,period,value,unit\nx,Luton £,2020,1,years\n".encode("latin-1"), "UTF-8"),
        (b"indicator;area;period;value;unit\nx;y;z;1;years\n", "separated by semicolons"),
        (b"indicator\tarea\tperiod\tvalue\tunit\n", "separated by tabs"),
        (b"x" * (importer.MAX_BYTES + 1), "larger than 2 MB"),
        (b'indicator,area,period,value,unit,note\na,b,c,1,d,"' + b"n" * 200_000 + b'"\n', "cell"),
    ],
)
def test_a_file_that_is_not_a_csv_of_figures_gives_one_clear_error(setup, data, message):
    result = import_figures(data)
    assert len(result.errors) == 1, result.errors
    assert message in result.errors[0].message
    assert IndicatorValue.objects.count() == 0


def test_too_many_rows_is_one_error(setup):
    lines = [f"claimant-count,Central,{n},1,percent" for n in range(importer.MAX_ROWS + 1)]
    result = import_figures(csv_text(*lines, header="indicator,area,period,value,unit"))
    assert len(result.errors) == 1 and "more than 20,000 rows" in result.errors[0].message
    assert IndicatorValue.objects.count() == 0


def test_a_missing_column_is_named(setup):
    result = import_figures("indicator,area,value,units\nclaimant-count,Central,1,percent\n")
    assert [(e.line, e.column) for e in result.errors] == [(1, "period"), (1, "unit")]
    assert 'no "period" column' in result.errors[0].message


def test_an_export_imports_back_unchanged(setup):
    places.value(
        setup["life"],
        places.area_for(factories.ward("Barnfield")),
        "84.5700",
        lower_ci=Decimal("83.1"),
        upper_ci=Decimal("86.0200"),
        comparison="better_than_luton",
        note='=HYPERLINK("x") and, "quoted"',
    )
    places.value(setup["attainment"], places.town(), "-0.5", period="not stated", note="-x")
    places.value(setup["attainment"], places.comparator("England"), "12000.5", period="2025")
    text = exports.to_csv(exports.rows(IndicatorValue.objects.all()))
    assert ",84.57,years,83.1,86.02,better_than_luton," in text
    assert ",12000.5,score," in text and ",-0.5,score," in text
    assert "'=HYPERLINK" in text  # not run as a formula by a spreadsheet
    result = import_figures(text)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_the_json_export_keeps_numbers_exact(setup):
    places.value(setup["life"], places.town(), "84.5700")
    data = json.loads(json.dumps(exports.to_json(exports.rows(IndicatorValue.objects.all()))))
    assert data["count"] == 1
    (value,) = data["values"]
    assert value["value"] == "84.57" and value["lower_ci"] is None
    assert value["policy_area"] == "overarching" and value["area_type"] == "town"
    assert set(value) == set(exports.FIELDS)
