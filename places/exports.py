"""The figures as open data (CSV and JSON) and as the admin's export.

One row per ``IndicatorValue``. The CSV has the importer's columns (indicator slug,
area name, period, value, unit, limits, comparison code, note) plus columns that
describe them, which the importer ignores: an exported file imports back unchanged.

Numbers are written exactly as stored, without trailing zeros or thousands separators
("84.57", "1234"); in JSON they are strings holding that exact decimal, so a reader
never meets a floating-point approximation such as 84.56999999.
"""

import csv
import io
from decimal import Decimal

from casestudies.exports import FORMULA_PREFIXES

FIELDS = [
    "indicator",
    "indicator_name",
    "policy_area",
    "area",
    "area_type",
    "period",
    "value",
    "unit",
    "lower_ci",
    "upper_ci",
    "comparison",
    "note",
    "source",
    "source_url",
]
NUMBER_FIELDS = {"value", "lower_ci", "upper_ci"}

TITLE = "Luton Health Equity Town: health equity indicator figures"
SOURCE_NOTE = (
    "Each figure is given as its source published it; the source, and its link where "
    "there is one, are named on every row."
)
LICENCE_NOTE = (
    "Reuse a figure on the terms of the source named on its row, and credit that source."
)
NUMBERS_NOTE = (
    "value, lower_ci and upper_ci are exact decimals written as strings (for example "
    '"84.57"); empty limits are null.'
)


def decimal_text(value):
    """An exact decimal as plain text: 84.5700 → "84.57", 1234.0000 → "1234"."""
    if value is None:
        return None
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def queryset_for_export(queryset):
    return queryset.select_related("indicator__principle", "area").order_by(
        "indicator__sort_order", "indicator__name", "area__sort_order", "area__name", "period"
    )


def policy_area(indicator):
    """ "3" for an indicator in policy area 3, else its group: "overarching", "context"."""
    if indicator.principle_id:
        return str(indicator.principle.number)
    return indicator.group


def row(value):
    indicator, area = value.indicator, value.area
    return {
        "indicator": indicator.slug,
        "indicator_name": indicator.name,
        "policy_area": policy_area(indicator),
        "area": area.name,
        "area_type": area.kind,
        "period": value.period,
        "value": decimal_text(value.value),
        "unit": indicator.unit,
        "lower_ci": decimal_text(value.lower_ci),
        "upper_ci": decimal_text(value.upper_ci),
        "comparison": value.comparison,
        "note": value.note,
        "source": indicator.source_name,
        "source_url": indicator.source_url,
    }


def rows(queryset):
    """The export rows of a queryset of ``IndicatorValue``."""
    return [row(value) for value in queryset_for_export(queryset)]


def text_cell(value):
    """A text cell a spreadsheet will not run as a formula ("=…" becomes "'=…").

    The importer takes the quote off again, so the cell round-trips unchanged.
    """
    if value is None:
        return ""
    value = str(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_line(data):
    return [
        (data[name] or "") if name in NUMBER_FIELDS else text_cell(data[name]) for name in FIELDS
    ]


def to_csv(export_rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for data in export_rows:
        writer.writerow(csv_line(data))
    return out.getvalue()


def to_json(export_rows):
    """A JSON-serialisable dict; the numbers are decimal strings (see NUMBERS_NOTE)."""
    export_rows = list(export_rows)
    return {
        "title": TITLE,
        "source": SOURCE_NOTE,
        "licence": LICENCE_NOTE,
        "numbers": NUMBERS_NOTE,
        "fields": FIELDS,
        "count": len(export_rows),
        "values": export_rows,
    }
