"""Open data: the case study library's metadata as CSV and JSON.

Metadata only: no section text and no personal data. The named ``authors`` are
individuals, so they are never exported; the credited organisation is.
"""

FIELDS = [
    "title",
    "url",
    "organisation",
    "year",
    "marmot_principles",
    "wards",
    "neighbourhood",
    "priority_group",
    "population_groups",
    "summary",
    "first_published",
    "last_published",
]

# Spreadsheet programs run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def row(page, request):
    return {
        "title": page.title,
        "url": page.get_full_url(request=request),
        "organisation": page.organisation_name,
        "year": page.year,
        "marmot_principles": [p.name for p in page.principles.all()],
        "wards": [w.name for w in page.wards.all()],
        "neighbourhood": page.neighbourhood.name if page.neighbourhood else None,
        "priority_group": page.priority_group.title if page.priority_group else None,
        "population_groups": [g.name for g in page.population_groups.all()],
        "summary": page.get_listing_summary(),
        "first_published": page.first_published_at.isoformat()
        if page.first_published_at
        else None,
        "last_published": page.last_published_at.isoformat() if page.last_published_at else None,
    }


def csv_cell(value):
    """A CSV cell: lists joined with "; ", and formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    value = str(value)
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    return value
