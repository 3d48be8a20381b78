"""Server-drawn charts (places/charts.py, templates/places/charts/): the SVG is named and
described, the table holds the chart's figures, ranking and bands follow the data, and
the tile map works from the keyboard in a real browser.

Every figure comes from the data files in hetsite/core/data, read here.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from places import charts
from tests.browser_support import assert_no_axe_violations, assert_valid_html

DATA = Path(settings.BASE_DIR) / "hetsite" / "core" / "data"
CSS = Path(settings.BASE_DIR) / "hetsite" / "static" / "css"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def read_csv(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def ward_url(name):
    return f"/wards/{slugify(name)}/"


def spi_figures():
    """Table 1's Social Progress Index for all 20 wards, as the report prints it."""
    return [
        charts.Figure(
            label=row["ward"],
            value=Decimal(row["social_progress_index"]),
            formatted=row["social_progress_index"],
            url=ward_url(row["ward"]),
        )
        for row in read_csv("luton-wards-spi-income.csv")
    ]


def indicator_figures(indicator):
    """(ward figures, the Luton figure or None) for one indicator in the report's text."""
    wards, luton = [], None
    for row in read_csv("luton-ward-indicators-from-report.csv"):
        if row["indicator"] != indicator:
            continue
        suffix = "%" if row["unit"] == "percent" else f" {row['unit']}"
        figure = charts.Figure(
            label=row["area"],
            value=Decimal(row["value"]),
            formatted=f"{row['value']}{suffix}",
            url=ward_url(row["area"]),
            note=row["note"],
        )
        if row["area"] == "Luton":
            luton = figure
        else:
            wards.append(figure)
    return wards, luton


def healthy_life_expectancy_figures():
    """Luton's male healthy life expectancy and England's, from the two report files."""
    luton = next(
        row
        for row in read_csv("luton-ward-indicators-from-report.csv")
        if row["indicator"] == "healthy_life_expectancy_male" and row["area"] == "Luton"
    )
    england = next(
        row
        for row in read_csv("luton-figures-from-report-text.csv")
        if row["indicator"] == "healthy_life_expectancy_male" and row["area"] == "England"
    )
    return [
        charts.Figure(row["area"], Decimal(row["value"]), f"{row['value']} years")
        for row in (luton, england)
    ]


def soup(html):
    return BeautifulSoup(html, "html.parser")


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


def render(template, chart):
    return render_to_string(f"places/charts/{template}", {"chart": chart})


def all_figures_with_missing_ward_tiles():
    """Fuel poverty: the report gives it for four wards only, so 16 tiles have no figure."""
    wards, _luton = indicator_figures("fuel_poverty")
    named = {f.label for f in wards}
    for position in charts.load_tile_positions():
        if position.ward not in named:
            wards.append(charts.Figure(position.ward, None, url=ward_url(position.ward)))
    return wards


def life_expectancy_map():
    """Female life expectancy: the report names seven wards, each "nn.nn years"."""
    wards, _luton = indicator_figures("life_expectancy_female")
    named = {f.label for f in wards}
    missing = [
        charts.Figure(p.ward, None, url=ward_url(p.ward))
        for p in charts.load_tile_positions()
        if p.ward not in named
    ]
    return charts.tile_map(
        charts.tiles_for(wards + missing),
        title="Life expectancy at birth (females)",
        legend_title="Life expectancy at birth (females)",
        id_prefix="life-expectancy-female",
    )


def sample_charts():
    fuel_wards, fuel_luton = indicator_figures("fuel_poverty")
    return {
        "bar_chart.html": charts.ranked_bars(
            fuel_wards,
            title="Households in fuel poverty",
            reference=fuel_luton,
            better="lower",
            id_prefix="fuel",
        ),
        "comparison_chart.html": charts.comparison(
            healthy_life_expectancy_figures(), title="Healthy life expectancy (males)"
        ),
        "tile_map.html": charts.tile_map(
            charts.tiles_for(spi_figures()),
            title="Social Progress Index by ward",
            legend_title="Social Progress Index",
        ),
    }


# --- SVG title and description ----------------------------------------------------------


@pytest.mark.parametrize("template", ["bar_chart.html", "comparison_chart.html", "tile_map.html"])
def test_svg_has_a_title_and_description_it_refers_to(template):
    chart = sample_charts()[template]
    svg = soup(render(template, chart)).find("svg", class_="chart__svg")
    title = svg.find("title", recursive=False)
    desc = svg.find("desc", recursive=False)
    assert text(title) == chart.title
    assert text(desc) == chart.description and chart.description
    assert title["id"] in svg["aria-labelledby"].split()
    assert svg["aria-describedby"] == desc["id"]
    # A picture of links must not be role="img" (it would hide them); the others are.
    assert svg["role"] == ("group" if template == "tile_map.html" else "img")


def test_two_charts_on_one_page_have_no_id_in_common():
    first = charts.ranked_bars(spi_figures(), title="Social Progress Index")
    second = charts.ranked_bars(spi_figures(), title="Social Progress Index", id_prefix="again")
    ids = [
        element["id"]
        for chart in (first, second)
        for element in soup(render("bar_chart.html", chart)).find_all(id=True)
    ]
    assert len(ids) == len(set(ids))


# --- the table holds the chart's figures ------------------------------------------------


def bar_rows(html):
    """[(label, value text)] as drawn in the SVG and as listed in the table."""
    page = soup(html)
    svg = page.find("svg")
    drawn = [
        (
            re.sub(r"^\d+=?\. ", "", text(row.find(class_="chart__label"))),
            text(row.find(class_="chart__value")),
        )
        for row in svg.find_all("g", class_="chart__row")
    ]
    listed = [
        (text(tr.find("th")), text(tr.find("td", class_="chart__number")))
        for tr in page.find("table").tbody.find_all("tr")
    ]
    return drawn, listed


def test_bar_chart_table_holds_the_same_figures_as_the_bars():
    figures = spi_figures()
    drawn, listed = bar_rows(render("bar_chart.html", charts.ranked_bars(figures, title="SPI")))
    assert drawn == listed
    assert sorted(drawn) == sorted((f.label, f.formatted) for f in figures)
    assert len(drawn) == 20


def test_comparison_table_holds_the_same_figures_as_the_bars():
    figures = healthy_life_expectancy_figures()
    html = render("comparison_chart.html", charts.comparison(figures, title="HLE"))
    drawn, listed = bar_rows(html)
    assert drawn == listed == [(f.label, f.formatted) for f in figures]
    assert len(soup(html).find_all("rect", class_="chart__bar")) == 2


def test_tile_map_table_holds_the_same_figures_as_the_tiles():
    chart = sample_charts()["tile_map.html"]
    page = soup(render("tile_map.html", chart))
    drawn = {}
    for link in page.find("svg").find_all("a"):
        name = " ".join(text(t) for t in link.find_all("text", class_="chart__tile-name"))
        value = " ".join(text(t) for t in link.find_all("text", class_="chart__tile-value"))
        band = text(link.find("text", class_="chart__tile-band")).removeprefix("Band ")
        drawn[name] = (value, band)
    listed = {
        text(tr.th): tuple(text(td) for td in tr.find_all("td"))
        for tr in page.find("table").tbody.find_all("tr")
    }
    assert drawn == listed
    assert {name: value for name, (value, _band) in drawn.items()} == {
        f.label: f.formatted for f in spi_figures()
    }


# --- ranking ----------------------------------------------------------------------------


def test_higher_is_better_ranks_the_highest_first():
    figures = spi_figures()
    chart = charts.ranked_bars(figures, title="SPI", better="higher")
    values = [bar.figure.value for bar in chart.bars]
    assert values == sorted((f.value for f in figures), reverse=True)
    assert chart.bars[0].rank_text == "1 of 20"
    highest = max(figures, key=lambda f: f.value)
    lowest = min(figures, key=lambda f: f.value)
    assert chart.bars[0].figure.label == highest.label
    assert chart.summary.startswith(
        f"Highest: {highest.label}, {highest.formatted}. "
        f"Lowest: {lowest.label}, {lowest.formatted}."
    )


def test_lower_is_better_ranks_the_lowest_first():
    wards, luton = indicator_figures("fuel_poverty")
    chart = charts.ranked_bars(wards, title="Fuel poverty", reference=luton, better="lower")
    assert [bar.figure.value for bar in chart.bars] == sorted(f.value for f in wards)
    assert [bar.rank for bar in chart.bars] == list(range(1, len(wards) + 1))
    labels = [text(t) for t in soup(render("bar_chart.html", chart)).select(".chart__label")]
    assert labels[0] == f"1. {min(wards, key=lambda f: f.value).label}"


def test_equal_figures_share_a_rank_and_are_ordered_by_name():
    figures = spi_figures()
    chart = charts.ranked_bars(figures, title="SPI")
    counts = {}
    for f in figures:
        counts.setdefault(f.value, []).append(f.label)
    tied_value, tied = next((v, labels) for v, labels in counts.items() if len(labels) > 1)
    tied_bars = [bar for bar in chart.bars if bar.figure.value == tied_value]
    assert [bar.figure.label for bar in tied_bars] == sorted(tied)
    assert len({bar.rank for bar in tied_bars}) == 1
    assert all(bar.tied and bar.rank_text.startswith("joint ") for bar in tied_bars)
    after = chart.bars[chart.bars.index(tied_bars[-1]) + 1]
    assert after.rank == tied_bars[0].rank + len(tied_bars)


def test_bars_start_at_zero_and_the_longest_fills_the_scale():
    figures = spi_figures()
    chart = charts.ranked_bars(figures, title="SPI")
    assert all(bar.start_percent == 0 for bar in chart.bars)
    assert chart.bars[0].percent == pytest.approx(100)
    for bar in chart.bars:
        assert bar.percent == pytest.approx(
            float(bar.figure.value / chart.bars[0].figure.value * 100)
        )
    assert "Bars start at zero." in chart.description


def test_a_figure_with_no_value_has_no_bar_and_comes_last():
    figures = all_figures_with_missing_ward_tiles()
    chart = charts.ranked_bars(figures, title="Fuel poverty", better="lower")
    valued = [f for f in figures if f.value is not None]
    assert [bar.figure.value is None for bar in chart.bars] == [False] * len(valued) + [True] * (
        len(figures) - len(valued)
    )
    page = soup(render("bar_chart.html", chart))
    assert len(page.find_all("rect", class_="chart__bar")) == len(valued)
    drawn, listed = bar_rows(str(page))
    assert drawn == listed
    assert drawn[-1][1] == "No figure"
    assert f"{len(valued)} of {len(valued)}" == chart.bars[len(valued) - 1].rank_text
    assert "No figure: " in chart.summary


# --- the reference (Luton) line ---------------------------------------------------------


def test_reference_line_is_drawn_labelled_and_listed_when_given():
    wards, luton = indicator_figures("adult_obesity_gp_18plus")
    chart = charts.ranked_bars(wards, title="Adult obesity", reference=luton, better="lower")
    page = soup(render("bar_chart.html", chart))
    line = page.find("line", class_="chart__reference")
    assert line["stroke-dasharray"]
    highest = max(f.value for f in wards)
    assert float(line["x1"]) == pytest.approx(float(luton.value / highest) * 320, abs=0.01)
    assert text(page.find(class_="chart__reference-label")) == (
        f"Luton: {luton.formatted} (dashed line)"
    )
    assert f"Luton: {luton.formatted}." in chart.summary
    footer = page.find("tfoot")
    assert text(footer.th) == "Luton (dashed line)"
    assert text(footer.find("td", class_="chart__number")) == luton.formatted


def test_no_reference_line_without_a_reference():
    wards, _luton = indicator_figures("adult_obesity_gp_18plus")
    page = soup(render("bar_chart.html", charts.ranked_bars(wards, title="Adult obesity")))
    assert page.find(class_="chart__reference") is None
    assert page.find("tfoot") is None


def test_a_reference_not_published_is_said_so_and_not_drawn():
    chart = charts.ranked_bars(spi_figures(), title="SPI", reference=charts.Figure("Luton", None))
    page = soup(render("bar_chart.html", chart))
    assert page.find(class_="chart__reference") is None
    assert "Luton: not published." in chart.summary
    assert text(page.find("tfoot").find("td", class_="chart__number")) == "Not published"


@pytest.mark.parametrize("template", ["bar_chart.html", "comparison_chart.html", "tile_map.html"])
def test_summaries_state_only_numbers_passed_in(template):
    chart = sample_charts()[template]
    given = {
        number
        for figure in [
            *spi_figures(),
            *healthy_life_expectancy_figures(),
            *indicator_figures("fuel_poverty")[0],
            indicator_figures("fuel_poverty")[1],
        ]
        for number in NUMBER.findall(figure.formatted)
    }
    summary = chart.summary
    if template == "tile_map.html":  # "shaded in 5 bands ... from band 1 to band 5"
        summary = summary.split(").", 1)[1]
    stated = set(NUMBER.findall(summary))
    assert stated
    assert stated <= given, stated - given


def test_comparison_says_which_is_higher_without_computing_a_difference():
    luton, england = healthy_life_expectancy_figures()
    chart = charts.comparison([luton, england], title="HLE")
    relation = "lower" if luton.value < england.value else "higher"
    assert chart.summary == (
        f"Luton: {luton.formatted}. England: {england.formatted}. "
        f"Luton is {relation} than England."
    )


# --- the tile map -----------------------------------------------------------------------


def test_tile_positions_place_each_of_the_20_wards_once():
    positions = charts.load_tile_positions()
    wards = {row["ward"] for row in read_csv("ward-neighbourhoods.csv")} | {
        row["ward"] for row in read_csv("luton-wards-spi-income.csv")
    }
    assert len(positions) == 20
    assert {p.ward for p in positions} == wards
    assert len({(p.column, p.row) for p in positions}) == 20
    assert charts.load_tile_positions() is positions  # read once


def test_tile_map_has_a_link_for_each_ward_with_a_unique_name():
    chart = sample_charts()["tile_map.html"]
    svg = soup(render("tile_map.html", chart)).find("svg")
    links = svg.find_all("a")
    assert len(links) == 20
    assert {a["href"] for a in links} == {ward_url(f.label) for f in spi_figures()}
    names = [a["aria-label"] for a in links]
    assert len(set(names)) == 20
    by_label = {f.label: f for f in spi_figures()}
    for link in links:
        label, rest = link["aria-label"].split(": ", 1)
        assert rest.startswith(f"{by_label[label].formatted} (band ")
    positions = {p.ward: (p.row, p.column) for p in charts.load_tile_positions()}
    order = [positions[name.split(":")[0]] for name in names]
    assert order == sorted(order)  # row by row: the order Tab follows


def test_lowest_and_highest_bands_are_named_so():
    chart = sample_charts()["tile_map.html"]
    lowest = min(spi_figures(), key=lambda f: f.value)
    tile = next(t for t in chart.tiles if t.figure.label == lowest.label)
    assert tile.accessible_name == f"{lowest.label}: {lowest.formatted} (band 1 of 5, lowest)"


def test_legend_bands_cover_every_value_in_order():
    chart = sample_charts()["tile_map.html"]
    assert [band.number for band in chart.bands] == [1, 2, 3, 4, 5]
    assert sum(band.size for band in chart.bands) == 20
    for before, after in zip(chart.bands, chart.bands[1:], strict=False):
        assert before.high.value < after.low.value
    for tile in chart.tiles:
        assert tile.band.low.value <= tile.figure.value <= tile.band.high.value
    legend = [text(li) for li in soup(render("tile_map.html", chart)).select(".chart__legend li")]
    assert legend[0] == (
        f"1 Band 1 of 5, lowest: {chart.bands[0].low.formatted} to "
        f"{chart.bands[0].high.formatted} ({chart.bands[0].size} wards)"
    )
    assert len(legend) == 5  # every ward has a figure: no "no figure" key


def test_quantile_bands_keep_ties_together():
    values = [f.value for f in spi_figures()]
    band_of, count = charts.quantile_bands(values)
    assert count == 5
    sizes = [sum(1 for v in values if band_of[v] == n) for n in range(1, 6)]
    assert max(sizes) - min(sizes) <= 2
    assert all(band_of[a] <= band_of[b] for a in values for b in values if a < b)


def test_a_tile_without_a_figure_is_hatched_and_says_no_figure():
    chart = charts.tile_map(
        charts.tiles_for(all_figures_with_missing_ward_tiles()),
        title="Fuel poverty",
        legend_title="Households in fuel poverty",
    )
    wards, _luton = indicator_figures("fuel_poverty")
    page = soup(render("tile_map.html", chart))
    links = page.find("svg").find_all("a")
    assert len(links) == 20
    missing = [a for a in links if a["aria-label"].endswith(": no figure")]
    assert len(missing) == 20 - len(wards)
    for link in missing:
        shape = link.find("rect")
        assert shape["fill"] == f"url(#{chart.id}-hatch)"
        assert text(link.find(class_="chart__tile-band")) == "No figure"
        assert link.find(class_="chart__tile-value") is None
    fills = {band.fill for band in chart.bands}
    assert all(link.find("rect")["fill"] in fills for link in links if link not in missing)
    assert sum(band.size for band in chart.bands) == len(wards)
    assert text(page.select(".chart__legend li")[-1]) == "Hatched: no figure"
    assert "No figure: " in chart.summary


def test_a_ward_passed_no_figure_gets_a_named_tile_that_is_not_a_link():
    wards, _luton = indicator_figures("fuel_poverty")
    chart = charts.tile_map(charts.tiles_for(wards), title="Fuel poverty", legend_title="%")
    svg = soup(render("tile_map.html", chart)).find("svg")
    assert len(svg.find_all("a")) == len(wards)
    unlinked = svg.find_all("g", class_="chart__tile")
    assert len(unlinked) == 20 - len(wards)
    assert all(g["role"] == "img" and g["aria-label"].endswith(": no figure") for g in unlinked)


def test_band_text_has_enough_contrast_on_every_shade():
    for count, fills in charts.BAND_FILLS.items():
        assert len(fills) == count
        for fill in fills:
            best = max(charts.contrast(charts.DARK_TEXT, fill), charts.contrast("#ffffff", fill))
            assert best >= 4.5, fill


def test_mapping_inputs_work_like_figures():
    rows = read_csv("luton-wards-spi-income.csv")
    as_dicts = [
        {
            "label": r["ward"],
            "value": Decimal(r["social_progress_index"]),
            "formatted": r["social_progress_index"],
        }
        for r in rows
    ]
    from_dicts = charts.ranked_bars(as_dicts, title="SPI")
    from_figures = charts.ranked_bars(spi_figures(), title="SPI")
    assert [b.figure.label for b in from_dicts.bars] == [b.figure.label for b in from_figures.bars]
    assert from_dicts.summary == from_figures.summary


# --- whole pages: HTML validity, keyboard and axe in Chromium ---------------------------


def page_html(*bodies, css=True):
    style = ""
    if css:
        style = "<style>" + (CSS / "site.css").read_text() + (CSS / "charts.css").read_text()
        style += "</style>"
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Charts</title>{style}</head><body><main class="container">'
        "<h1>Charts</h1>" + "".join(bodies) + "</main></body></html>"
    )


def test_charts_are_valid_html():
    rendered = [render(template, chart) for template, chart in sample_charts().items()]
    second = charts.ranked_bars(spi_figures(), title="SPI", reference=charts.Figure("Luton", None))
    rendered.append(render("bar_chart.html", second))
    missing = charts.tile_map(
        charts.tiles_for(all_figures_with_missing_ward_tiles()),
        title="Fuel poverty",
        legend_title="Households in fuel poverty",
    )
    rendered.append(render("tile_map.html", missing))
    partial = charts.tile_map(
        charts.tiles_for(indicator_figures("fuel_poverty")[0]),
        title="Fuel poverty, wards named in the report",
        legend_title="Households in fuel poverty",
    )
    rendered.append(render("tile_map.html", partial))
    # The stylesheets are linked files on the site; inline here they would be checked by
    # the validator's CSS level, which does not know paint-order.
    assert_valid_html({"charts": page_html(*rendered, css=False)})


@pytest.mark.browser
def test_tile_map_by_keyboard_and_axe_in_chromium(browser):
    chart = sample_charts()["tile_map.html"]
    # The map first: from the top of the page, Tab goes straight to its squares.
    html = page_html(
        render("tile_map.html", chart),
        render("bar_chart.html", sample_charts()["bar_chart.html"]),
        render("comparison_chart.html", sample_charts()["comparison_chart.html"]),
        render("tile_map.html", life_expectancy_map()),
    )
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        page.set_content(html)
        # Readable at 320 px: the page itself does not scroll sideways, and SVG text is
        # at least 12 px once the drawing is scaled to the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for svg in page.query_selector_all("svg.chart__svg"):
            scale = svg.evaluate("s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
            sizes = svg.evaluate(
                "s => [...s.querySelectorAll('text')]"
                ".map(t => parseFloat(getComputedStyle(t).fontSize))"
            )
            assert min(sizes) * scale >= 12, (svg.get_attribute("class"), min(sizes), scale)

        # Text fits: every line inside its square, a bar's name clear of its value.
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('.chart__tile')].flatMap(tile => {
                const box = tile.querySelector('rect').getBBox();
                return [...tile.querySelectorAll('text')]
                    .map(t => [t.textContent, t.getBBox()])
                    .filter(([, b]) => b.x < box.x + 2 || b.x + b.width > box.x + box.width - 2)
                    .map(([text]) => text);
            })"""
        )
        assert overflowing == []
        clashing = page.evaluate(
            """() => [...document.querySelectorAll('.chart__row')].filter(row => {
                const label = row.querySelector('.chart__label').getBBox();
                const value = row.querySelector('.chart__value').getBBox();
                return label.x + label.width + 4 > value.x;
            }).map(row => row.textContent.trim())"""
        )
        assert clashing == []

        # Row by row, as ward-tiles.csv places them.
        rows = sorted(charts.load_tile_positions(), key=lambda p: (p.row, p.column))
        names = {tile.figure.label: tile.accessible_name for tile in chart.tiles}
        expected = [names[position.ward] for position in rows]
        assert all(name.startswith(f"{p.ward}: ") for name, p in zip(expected, rows, strict=True))
        reached = []
        for _ in expected:
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    return {
                        name: el.getAttribute('aria-label'),
                        tag: el.tagName,
                        outline: parseFloat(style.outlineWidth),
                        outlineStyle: style.outlineStyle,
                        visible: el.matches(':focus-visible'),
                    };
                }"""
            )
            assert focused["tag"] == "a" and focused["visible"], focused
            assert focused["outline"] > 0 and focused["outlineStyle"] != "none", focused
            reached.append(focused["name"])
        assert reached == expected
        # The last square reached is the last ward in the map, not some later link.
        assert page.evaluate("document.activeElement.getAttribute('href')") == (
            ward_url(rows[-1].ward)
        )
        assert_no_axe_violations(page)
        page.emulate_media(media="print")
        for selector in ("svg.chart__svg--tiles", ".chart__table table"):
            assert page.locator(selector).first.is_visible()
    finally:
        context.close()
