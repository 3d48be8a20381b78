from .data import (
    Area,
    Indicator,
    IndicatorValue,
    format_value,
    period_year,
    plain_number,
    slug_for,
)
from .pages import IndicatorIndexPage, WardIndexPage

__all__ = [
    "Area",
    "Indicator",
    "IndicatorIndexPage",
    "IndicatorValue",
    "WardIndexPage",
    "format_value",
    "period_year",
    "plain_number",
    "slug_for",
]
