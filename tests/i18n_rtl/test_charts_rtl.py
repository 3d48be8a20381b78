"""Charts drawn while Urdu is active read right to left (places/charts.py).

The bars' scale runs from the right edge, names hug the right and values the left, the
key to the dashed line sits at the right; text is never mirrored, and each value reads
the way its own letters do. The tile map stays a map (west is west) but its keyboard
order runs along each row from the right. English charts are unchanged (the tests in
tests/places/test_charts.py hold them to the same figures and layout).
"""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from django.utils import translation

from places import charts
from tests.places.test_charts import (
    CSS,
    healthy_life_expectancy_figures,
    indicator_figures,
    render,
    spi_figures,
)


def fuel_chart():
    wards, luton = indicator_figures("fuel_poverty")
    return charts.ranked_bars(
        wards, title="Households in fuel poverty", reference=luton, better="lower"
    )


def in_language(language, draw):
    with translation.override(language):
        chart = draw()
        return chart, BeautifulSoup(render_for(chart), "html.parser")


def render_for(chart):
    template = "tile_map.html" if isinstance(chart, charts.TileMap) else "bar_chart.html"
    return render(template, chart)


def mirrored(x):
    return charts.BAR_WIDTH - float(x)


def mirrored_end(bar):
    """Where a bar drawn left to right ends, seen from the right edge."""
    return mirrored(float(bar.x) + float(bar.width))


def test_bars_drawn_in_urdu_grow_from_the_right():
    english, english_svg = in_language("en-gb", fuel_chart)
    urdu, urdu_svg = in_language("ur", fuel_chart)
    assert not english.rtl and urdu.rtl
    assert english_svg.svg["direction"] == "ltr" and urdu_svg.svg["direction"] == "rtl"
    # The same bars in the same order, each the same length, its far end mirrored.
    assert [b.figure.label for b in urdu.bars] == [b.figure.label for b in english.bars]
    for left, right in zip(english.bars, urdu.bars, strict=True):
        assert right.width == left.width and right.y == left.y
        assert float(right.x) == pytest.approx(mirrored_end(left), abs=0.01)
        assert right.percent == left.percent  # the scale means the same
    assert float(urdu.zero_x) == pytest.approx(mirrored(english.zero_x), abs=0.01)
    assert float(urdu.reference_x) == pytest.approx(mirrored(english.reference_x), abs=0.01)
    assert float(english.zero_x) == 0 and float(urdu.zero_x) == charts.BAR_WIDTH

    rects = [float(r["x"]) + float(r["width"]) for r in urdu_svg.select("rect.chart__bar")]
    assert rects and all(end == pytest.approx(charts.BAR_WIDTH, abs=0.01) for end in rects)


def test_names_and_values_swap_sides_with_anchors_that_keep_them_there():
    _english, english_svg = in_language("en-gb", fuel_chart)
    _urdu, urdu_svg = in_language("ur", fuel_chart)

    for label in english_svg.select(".chart__label"):
        assert label["x"] == "0" and label.get("text-anchor", "start") == "start"
        assert "direction" not in label.attrs  # the drawing's own: left to right
    for label in urdu_svg.select(".chart__label"):
        # Read right to left, its start (right end) at the right edge.
        assert label["x"] == str(charts.BAR_WIDTH)
        assert label["direction"] == "rtl" and label["text-anchor"] == "start"

    for value in english_svg.select(".chart__value"):
        assert value["x"] == str(charts.BAR_WIDTH) and value["text-anchor"] == "end"
    for value in urdu_svg.select(".chart__value"):
        # "5.19%" reads left to right; its start (left end) at the left edge.
        assert value["x"] == "0"
        assert value["direction"] == "ltr" and value["text-anchor"] == "start"

    english_key = english_svg.select_one(".chart__reference-key")
    urdu_key = urdu_svg.select_one(".chart__reference-key")
    assert (english_key["x1"], english_key["x2"]) == ("0", "28")
    assert (urdu_key["x1"], urdu_key["x2"]) == (str(charts.BAR_WIDTH - 28), str(charts.BAR_WIDTH))
    assert english_svg.select_one(".chart__reference-label")["x"] == "34"
    urdu_key_label = urdu_svg.select_one(".chart__reference-label")
    assert urdu_key_label["x"] == str(charts.BAR_WIDTH - 34)
    assert urdu_key_label["direction"] == "rtl"


def test_a_value_reads_the_way_its_own_letters_do():
    figures = [
        charts.Figure("Dallow", Decimal("84.57"), "84.57 years"),
        charts.Figure("Biscot", Decimal("-0.45"), "−0.45"),
        charts.Figure("سینٹس", Decimal("12"), "12 فیصد"),
        charts.Figure("Farley", None),
    ]
    for language, rtl in (("en-gb", False), ("ur", True)):
        with translation.override(language):
            chart = charts.ranked_bars(figures, title="Mixed", better="neither")
        by_label = {bar.figure.label: bar for bar in chart.bars}
        edge = "left" if rtl else "right"
        expected = {
            "Dallow": "ltr",
            "Biscot": "ltr",  # figures alone: left to right
            "سینٹس": "rtl",
            "Farley": "rtl" if rtl else "ltr",  # "No figure", in the page's language
        }
        for label, direction in expected.items():
            bar = by_label[label]
            assert bar.value_direction == direction, (language, label)
            # Whichever way it reads, the value's outer end is at the chart's edge.
            assert bar.value_anchor == charts._anchor(direction, edge), (language, label)
        assert by_label["سینٹس"].value_anchor == ("end" if rtl else "start")


def test_text_direction_is_that_of_the_first_strong_letter():
    assert charts.text_direction("84.57 years") == "ltr"
    assert charts.text_direction("۸۴ سال") == "rtl"
    assert charts.text_direction("12 فیصد (Luton)") == "rtl"
    assert charts.text_direction("−0.45") == "ltr"
    assert charts.text_direction("−0.45", default="rtl") == "rtl"


def test_the_direction_can_be_given_instead_of_read_from_the_language():
    with translation.override("ur"):
        from_language = fuel_chart()
    wards, luton = indicator_figures("fuel_poverty")
    given = charts.ranked_bars(
        wards, title="Households in fuel poverty", reference=luton, better="lower", rtl=True
    )
    assert [(b.x, b.width) for b in given.bars] == [(b.x, b.width) for b in from_language.bars]
    with translation.override("ur"):
        forced_ltr = charts.ranked_bars(wards, title="Fuel", reference=luton, rtl=False)
    assert not forced_ltr.rtl and forced_ltr.zero_x == "0"


def test_comparison_in_urdu_is_mirrored():
    def draw():
        return charts.comparison(healthy_life_expectancy_figures(), title="Healthy life")

    english, _ = in_language("en-gb", draw)
    urdu, urdu_svg = in_language("ur", draw)
    for left, right in zip(english.bars, urdu.bars, strict=True):
        assert float(right.x) == pytest.approx(mirrored_end(left), abs=0.01)
    assert urdu.label_x == str(charts.BAR_WIDTH) and urdu.value_x == "0"
    assert urdu_svg.select_one(".chart__reference-key") is None


def spi_map():
    return charts.tile_map(
        charts.tiles_for(spi_figures()), title="Social Progress Index", legend_title="SPI"
    )


def test_tile_map_in_urdu_keeps_the_wards_in_place_and_runs_each_row_from_the_right():
    english, english_svg = in_language("en-gb", spi_map)
    urdu, urdu_svg = in_language("ur", spi_map)

    def places(chart):
        return {tile.figure.label: (tile.x, tile.y) for tile in chart.tiles}

    assert places(urdu) == places(english)  # a map: west stays west
    assert [(t.row, t.column) for t in english.tiles] == sorted(
        (t.row, t.column) for t in english.tiles
    )
    assert [(t.row, -t.column) for t in urdu.tiles] == sorted(
        (t.row, -t.column) for t in urdu.tiles
    )
    # Document order (so Tab order) follows the chart's order.
    links = [a["aria-label"] for a in urdu_svg.select("a.chart__tile")]
    assert links == [t.accessible_name for t in urdu.tiles if t.figure.url]
    # The note moves to the top right.
    assert english_svg.select_one(".chart__note")["x"] == "2"
    note = urdu_svg.select_one(".chart__note")
    assert note["x"] == str(urdu.width - 2) and note["direction"] == "rtl"
    # Band words read the page's way; an English name and a figure keep left to right.
    for tile in urdu.tiles:
        kinds = {kind: direction for _text, _y, kind, direction in tile.lines}
        assert kinds["band"] == "rtl"
        assert kinds["name"] == "ltr"
        if "value" in kinds:
            assert kinds["value"] == "ltr"


def rtl_page(*bodies):
    style = "<style>" + (CSS / "site.css").read_text() + (CSS / "charts.css").read_text()
    style += "</style>"
    return (
        '<!DOCTYPE html><html lang="ur" dir="rtl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Charts</title>{style}</head><body><main class="container">'
        "<h1>Charts</h1>" + "".join(bodies) + "</main></body></html>"
    )


@pytest.mark.browser
def test_urdu_charts_in_chromium(browser):
    with translation.override("ur"):
        bars = fuel_chart()
        mixed = charts.ranked_bars(
            [
                charts.Figure("ڈیلو", Decimal("-0.45"), "−0.45"),
                charts.Figure("Biscot", Decimal("0.3"), "0.3"),
                charts.Figure("سینٹس", Decimal("0.12"), "0.12 پوائنٹ"),
            ],
            title="Progress 8",
            id_prefix="mixed",
        )
        tiles = spi_map()
    html = rtl_page(
        render("tile_map.html", tiles),
        render("bar_chart.html", bars),
        render("bar_chart.html", mixed),
    )
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        page.set_content(html)
        rows = page.evaluate(
            """() => [...document.querySelectorAll('.chart__row')].map(row => {
                const svg = row.ownerSVGElement.viewBox.baseVal.width;
                const label = row.querySelector('.chart__label').getBBox();
                const value = row.querySelector('.chart__value').getBBox();
                const bar = row.querySelector('rect');
                const b = bar ? bar.getBBox() : null;
                return {text: row.textContent.trim(), svg,
                        labelRight: label.x + label.width, labelLeft: label.x,
                        valueLeft: value.x, valueRight: value.x + value.width,
                        barRight: b && b.x + b.width, barLeft: b && b.x};
            })"""
        )
        assert rows
        for row in rows:
            # Names end at the right edge, values start at the left, and never meet.
            assert row["labelRight"] == pytest.approx(row["svg"], abs=1), row
            assert row["valueLeft"] == pytest.approx(0, abs=1), row
            assert row["valueRight"] + 4 <= row["labelLeft"], row
        fuel_rows = rows[: len(bars.bars)]
        for row in fuel_rows:
            if row["barRight"] is not None:
                assert row["barRight"] == pytest.approx(row["svg"], abs=0.5), row

        # The Urdu value "0.12 پوائنٹ" reads right to left: the figure to the right.
        order = page.evaluate(
            """() => { const t = [...document.querySelectorAll('#mixed .chart__value')]
                .find(t => t.textContent.includes('0.12'));
                return [t.getStartPositionOfChar(0).x, t.getStartPositionOfChar(5).x]; }"""
        )
        assert order[0] > order[1]

        # Tab goes along the map's rows from the right.
        rows_from_right = sorted(charts.load_tile_positions(), key=lambda p: (p.row, -p.column))
        names = {tile.figure.label: tile.accessible_name for tile in tiles.tiles}
        reached = []
        for _ in rows_from_right:
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        assert reached == [names[p.ward] for p in rows_from_right]
        first_row = sum(1 for p in rows_from_right if p.row == rows_from_right[0].row)
        lefts = page.evaluate(
            """(n) => [...document.querySelectorAll('a.chart__tile')]
                .slice(0, n).map(a => a.getBoundingClientRect().left)""",
            first_row,
        )
        assert len(lefts) > 1 and lefts == sorted(lefts, reverse=True)
    finally:
        context.close()
