"""Charts drawn on the server as inline SVG: no script, no font or tile from another host.

Pure functions of plain data (no database access), so they are easy to test and cache.
Each returns a small object its template renders (``templates/places/charts/``):

- ``ranked_bars()``: one bar per area, best first, with the Luton figure as a dashed line;
  rendered by ``bar_chart.html``.
- ``comparison()``: Luton against England and any other comparators, in the order given;
  rendered by ``comparison_chart.html``.
- ``tile_map()``: a schematic map of the wards, one square each, shaded in bands; each
  square a link to its ward; rendered by ``tile_map.html``.

Every chart carries a summary written from its figures and the same figures as a table
(``data_table.html``). Text is never drawn as a picture: labels and values are SVG text,
so a chart is read without telling colours apart and stays sharp when printed.

Decisions, so the charts do not mislead:

- **Bars always start at zero** (or cross it, when a figure is negative, e.g. a Progress 8
  score). A bar's length stands for its value; an axis cut short would make small gaps look
  large. Every bar is labelled with its value, so close figures can still be told apart.
- **Tile map bands are quantiles**: the figures in order, split into (at most) five groups
  of as near the same size as ties allow; tied figures always share a band. Each band's
  range in the legend is its lowest and highest *published* figure, so no number is shown
  that the source did not print (equal intervals would invent boundaries).
- Only numbers passed in are shown; differences and averages are never computed here.

Geometry is computed here, as plain strings, so no locale changes a coordinate.

Direction: each chart is drawn for the language active when it is drawn
(``get_language_bidi()``, or ``rtl=`` to say so). Left to right, bars grow rightwards
from the zero line, names on the left and values on the right. Right to left (Urdu), the
drawing is mirrored: bars grow leftwards, names hug the right edge and values the left,
and the key to the dashed line moves to the right; the text itself is never mirrored.
Each text says which way it reads (``direction``): the chart's own words read the page's
way, a value reads the way its first letter does (figures alone read left to right), so
"84.57 years" stays in that order inside an Urdu chart. The tile map is not mirrored (it
is a map: west stays west), but its keyboard order follows the rows from the right and
its note sits at the right. The summary, legend and table around each drawing follow the
page's direction.
"""

import csv
import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

import hetsite.core

BETTER_CHOICES = ("higher", "lower", "neither")
TILE_POSITIONS_CSV = Path(hetsite.core.__file__).resolve().parent / "data" / "ward-tiles.csv"

# Bar charts: a narrow drawing (320 units wide) so that, at a 320 px screen (about 288 px
# for the chart), 14-unit text is still more than 12 px; labels sit on their own line
# above each bar so they never have to share the width with it.
BAR_WIDTH = 320
BAR_FONT = 14
BAR_ROW = 46  # label line, bar, gap
BAR_LABEL_Y = 15  # baseline of the label line within a row
BAR_TOP = 20  # the bar within a row
BAR_HEIGHT = 16
BAR_HEADER = 26  # room above the first row for the key to the reference line

# Tile map: squares 88 units wide (the longest one-word name, Bramingham, fits in a wide
# font); at its smallest, 1 unit is about 0.94 px (see charts.css), so 13-unit text stays
# above 12 px.
TILE_SIZE = 88
TILE_GAP = 4
TILE_LINE = 15
TILE_MAP_TOP = 24  # room for "Schematic, not to scale"

# Sequential shades of the site's brand green, lightest for band 1. Text on each shade
# (dark on the light ones, white on the dark ones) has a contrast of at least 4.5:1
# (tests/places/test_charts.py checks it), and each square has a dark outline.
BAND_FILLS = {
    1: ["#00594f"],
    2: ["#d5ebe6", "#00594f"],
    3: ["#d5ebe6", "#5fa89a", "#00594f"],
    4: ["#e6f3f0", "#9fcfc5", "#287567", "#00594f"],
    5: ["#e6f3f0", "#b7dcd4", "#6fb3a6", "#287567", "#003d36"],
}
DARK_TEXT = "#1d2327"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True)
class Figure:
    """One figure to draw: ``formatted`` is the caller's text for it ("84.57 years")."""

    label: str
    value: Decimal | None
    formatted: str = ""
    url: str = ""
    note: str = ""

    def __post_init__(self):
        if self.value is not None and not isinstance(self.value, Decimal):
            object.__setattr__(self, "value", Decimal(str(self.value)))
        if self.value is None:
            object.__setattr__(self, "formatted", "")
        elif not self.formatted:
            object.__setattr__(self, "formatted", _plain(self.value))


def as_figure(item):
    """A ``Figure`` from a ``Figure`` or a mapping with the same keys."""
    if isinstance(item, Figure):
        return item
    if isinstance(item, Mapping):
        return Figure(
            label=item["label"],
            value=item.get("value"),
            formatted=item.get("formatted") or "",
            url=item.get("url") or "",
            note=item.get("note") or "",
        )
    raise TypeError(f"Not a figure: {item!r}")


def _plain(value):
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _n(number):
    """A coordinate as SVG text: at most two decimals, no locale."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _prefix(id_prefix, title):
    return slugify(id_prefix or f"chart-{title}") or "chart"


def _names(labels):
    return ", ".join(labels)


def _is_rtl(rtl):
    """The drawing's direction: as given, else that of the language active now."""
    return get_language_bidi() if rtl is None else bool(rtl)


def text_direction(text, default="ltr"):
    """ "rtl" or "ltr" from the first strong letter of ``text`` (as ``dir="auto"`` does);
    ``default`` when it has none (figures and signs alone)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def _anchor(direction, end):
    """The ``text-anchor`` that puts a text's ``end`` ("left" or "right") at its x.

    An SVG text's start is its left end when it reads left to right, its right end when
    it reads right to left."""
    return "start" if (end == "left") == (direction == "ltr") else "end"


# --- bar charts -------------------------------------------------------------------------


@dataclass
class Bar:
    figure: Figure
    rank: int | None = None
    rank_text: str = ""
    tied: bool = False
    percent: float = 0.0  # the bar's length as a percentage of the scale
    start_percent: float = 0.0  # where it starts (the zero line) as a percentage
    x: str = "0"
    y: str = "0"
    width: str = "0"
    label_y: str = "0"
    kind: str = "area"  # "area" or "comparator" (comparison charts draw them apart)
    value_direction: str = "ltr"  # which way the value (or "No figure") reads
    value_anchor: str = "end"


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    summary: str
    bars: list
    label_heading: str
    value_heading: str
    ranked: bool
    reference: Figure | None = None
    reference_x: str | None = None
    reference_percent: float | None = None
    reference_text: str = ""
    zero_x: str = "0"
    width: int = BAR_WIDTH
    height: int = 0
    plot_top: str = "0"
    plot_bottom: str = "0"
    font_size: int = BAR_FONT
    bar_height: int = BAR_HEIGHT
    better: str = "neither"
    rtl: bool = False
    # Where the text goes: names at label_x, values at value_x (each anchored by its own
    # direction), the key to the dashed line from key_x1 to key_x2, its words at key_label_x.
    label_x: str = "0"
    value_x: str = str(BAR_WIDTH)
    key_x1: str = "0"
    key_x2: str = "28"
    key_label_x: str = "34"

    @property
    def direction(self):
        return "rtl" if self.rtl else "ltr"

    @property
    def table_rows(self):
        return self.bars

    @property
    def has_notes(self):
        return any(bar.figure.note for bar in self.bars)


def _scale(values):
    """The scale's ends: always including zero (bars start at zero)."""
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    if low == high:
        high = low + 1
    return low, high


def _layout(chart, bars, extra_values):
    values = [b.figure.value for b in bars if b.figure.value is not None] + extra_values
    low, high = _scale(values)
    span = high - low

    def percent(value):
        return float((value - low) / span * 100)

    zero = percent(Decimal(0))
    has_line = chart.reference is not None and chart.reference.value is not None
    top = BAR_HEADER if has_line else 4
    for index, bar in enumerate(bars):
        row_top = top + index * BAR_ROW
        bar.label_y = _n(row_top + BAR_LABEL_Y)
        bar.y = _n(row_top + BAR_TOP)
        if bar.figure.value is None:
            continue
        end = percent(bar.figure.value)
        bar.start_percent = min(zero, end)
        bar.percent = abs(end - zero)
        bar.x = _n(bar.start_percent * BAR_WIDTH / 100)
        bar.width = _n(bar.percent * BAR_WIDTH / 100)
    chart.zero_x = _n(zero * BAR_WIDTH / 100)
    chart.plot_top = _n(top)
    chart.plot_bottom = _n(top + len(bars) * BAR_ROW - (BAR_ROW - BAR_TOP - BAR_HEIGHT) + 2)
    chart.height = int(top + len(bars) * BAR_ROW)
    if has_line:
        chart.reference_percent = percent(chart.reference.value)
        chart.reference_x = _n(chart.reference_percent * BAR_WIDTH / 100)
        chart.plot_top = _n(top - 4)
    if chart.rtl:
        _mirror(chart, bars, zero)
    _place_values(chart, bars)


def _mirror(chart, bars, zero):
    """Right to left: the scale runs from the right edge, so bars grow leftwards; the
    names move to the right edge, the values to the left, the key to the right.

    The percentages keep their meaning on the scale (a bar's share of it, where it
    starts); only the coordinates are mirrored."""
    for bar in bars:
        if bar.figure.value is None:
            continue
        bar.x = _n(BAR_WIDTH - (bar.start_percent + bar.percent) * BAR_WIDTH / 100)
    chart.zero_x = _n(BAR_WIDTH - zero * BAR_WIDTH / 100)
    if chart.reference_percent is not None:
        chart.reference_x = _n(BAR_WIDTH - chart.reference_percent * BAR_WIDTH / 100)
    chart.label_x = _n(BAR_WIDTH)
    chart.value_x = "0"
    chart.key_x1 = _n(BAR_WIDTH - 28)
    chart.key_x2 = _n(BAR_WIDTH)
    chart.key_label_x = _n(BAR_WIDTH - 34)


def _place_values(chart, bars):
    """Each value's direction (from its own text) and the anchor that keeps it against
    the edge opposite the names, whichever way it reads."""
    edge = "left" if chart.rtl else "right"
    chart_direction = "rtl" if chart.rtl else "ltr"
    for bar in bars:
        if bar.figure.value is None:
            bar.value_direction = chart_direction  # "No figure", in the page's language
        else:
            bar.value_direction = text_direction(bar.figure.formatted)
        bar.value_anchor = _anchor(bar.value_direction, edge)


def _sort_key(better):
    def key(figure):
        missing = figure.value is None
        value = figure.value if not missing else Decimal(0)
        return (missing, value if better == "lower" else -value, figure.label.casefold())

    return key


def _extremes(figures):
    valued = [f for f in figures if f.value is not None]
    if not valued:
        return None, None
    high = max(f.value for f in valued)
    low = min(f.value for f in valued)
    highest = [f for f in valued if f.value == high]
    lowest = [f for f in valued if f.value == low]
    return highest, lowest


def ranked_bars(
    figures,
    *,
    title,
    reference=None,
    better="higher",
    id_prefix=None,
    label_heading=None,
    value_heading=None,
    rtl=None,
):
    """Bars for areas (wards), best first; ``reference`` (e.g. Luton) as a dashed line.

    ``better`` is "higher", "lower" or "neither" (then highest first). Figures with no
    value are listed last, with "No figure" and no bar. Equal figures share a rank
    ("joint 4 of 20") and are ordered by label. A ``reference`` whose value is None is
    said to be not published and draws no line. ``rtl``: drawn right to left; by
    default, when the active language is written so.
    """
    if better not in BETTER_CHOICES:
        raise ValueError(f"better must be one of {BETTER_CHOICES}, not {better!r}")
    figures = sorted((as_figure(f) for f in figures), key=_sort_key(better))
    reference = as_figure(reference) if reference is not None else None
    valued = [f for f in figures if f.value is not None]
    count = len(valued)
    bars = []
    for figure in figures:
        bar = Bar(figure=figure)
        if figure.value is not None:
            if better == "lower":
                ahead = sum(1 for other in valued if other.value < figure.value)
            else:
                ahead = sum(1 for other in valued if other.value > figure.value)
            bar.rank = ahead + 1
            bar.tied = sum(1 for other in valued if other.value == figure.value) > 1
            if bar.tied:
                bar.rank_text = _("joint %(rank)s of %(count)s") % {
                    "rank": bar.rank,
                    "count": count,
                }
            else:
                bar.rank_text = _("%(rank)s of %(count)s") % {"rank": bar.rank, "count": count}
        bars.append(bar)

    chart = BarChart(
        id=_prefix(id_prefix, title),
        title=title,
        description="",
        summary="",
        bars=bars,
        label_heading=label_heading or _("Area"),
        value_heading=value_heading or _("Figure"),
        ranked=True,
        reference=reference,
        better=better,
        rtl=_is_rtl(rtl),
    )
    has_line = reference is not None and reference.value is not None
    _layout(chart, bars, [reference.value] if has_line else [])
    if has_line:
        chart.reference_text = _("%(label)s: %(value)s (dashed line)") % {
            "label": reference.label,
            "value": reference.formatted,
        }

    order = {
        "higher": _("best first (higher is better)"),
        "lower": _("best first (lower is better)"),
        "neither": _("highest first"),
    }[better]
    description = _("Horizontal bar chart, one bar for each, %(order)s.") % {"order": order}
    if has_line:
        description += " " + _("A dashed line marks %(label)s.") % {"label": reference.label}
    description += " " + _("Bars start at zero.")
    chart.description = description
    chart.summary = _bar_summary(figures, reference)
    return chart


def _bar_summary(figures, reference):
    parts = []
    highest, lowest = _extremes(figures)
    if highest:
        parts.append(
            _("Highest: %(labels)s, %(value)s.")
            % {"labels": _names(f.label for f in highest), "value": highest[0].formatted}
        )
        parts.append(
            _("Lowest: %(labels)s, %(value)s.")
            % {"labels": _names(f.label for f in lowest), "value": lowest[0].formatted}
        )
    else:
        parts.append(_("No figures are published."))
    if reference is not None:
        if reference.value is None:
            parts.append(_("%(label)s: not published.") % {"label": reference.label})
        else:
            parts.append(
                _("%(label)s: %(value)s.")
                % {"label": reference.label, "value": reference.formatted}
            )
    missing = [f.label for f in figures if f.value is None]
    if missing:
        parts.append(_("No figure: %(labels)s.") % {"labels": _names(missing)})
    return " ".join(parts)


def comparison(
    figures, *, title, id_prefix=None, label_heading=None, value_heading=None, rtl=None
):
    """Luton (the first figure) against England and any other comparators, in that order.

    The summary states each figure and whether the first is higher or lower than each
    of the others; it never computes a difference. ``rtl`` as for ``ranked_bars()``.
    """
    figures = [as_figure(f) for f in figures]
    if not figures:
        raise ValueError("A comparison needs at least one figure.")
    bars = [
        Bar(figure=figure, kind="area" if index == 0 else "comparator")
        for index, figure in enumerate(figures)
    ]
    chart = BarChart(
        id=_prefix(id_prefix, title),
        title=title,
        description=_(
            "Horizontal bar chart comparing %(label)s with %(others)s. Bars start at zero."
        )
        % {"label": figures[0].label, "others": _names(f.label for f in figures[1:]) or "—"},
        summary="",
        bars=bars,
        label_heading=label_heading or _("Area"),
        value_heading=value_heading or _("Figure"),
        ranked=False,
        rtl=_is_rtl(rtl),
    )
    _layout(chart, bars, [])
    parts = []
    for figure in figures:
        if figure.value is None:
            parts.append(_("%(label)s: not published.") % {"label": figure.label})
        else:
            parts.append(
                _("%(label)s: %(value)s.") % {"label": figure.label, "value": figure.formatted}
            )
    first = figures[0]
    if first.value is not None:
        for other in figures[1:]:
            if other.value is None:
                continue
            if first.value > other.value:
                text = _("%(label)s is higher than %(other)s.")
            elif first.value < other.value:
                text = _("%(label)s is lower than %(other)s.")
            else:
                text = _("%(label)s is the same as %(other)s.")
            parts.append(text % {"label": first.label, "other": other.label})
    chart.summary = " ".join(parts)
    return chart


# --- tile map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TilePosition:
    ward: str
    column: int
    row: int


@functools.cache
def load_tile_positions(path=TILE_POSITIONS_CSV):
    """Where each ward's square sits on the schematic map, from ``ward-tiles.csv``."""
    with open(path, newline="", encoding="utf-8") as f:
        return tuple(
            TilePosition(row["ward"], int(row["column"]), int(row["row"]))
            for row in csv.DictReader(f)
        )


def tiles_for(figures, positions=None):
    """Tiles for ``tile_map()``: each ward's position joined to its figure by label.

    A ward in the positions file with no figure passed gets a tile with no value and no
    link; pass a figure for every ward (value None where none is published) so that every
    tile links to its ward.
    """
    by_label = {f.label: f for f in (as_figure(f) for f in figures)}
    tiles = []
    for position in positions or load_tile_positions():
        figure = by_label.get(position.ward) or Figure(label=position.ward, value=None)
        tiles.append(
            {
                "label": figure.label,
                "column": position.column,
                "row": position.row,
                "url": figure.url,
                "value": figure.value,
                "formatted": figure.formatted,
                "note": figure.note,
            }
        )
    return tiles


@dataclass
class Band:
    number: int
    count: int  # how many bands in all
    fill: str
    text_colour: str
    low: Figure
    high: Figure
    size: int
    name: str = ""  # "Band 1 of 5, lowest"

    @property
    def range_text(self):
        if self.low.value == self.high.value:
            return self.low.formatted
        return _("%(low)s to %(high)s") % {"low": self.low.formatted, "high": self.high.formatted}


@dataclass
class Tile:
    figure: Figure
    column: int
    row: int
    band: Band | None
    x: str
    y: str
    centre_x: str
    lines: list = field(default_factory=list)  # (text, y, css class, direction)
    accessible_name: str = ""
    fill: str = ""
    text_colour: str = DARK_TEXT


@dataclass
class TileMap:
    id: str
    title: str
    legend_title: str
    description: str
    summary: str
    caption: str
    tiles: list
    bands: list
    width: int
    height: int
    label_heading: str
    value_heading: str
    font_size: int = 13
    tile_size: int = TILE_SIZE
    rtl: bool = False
    note_x: str = "2"  # "Schematic, not to scale": at the top left, or top right

    @property
    def direction(self):
        return "rtl" if self.rtl else "ltr"

    @property
    def table_rows(self):
        return sorted(self.tiles, key=lambda t: t.figure.label.casefold())

    @property
    def has_notes(self):
        return any(tile.figure.note for tile in self.tiles)

    @property
    def has_missing(self):
        return any(t.band is None for t in self.tiles)


def quantile_bands(values, bands=5):
    """Band number (1 = lowest) for each distinct value: quantiles, ties kept together.

    Returns ``({value: band}, number_of_bands)``. With fewer distinct values than bands,
    there are as many bands as distinct values.
    """
    ordered = sorted(values)
    if not ordered:
        return {}, 0
    count = min(bands, len(set(ordered)))
    provisional = {}
    for index, value in enumerate(ordered):
        provisional.setdefault(value, index * count // len(ordered) + 1)
    # Ties can leave a band empty; number the bands in use 1, 2, 3 ...
    used = sorted(set(provisional.values()))
    renumber = {band: number for number, band in enumerate(used, start=1)}
    return {value: renumber[band] for value, band in provisional.items()}, len(used)


def _wrap(text, limit=10):
    """Split a label into at most two lines at a space near its middle."""
    if len(text) <= limit or " " not in text:
        return [text]
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return [text[:cut], text[cut + 1 :]]


def tile_map(
    tiles,
    *,
    title,
    legend_title,
    bands=5,
    id_prefix=None,
    label_heading=None,
    value_heading=None,
    rtl=None,
):
    """A schematic map: one square per ward at (column, row), shaded in quantile bands.

    ``tiles`` are mappings (or objects) with label, column, row, url, value (None for no
    figure), formatted and optionally note; ``tiles_for()`` makes them from figures and
    ``ward-tiles.csv``. Squares are listed row by row, so keyboard focus moves along
    the rows: from the left, or, right to left (``rtl``, by default when the active
    language is written so), from the right. The squares stay where the wards are.
    """
    rtl = _is_rtl(rtl)
    chart_direction = "rtl" if rtl else "ltr"
    items = []
    for tile in tiles:
        get = tile.get if isinstance(tile, Mapping) else lambda k, t=tile: getattr(t, k, None)
        figure = Figure(
            label=get("label"),
            value=get("value"),
            formatted=get("formatted") or "",
            url=get("url") or "",
            note=get("note") or "",
        )
        items.append((int(get("row")), int(get("column")), figure))
    items.sort(key=lambda item: (item[0], -item[1] if rtl else item[1]))

    values = [figure.value for _row, _col, figure in items if figure.value is not None]
    band_of, band_count = quantile_bands(values, bands)
    fills = BAND_FILLS.get(band_count, [])
    band_list = []
    for number in range(1, band_count + 1):
        members = sorted(
            (f for _r, _c, f in items if f.value is not None and band_of[f.value] == number),
            key=lambda f: f.value,
        )
        fill = fills[number - 1]
        band = Band(
            number=number,
            count=band_count,
            fill=fill,
            text_colour=max((DARK_TEXT, LIGHT_TEXT), key=lambda text: contrast(text, fill)),
            low=members[0],
            high=members[-1],
            size=len(members),
        )
        band.name = _band_name(number, band_count)
        band_list.append(band)

    columns = max((c for _r, c, _f in items), default=0) + 1
    rows = max((r for r, _c, _f in items), default=0) + 1
    width = columns * TILE_SIZE + (columns - 1) * TILE_GAP + 4
    height = TILE_MAP_TOP + rows * TILE_SIZE + (rows - 1) * TILE_GAP + 4

    tile_list = []
    for row, column, figure in items:
        band = band_list[band_of[figure.value] - 1] if figure.value is not None else None
        left = 2 + column * (TILE_SIZE + TILE_GAP)
        top = TILE_MAP_TOP + 2 + row * (TILE_SIZE + TILE_GAP)
        tile = Tile(
            figure=figure,
            column=column,
            row=row,
            band=band,
            x=_n(left),
            y=_n(top),
            centre_x=_n(left + TILE_SIZE / 2),
            fill=band.fill if band else "",
            text_colour=band.text_colour if band else DARK_TEXT,
        )
        name_lines = _wrap(figure.label)
        if band:
            value_lines = _wrap(figure.formatted, 8)
            last = _("Band %(number)s") % {"number": band.number}
            tile.accessible_name = _("%(label)s: %(value)s (%(band)s)") % {
                "label": figure.label,
                "value": figure.formatted,
                "band": band.name,
            }
        else:
            value_lines = []
            last = _("No figure")
            tile.accessible_name = _("%(label)s: no figure") % {"label": figure.label}
        lines = (
            [(text, "name") for text in name_lines]
            + [(text, "value") for text in value_lines]
            + [(last, "band")]
        )
        first_baseline = top + (TILE_SIZE - len(lines) * TILE_LINE) / 2 + TILE_LINE - 3.5
        # A name or value reads the way its own letters do (a figure alone, left to
        # right); "Band 3" and "No figure" are the chart's words, in the page's language.
        unsure = {"name": chart_direction, "value": "ltr"}  # when no letter tells
        tile.lines = [
            (
                text,
                _n(first_baseline + index * TILE_LINE),
                kind,
                chart_direction if kind == "band" else text_direction(text, unsure[kind]),
            )
            for index, (text, kind) in enumerate(lines)
        ]
        tile_list.append(tile)

    caption = _(
        "Schematic map, not to scale: each square is a ward, placed roughly where it lies "
        "in Luton."
    )
    description = caption + " " + _("Each square is shaded by its band and shows the band number.")
    return TileMap(
        id=_prefix(id_prefix, title),
        title=title,
        legend_title=legend_title,
        description=description,
        summary=_tile_summary(tile_list, band_list),
        caption=caption,
        tiles=tile_list,
        bands=band_list,
        width=width,
        height=height,
        label_heading=label_heading or _("Ward"),
        value_heading=value_heading or _("Figure"),
        rtl=rtl,
        note_x=_n(width - 2) if rtl else "2",
    )


def _band_name(number, count):
    if count > 1 and number == 1:
        return _("band %(number)s of %(count)s, lowest") % {"number": number, "count": count}
    if count > 1 and number == count:
        return _("band %(number)s of %(count)s, highest") % {"number": number, "count": count}
    return _("band %(number)s of %(count)s") % {"number": number, "count": count}


def _tile_summary(tiles, bands):
    figures = [t.figure for t in tiles]
    parts = [_bar_summary(figures, None)]
    if bands:
        parts.insert(
            0,
            ngettext(
                "The wards are shaded in %(count)s band by their figure.",
                "The wards are shaded in %(count)s bands by their figure, "
                "from band 1 (lowest) to band %(count)s (highest).",
                len(bands),
            )
            % {"count": len(bands)},
        )
    return " ".join(parts)


def _luminance(colour):
    """Relative luminance of a "#rrggbb" colour (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """WCAG 2 contrast ratio between two "#rrggbb" colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
