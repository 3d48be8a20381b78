"""Demo content for places: the areas, the Marmot Town indicators, the figures the 2024
report prints, and the /wards/ and /indicators/ pages.

The figures go through ``places.importer`` like an editor's CSV file, so the shipped data
is checked by the same rules. Idempotent: a second run creates and changes nothing.
"""

import csv
import io

from wagtail.rich_text import RichText

from hetsite.core.demo import DATA_DIR
from hetsite.core.models import HomePage, MarmotPrinciple

from .areas import ensure_areas
from .importer import import_figures
from .models import Indicator, IndicatorIndexPage, IndicatorValue, WardIndexPage, slug_for

INDICATORS_FILE = "marmot-town-indicators.csv"
SPI_INCOME_FILE = "luton-wards-spi-income.csv"
WARD_FIGURES_FILE = "luton-ward-indicators-from-report.csv"
TEXT_FIGURES_FILE = "luton-figures-from-report-text.csv"

# Table 1's two columns, and the indicator each is.
SPI_INCOME_COLUMNS = [
    ("social_progress_index", "social_progress_index", Indicator.Unit.INDEX),
    ("mean_gross_disposable_income_gbp_k", "mean_disposable_income", Indicator.Unit.GBP_THOUSANDS),
]
# The report does not say which period Table 1 describes.
NOT_STATED = "not stated"

BETTER_THAN_LUTON = IndicatorValue.Comparison.BETTER_THAN_LUTON
WORSE_THAN_LUTON = IndicatorValue.Comparison.WORSE_THAN_LUTON
WORSE_THAN_ENGLAND = IndicatorValue.Comparison.WORSE_THAN_ENGLAND
# The ward file's remarks that are the report's own statistical comparison with Luton.
COMPARISON_FOR_NOTE = {
    "significantly better than Luton": BETTER_THAN_LUTON,
    "significantly worse than Luton": WORSE_THAN_LUTON,
    "significantly better": BETTER_THAN_LUTON,
    "only ward significantly better": BETTER_THAN_LUTON,
}
# Comparisons the report states in its text rather than in the remark.
COMPARISON_FOR_ROW = {
    # "significantly lower than the national average which is 63.1years"
    ("healthy_life_expectancy_male", "Luton"): WORSE_THAN_ENGLAND,
    # Luton 44.5 against "Nationally, in 2022 – 2023 the Attainment 8 score was 46.3"
    ("attainment_8", "Luton"): WORSE_THAN_ENGLAND,
    # "wards that are performing better than Luton"
    ("attainment_8", "Poets"): BETTER_THAN_LUTON,
    ("attainment_8", "Biscot"): BETTER_THAN_LUTON,
}

# From section 4 of the report, "Understanding Health Inequalities at the Luton Level".
WARD_INDEX = {
    "title": "Wards and neighbourhoods",
    "slug": "wards",
    "introduction": (
        "There are advantages to understanding health inequalities at smaller "
        "geographies, such as at ward and neighbourhood level. Looking at data and "
        "insights at this level enables us to obtain more local insights which can "
        "sometimes be masked at a town wide or at a regional level."
    ),
}
INDICATOR_INDEX = {
    "title": "Health equity indicators",
    "slug": "indicators",
    "introduction": (
        "To track how health inequalities are changing across the town, we have "
        "developed a dashboard that maps over the eight Marmot policy areas and "
        "highlights the indicators that we want to measure as a town. Each of the "
        "policies are numbered one to eight and have at least one indicator which can be "
        "compared across three geographical areas. These are England; Luton's nearest "
        "statistical neighbours and the East of England region."
    ),
    "about_the_data": (
        "Every figure here is one printed in Luton's Annual Public Health Report 2024, "
        "with the period and source the report gives; where the report states no "
        'period the figure says "not stated".\n\n'
        "Indicators the report lists without a figure are shown without one until a "
        "figure is published here."
    ),
}


def load(ctx):
    ensure_areas()
    indicators = load_indicators(ctx)
    result = load_figures(ctx)
    ctx.log(
        f"Places: {indicators} indicators, {IndicatorValue.objects.count()} figures "
        f"({result.summary()})"
    )
    if ctx.home is not None:
        load_pages(ctx)


def read(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_indicators():
    """The rows of ``marmot-town-indicators.csv``."""
    with open(DATA_DIR / INDICATORS_FILE, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def indicator_fields(row, order, principles):
    policy_area = row["policy_area"].strip()
    if policy_area.isdigit():
        group, principle = Indicator.Group.POLICY_AREA, principles[int(policy_area)]
    else:
        group, principle = Indicator.Group(policy_area), None
    return {
        "name": row["name"],
        "group": group,
        "principle": principle,
        "in_table_4": row["in_table_4"] == "yes",
        "definition": row["definition"],
        "unit": row["unit"],
        "better": row["better"],
        "frequency": row["frequency"],
        "source_name": row["source_name"],
        "source_url": row["source_url"],
        "report_reference": row["report_reference"],
        "sort_order": order,
    }


def load_indicators(ctx):
    """Create or update each indicator of ``marmot-town-indicators.csv`` (saved only if
    something differs, so a second run changes nothing)."""
    principles = {p.number: p for p in MarmotPrinciple.objects.all()}
    rows = read_indicators()
    for order, row in enumerate(rows):
        fields = indicator_fields(row, order, principles)
        indicator = Indicator.objects.filter(slug=slug_for(row["indicator"])).first()
        if indicator is None:
            indicator = Indicator(slug=slug_for(row["indicator"]), **fields)
            indicator.full_clean()
            indicator.save()
            continue
        changed = [name for name, value in fields.items() if getattr(indicator, name) != value]
        if changed:
            for name in changed:
                setattr(indicator, name, fields[name])
            indicator.full_clean()
            indicator.save(update_fields=changed)
    return len(rows)


def figure_rows():
    """The shipped figures, as rows of the importer's CSV columns."""
    rows = []
    for row in read(SPI_INCOME_FILE):
        for column, code, unit in SPI_INCOME_COLUMNS:
            rows.append(
                {
                    "indicator": code,
                    "area": row["ward"],
                    "period": NOT_STATED,
                    "value": row[column],
                    "unit": unit,
                }
            )
    for row in read(WARD_FIGURES_FILE):
        comparison = COMPARISON_FOR_ROW.get(
            (row["indicator"], row["area"]), COMPARISON_FOR_NOTE.get(row["note"], "")
        )
        rows.append({**_figure(row), "comparison": comparison, "note": row["note"]})
    for row in read(TEXT_FIGURES_FILE):
        rows.append({**_figure(row), "comparison": row["comparison"]})
    return rows


def _figure(row):
    return {name: row[name] for name in ("indicator", "area", "period", "value", "unit")}


def figures_csv():
    out = io.StringIO()
    columns = ["indicator", "area", "period", "value", "unit", "comparison", "note"]
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(figure_rows())
    return out.getvalue()


def load_figures(ctx):
    result = import_figures(figures_csv())
    if not result.ok:
        problems = "\n".join(str(error) for error in result.errors)
        raise RuntimeError(f"The shipped figures do not import:\n{problems}")
    return result


def _index_page(ctx, model, spec):
    """The page, created once under the home page; an existing one is left alone."""
    page = model.objects.first()
    if page is not None:
        return page
    page = model(show_in_menus=False, **spec)
    # A fresh copy of the home page: earlier loaders have added children since.
    HomePage.objects.get(pk=ctx.home.pk).add_child(instance=page)
    page.save_revision().publish()
    ctx.log(f"Created the page {page.url_path}")
    return page


def load_pages(ctx):
    wards = _index_page(ctx, WardIndexPage, WARD_INDEX)
    indicators = _index_page(ctx, IndicatorIndexPage, INDICATOR_INDEX)
    # The core demo's pages that talk about wards and measures point to these, by page
    # link (so a changed slug does not break them), once.
    _link_after_heading(
        ctx,
        "about",
        "Differences between wards",
        wards,
        "Every ward's figures, and the projects and case studies working there, are on "
        "the {link} pages.",
        "wards and neighbourhoods",
    )
    _link_after_heading(
        ctx,
        "marmot-principles",
        "How Luton measures progress",
        indicators,
        "Each policy area's indicators, with Luton's figures beside England's, are on the "
        "{link} dashboard.",
        "health equity indicators",
    )


def _link_after_heading(ctx, slug, heading, target, sentence, link_text):
    """Add a paragraph linking to ``target`` after the section ``heading`` of the
    standard page ``slug`` (after its first paragraph), unless it links there already."""
    from hetsite.core.models import StandardPage

    page = StandardPage.objects.filter(slug=slug).first()
    if page is None or f'linktype="page" id="{target.pk}"' in str(page.body.get_prep_value()):
        return
    blocks = [(block.block_type, block.value) for block in page.body]
    link = f'<a linktype="page" id="{target.pk}">{link_text}</a>'
    new = ("paragraph", RichText(f"<p>{sentence.format(link=link)}</p>"))
    position = len(blocks)
    for index, (kind, value) in enumerate(blocks):
        if kind == "heading" and value["text"] == heading:
            position = index + 1
            while position < len(blocks) and blocks[position][0] == "paragraph":
                position += 1
            break
    blocks.insert(position, new)
    page.body = blocks
    page.save_revision().publish()
    ctx.log(f"Linked {page.url_path} to {target.url_path}")
