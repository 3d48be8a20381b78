"""Figures enter the database here, and only here: the admin's CSV import and the demo
loader both call ``import_figures``.

The file is checked as a whole before anything is saved. Every problem is reported
with its line, column and a plain-English message; if there is any, nothing is
imported. Otherwise the figures are created or updated in one transaction. A row whose
figure is already stored exactly as given is left alone (not saved again), so importing
the same file twice changes nothing. Nothing is ever deleted.

Columns (header names, in any order; other columns are ignored, so an export from this
site imports back unchanged):

- ``indicator``: the indicator's slug (``life-expectancy-male``) or its code
  (``life_expectancy_male``);
- ``area``: an area's name (``Barnfield``, ``Luton``, ``England``) or slug;
- ``period``: as the source states it (``2020-2022``, ``2025-01``, ``not stated``);
- ``value``: the figure, a plain number (``84.57``);
- ``unit``: the indicator's unit, by code (``years``) or label (``Years``);
- optional ``lower_ci``, ``upper_ci`` (both or neither), ``comparison`` (code or
  label, only as the source states it) and ``note``.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from casestudies.exports import FORMULA_PREFIXES
from hetsite.core import content_version

from .exports import decimal_text
from .figures import FIGURES_SCOPE
from .models import Area, Indicator, IndicatorValue, period_year, slug_for

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
REQUIRED_COLUMNS = ("indicator", "area", "period", "value", "unit")
OPTIONAL_COLUMNS = ("lower_ci", "upper_ci", "comparison", "note")
COLUMN_LABELS = {
    "value": "value",
    "lower_ci": "lower limit (lower_ci)",
    "upper_ci": "upper limit (upper_ci)",
}
# Units whose figures are shares or scores out of 100.
OUT_OF_100 = {Indicator.Unit.PERCENT: "a percentage", Indicator.Unit.INDEX: "an index score"}

_PERIOD_FIELD = IndicatorValue._meta.get_field("period")
_NOTE_FIELD = IndicatorValue._meta.get_field("note")
_VALUE_FIELD = IndicatorValue._meta.get_field("value")
MAX_PERIOD = _PERIOD_FIELD.max_length
MAX_NOTE = _NOTE_FIELD.max_length
MAX_DECIMAL_PLACES = _VALUE_FIELD.decimal_places
MAX_WHOLE_DIGITS = _VALUE_FIELD.max_digits - _VALUE_FIELD.decimal_places

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: ``line`` 0 and ``column`` "" mean the whole file."""

    line: int
    column: str
    message: str

    def __str__(self):
        where = []
        if self.line:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged

    def summary(self):
        return (
            f"{self.created} figures added, {self.updated} updated, "
            f"{self.unchanged} already up to date."
        )


class _FileProblem(Exception):
    pass


def decode(data):
    """The text of an uploaded file (bytes or str), or ``_FileProblem`` saying why not."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise _FileProblem(_too_large())
        if b"\x00" in data:
            raise _FileProblem(_not_csv())
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _FileProblem(
                "The file is not saved as UTF-8 text. In your spreadsheet choose "
                '"Save as" → "CSV UTF-8 (comma delimited)" and upload that file.'
            ) from None
    else:
        text = data
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise _FileProblem(_too_large())
        if "\x00" in text:
            raise _FileProblem(_not_csv())
        text = text.removeprefix("\ufeff")
    return text


def _too_large():
    return (
        f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller "
        "files and import them one after another."
    )


def _not_csv():
    return (
        "The file is not a CSV file. Save the spreadsheet as "
        '"CSV UTF-8 (comma delimited)" and upload that file.'
    )


def import_figures(data):
    """Check ``data`` (CSV as bytes or text) and, if nothing is wrong, save its figures.

    Returns an ``ImportResult``; when ``result.errors`` is not empty nothing was saved.
    """
    result = ImportResult()
    try:
        text = decode(data)
        rows = _read_rows(text)
    except _FileProblem as problem:
        result.errors.append(ImportProblem(0, "", str(problem)))
        return result
    header, body = rows
    checked = _check(header, body, result.errors)
    if result.errors:
        return result
    _save(checked, result)
    return result


def _read_rows(text):
    """The header and the rows, each as (line number, cells); blank lines are skipped."""
    if not text.strip():
        raise _FileProblem("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    last_line = 0
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((start, cells))
            if len(rows) > MAX_ROWS + 1:
                raise _FileProblem(
                    f"The file has more than {MAX_ROWS:,} rows of figures. Split it into "
                    "smaller files and import them one after another."
                )
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _FileProblem(
                f"Line {last_line + 1} has a cell longer than {csv.field_size_limit():,} "
                "characters: this does not look like a file of figures."
            ) from None
        raise _FileProblem(_not_csv()) from None
    if not rows:
        raise _FileProblem("The file is empty.")
    return rows[0], rows[1:]


def _normalise(name):
    return name.strip().lower().replace(" ", "_")


def _check(header, body, errors):
    """Every row checked; returns the rows as field dicts (only used when no errors)."""
    header_line, header_cells = header
    columns = [_normalise(cell) for cell in header_cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        if len(header_cells) == 1 and (";" in header_cells[0] or "\t" in header_cells[0]):
            separator = "semicolons" if ";" in header_cells[0] else "tabs"
            errors.append(
                ImportProblem(
                    header_line,
                    "",
                    f"The columns are separated by {separator}, not commas. Save the "
                    'file as "CSV UTF-8 (comma delimited)" and upload it again.',
                )
            )
            return []
        for name in missing:
            errors.append(
                ImportProblem(
                    header_line,
                    name,
                    f'The header has no "{name}" column. The first line must name the '
                    f"columns: {', '.join(REQUIRED_COLUMNS)} (and optionally "
                    f"{', '.join(OPTIONAL_COLUMNS)}).",
                )
            )
        return []
    position = {}
    for index, name in enumerate(columns):
        if name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            if name in position:
                errors.append(
                    ImportProblem(header_line, name, f'The header has two "{name}" columns.')
                )
            position.setdefault(name, index)
    if errors:
        return []
    if not body:
        errors.append(ImportProblem(0, "", "The file has a header line but no figures under it."))
        return []

    indicators = {}
    for indicator in Indicator.objects.all():
        indicators[indicator.slug] = indicator
    areas = {}
    for area in Area.objects.all():
        areas[area.slug.casefold()] = area
        areas[area.name.strip().casefold()] = area
    comparisons = {}
    for code, label in IndicatorValue.Comparison.choices:
        comparisons[code.casefold()] = code
        comparisons[label.casefold()] = code
    seen = {}
    checked = []
    for line, cells in body:
        row_errors = []

        def problem(column, message, line=line, row_errors=row_errors):
            row_errors.append(ImportProblem(line, column, message))

        if len(cells) > len(header_cells):
            problem(
                "",
                f"This row has {len(cells)} cells but the header names {len(header_cells)} "
                "columns. A cell may contain a comma: put that cell in double quotes.",
            )
            errors.extend(row_errors)
            continue
        cell = {
            name: _unquote(cells[index].strip()) if index < len(cells) else ""
            for name, index in position.items()
        }
        for name in REQUIRED_COLUMNS:
            if not cell[name]:
                problem(name, f"The {name} is empty.")

        indicator = None
        if cell["indicator"]:
            indicator = indicators.get(slug_for(cell["indicator"]))
            if indicator is None:
                problem(
                    "indicator",
                    f'There is no indicator "{cell["indicator"]}". Use an indicator\'s '
                    "slug as listed under Indicators (for example "
                    f'"{next(iter(indicators), "life-expectancy-male")}").',
                )
        area = None
        if cell["area"]:
            area = areas.get(cell["area"].casefold())
            if area is None:
                problem(
                    "area",
                    f'There is no area "{cell["area"]}". Use a ward or neighbourhood name, '
                    '"Luton", or a comparator such as "England", as listed under Areas.',
                )
        period = cell["period"]
        if len(period) > MAX_PERIOD:
            problem(
                "period",
                f"The period is {len(period)} characters long; at most {MAX_PERIOD} fit. "
                'Write it as the source does, for example "2020-2022".',
            )
        if len(cell.get("note", "")) > MAX_NOTE:
            problem("note", f"The note is longer than {MAX_NOTE} characters.")

        numbers = {}
        for name in ("value", "lower_ci", "upper_ci"):
            raw = cell.get(name, "")
            if raw:
                number, message = _number(raw)
                if message:
                    problem(name, f"The {COLUMN_LABELS[name]} {message}")
                numbers[name] = number
            else:
                numbers[name] = None
        value, lower, upper = numbers["value"], numbers["lower_ci"], numbers["upper_ci"]
        raw_lower, raw_upper = cell.get("lower_ci", ""), cell.get("upper_ci", "")
        if bool(raw_lower) != bool(raw_upper):
            missing_limit = "upper_ci" if raw_lower else "lower_ci"
            problem(
                missing_limit,
                "Only one limit of the confidence interval is given: give both, or neither.",
            )
        if lower is not None and upper is not None:
            if lower > upper:
                problem("upper_ci", "The upper limit is below the lower limit.")
            elif value is not None and not lower <= value <= upper:
                problem("value", "The value is outside its confidence interval.")

        if indicator is not None and cell["unit"]:
            unit_code = indicator.unit
            unit_label = indicator.get_unit_display()
            if cell["unit"].casefold() not in (unit_code.casefold(), unit_label.casefold()):
                problem(
                    "unit",
                    f'The unit "{cell["unit"]}" is not this indicator\'s: '
                    f'"{indicator.name}" is measured in {unit_label} '
                    f'(write "{unit_code}").',
                )
            elif unit_code in OUT_OF_100:
                for name, number in numbers.items():
                    if number is not None and not Decimal(0) <= number <= Decimal(100):
                        problem(
                            name,
                            f"The {COLUMN_LABELS[name]} {decimal_text(number)} is outside 0 to "
                            f"100, the range of {OUT_OF_100[unit_code]}.",
                        )

        comparison = ""
        if cell.get("comparison"):
            comparison = comparisons.get(cell["comparison"].casefold())
            if comparison is None:
                choices = ", ".join(
                    f'"{code}"' for code, _label in IndicatorValue.Comparison.choices if code
                )
                problem(
                    "comparison",
                    f'"{cell["comparison"]}" is not a comparison this site knows. Leave it '
                    f"empty, or use one of {choices}.",
                )

        if indicator is not None and area is not None and period:
            key = (indicator.pk, area.pk, period)
            if key in seen:
                problem(
                    "",
                    f"This repeats line {seen[key]}: the same indicator, area and period "
                    "can appear only once in a file.",
                )
            else:
                seen[key] = line

        if row_errors:
            errors.extend(row_errors)
            continue
        checked.append(
            {
                "indicator": indicator,
                "area": area,
                "period": period,
                "value": value,
                "lower_ci": lower,
                "upper_ci": upper,
                "comparison": comparison,
                "note": cell.get("note", ""),
            }
        )
    return checked


def _unquote(text):
    """A cell without the quote an export puts before formula-like text ("'=…")."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _number(raw):
    """(Decimal, None) or (None, the end of a sentence saying what is wrong)."""
    text = raw.replace("\u2212", "-")
    if GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    if not NUMBER.fullmatch(text):
        hint = ""
        if text.endswith("%"):
            hint = " Leave out the % sign: the unit column says it is a percentage."
        elif text[:1] in "£$€":
            hint = " Leave out the currency sign."
        return None, f'"{raw}" is not a number.{hint}'
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None, f'"{raw}" is not a number.'
    whole, _dot, fraction = text.lstrip("+-").partition(".")
    if len(fraction.rstrip("0")) > MAX_DECIMAL_PLACES:
        return None, (
            f'"{raw}" has more than {MAX_DECIMAL_PLACES} decimal places; round it to '
            f"{MAX_DECIMAL_PLACES}."
        )
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        return None, f'"{raw}" is too large.'
    return number, None


def _same(stored, row):
    return (
        stored.value == row["value"]
        and stored.lower_ci == row["lower_ci"]
        and stored.upper_ci == row["upper_ci"]
        and stored.comparison == row["comparison"]
        and stored.note == row["note"]
    )


CHANGED_FIELDS = ["value", "lower_ci", "upper_ci", "comparison", "note"]


def _save(rows, result):
    with transaction.atomic():
        indicator_ids = {row["indicator"].pk for row in rows}
        area_ids = {row["area"].pk for row in rows}
        stored = {
            (v.indicator_id, v.area_id, v.period): v
            for v in IndicatorValue.objects.select_for_update().filter(
                indicator_id__in=indicator_ids, area_id__in=area_ids
            )
        }
        new, changed = [], []
        for row in rows:
            existing = stored.get((row["indicator"].pk, row["area"].pk, row["period"]))
            if existing is None:
                new.append(IndicatorValue(**row, period_year=period_year(row["period"])))
            elif _same(existing, row):
                result.unchanged += 1
            else:
                for name in CHANGED_FIELDS:
                    setattr(existing, name, row[name])
                changed.append(existing)
        IndicatorValue.objects.bulk_create(new, batch_size=500)
        IndicatorValue.objects.bulk_update(changed, CHANGED_FIELDS, batch_size=500)
        result.created, result.updated = len(new), len(changed)
        if new or changed:
            # Bulk writes send no save signals: tell the caches once for the whole file.
            content_version.bump(FIGURES_SCOPE)
            content_version.watched_model_changed.send(sender=IndicatorValue, instance=None)
