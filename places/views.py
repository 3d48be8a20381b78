"""What the place pages show: the routes of ``WardIndexPage`` and ``IndicatorIndexPage``
call these for their context (and the downloads for their responses).

Figures come from the per-version snapshot (``places.figures``); the lists of projects,
case studies and organisations working in a place are lazy, so the templates' fragment
caches (per content version and address) skip them once warm.
"""

from functools import cache as memoise

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from hetsite.core.models.base import public_pages
from hetsite.core.navigation import site_section
from projects.models import OrganisationPage, PartnerIndexPage, ProjectIndexPage, ProjectPage

from . import charts, exports
from .figures import Ranked, coverage_text, snapshot, ward_ranking

# The data models only: the page models route to these functions.
from .models.data import Area, Indicator, IndicatorValue

# How many of each kind of page a ward or neighbourhood page lists (newest first);
# the rest are one link away in the library, filtered to the place.
PLACE_LIST_SIZE = 6
# Table 1's two measures: every ward has them, so ward pages and tables lead with them.
SPI = "social-progress-index"
INCOME = "mean-disposable-income"
DEFAULT_MAP_INDICATOR = SPI


def _libraries(request):
    return {
        "project_index": site_section(request, ProjectIndexPage),
        "case_study_index": site_section(request, CaseStudyIndexPage),
        "partner_index": site_section(request, PartnerIndexPage),
        "indicator_index": site_section(request, "places.IndicatorIndexPage"),
        "ward_index": site_section(request, "places.WardIndexPage"),
    }


def _working_in(ward_ids):
    """Lazy lists of the newest live, public projects, case studies and organisations
    that name any of ``ward_ids``: one query each, plus one per relation its card shows.
    The rest are one link away, in the library filtered to the place."""

    def newest(model, select=(), prefetch=()):
        @memoise
        def items():
            pages = public_pages(model.objects.live()).filter(wards__in=ward_ids).distinct()
            pages = pages.select_related(*select).prefetch_related(*prefetch)
            return list(pages.order_by("-first_published_at", "-id")[:PLACE_LIST_SIZE])

        return items

    return {
        "projects": newest(
            ProjectPage, ("organisation", "listing_image"), ("wards", "listing_image__renditions")
        ),
        "case_studies": newest(CaseStudyPage, ("listing_image",), ("listing_image__renditions",)),
        "organisations": newest(
            OrganisationPage, ("organisation", "logo"), ("wards", "logo__renditions")
        ),
    }


def _ward_figures(snap, area):
    """Each indicator the report gives for this ward: its newest value, rank (when all
    wards have one), and the Luton and England figures beside it."""
    rows = []
    england = next((a for a in snap.comparators if a.slug == "england"), None)
    for indicator in snap.indicators:
        value = snap.latest(indicator, area)
        if value is None:
            continue
        ranked = next(
            (r for r in ward_ranking(snap, indicator) if r.value.pk == value.pk),
            Ranked(value, None, 0),
        )
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "rank": ranked,
                "luton": snap.latest(indicator, snap.town),
                "england": snap.latest(indicator, england),
            }
        )
    return rows


def _routed_meta(page, request, route, title, description, trail=()):
    """What the base template needs for a route of a routable page: its canonical
    address, title and description, and its breadcrumb trail."""
    return {
        "canonical_url": f"{page.get_full_url(request)}{route}",
        "meta_title": title,
        "meta_description": description,
        "breadcrumb_current": title,
        "breadcrumb_trail": list(trail),
    }


class MapForm(forms.Form):
    """Which indicator shades the ward map: only those with ward figures."""

    indicator = forms.ChoiceField(label=gettext_lazy("Shade the wards by"), required=False)

    def __init__(self, data, snap):
        super().__init__(data)
        self.snap = snap
        self.fields["indicator"].choices = [
            (indicator.slug, indicator.name)
            for indicator in snap.indicators
            if snap.latest_by_area(indicator, Area.Kind.WARD)
        ]

    def chosen(self):
        slugs = dict(self.fields["indicator"].choices)
        slug = self.cleaned_data.get("indicator") if self.is_valid() else None
        if not slug:
            slug = DEFAULT_MAP_INDICATOR if DEFAULT_MAP_INDICATOR in slugs else None
            slug = slug or next(iter(slugs), None)
        return self.snap.by_slug.get(slug)


def _tile_map(snap, indicator, ward_index, request, id_prefix):
    """The schematic ward map shaded by ``indicator``, each tile a link to its ward."""
    if indicator is None:
        return None
    latest = snap.latest_by_area(indicator, Area.Kind.WARD)
    base = ward_index.get_url(request) if ward_index else None
    figures = []
    for slug, area in snap.ward_areas.items():
        value = latest.get(area.pk)
        figures.append(
            charts.Figure(
                label=area.name,
                value=value.value if value else None,
                formatted=value.formatted if value else "",
                url=f"{base}{slug}/" if base else "",
            )
        )
    return charts.tile_map(
        charts.tiles_for(figures),
        title=_("Luton's wards by %(indicator)s") % {"indicator": indicator.name},
        legend_title=indicator.name,
        id_prefix=id_prefix,
        label_heading=_("Ward"),
        value_heading=indicator.name,
    )


def _ward_context_rows(snap, ward_areas):
    """Each ward's Social Progress Index and income (Table 1), ranked among all wards:
    what the neighbourhood page's table shows."""
    spi = snap.by_slug.get(SPI)
    income = snap.by_slug.get(INCOME)
    spi_ranks = {r.value.area_id: r for r in ward_ranking(snap, spi)} if spi else {}
    income_ranks = {r.value.area_id: r for r in ward_ranking(snap, income)} if income else {}
    rows = [
        {"area": a, "ward": a.ward, "spi": spi_ranks.get(a.pk), "income": income_ranks.get(a.pk)}
        for a in ward_areas
    ]
    return {"wards": rows, "spi_indicator": spi, "income_indicator": income}


def ward_index(page, request):
    snap = snapshot(request)
    neighbourhoods = {}
    for area in sorted(snap.ward_areas.values(), key=lambda a: a.name):
        neighbourhood = area.ward.neighbourhood
        neighbourhoods.setdefault(neighbourhood.pk, {"neighbourhood": neighbourhood, "wards": []})[
            "wards"
        ].append(area.ward)
    groups = sorted(
        neighbourhoods.values(),
        key=lambda e: (e["neighbourhood"].sort_order, e["neighbourhood"].name),
    )
    form = MapForm(request.GET or None, snap)
    shaded_by = form.chosen()
    return {
        "neighbourhood_groups": groups,
        "map_form": form,
        "map_indicator": shaded_by,
        "tile_map": SimpleLazyObject(
            lambda: _tile_map(snap, shaded_by, page, request, "ward-map")
        ),
        "map_query": shaded_by.slug if shaded_by else "",
        **_libraries(request),
    }


def ward(page, request, slug):
    snap = snapshot(request)
    area = snap.ward_areas.get(slug)
    if area is None:
        raise Http404(_("There is no ward with that address."))
    ward = area.ward
    base = page.get_url(request)
    figures = memoise(lambda: _ward_figures(snap, area))
    neighbourhood_url = f"{base}neighbourhoods/{ward.neighbourhood.slug}/"
    # Worked out only when the figures fragment is rendered.
    context_measures = SimpleLazyObject(
        lambda: [row for row in figures() if row["indicator"].group == "context"]
    )
    indicators = SimpleLazyObject(
        lambda: [row for row in figures() if row["indicator"].group != "context"]
    )
    return {
        "ward": ward,
        "area": area,
        "neighbourhood": ward.neighbourhood,
        "neighbourhood_area": snap.neighbourhood_areas.get(ward.neighbourhood.slug),
        "context_measures": context_measures,
        "indicator_rows": indicators,
        "ward_count": len(snap.ward_areas),
        "working": _working_in([ward.pk]),
        "place_key": f"ward:{slug}",
        "filter_query": f"ward={slug}",
        "neighbourhood_url": neighbourhood_url,
        **_routed_meta(
            page,
            request,
            f"{slug}/",
            _("%(name)s ward") % {"name": ward.name},
            _(
                "%(name)s ward, %(neighbourhood)s: how it compares on the report's figures, "
                "and the projects, case studies and partners working there."
            )
            % {"name": ward.name, "neighbourhood": ward.neighbourhood.name},
            trail=[{"title": ward.neighbourhood.name, "url": neighbourhood_url}],
        ),
        **_libraries(request),
    }


def neighbourhood(page, request, slug):
    snap = snapshot(request)
    area = snap.neighbourhood_areas.get(slug)
    if area is None:
        raise Http404(_("There is no neighbourhood with that address."))
    neighbourhood = area.neighbourhood
    ward_areas = sorted(
        (a for a in snap.ward_areas.values() if a.ward.neighbourhood_id == neighbourhood.pk),
        key=lambda a: a.name,
    )
    own_figures = [
        {"indicator": indicator, "value": snap.latest(indicator, area)}
        for indicator in snap.indicators
        if snap.latest(indicator, area) is not None
    ]
    return {
        "neighbourhood": neighbourhood,
        "area": area,
        **_ward_context_rows(snap, ward_areas),
        "own_figures": own_figures,
        "working": _working_in([a.ward_id for a in ward_areas]),
        "place_key": f"neighbourhood:{slug}",
        "filter_query": "&".join(f"ward={a.ward.slug}" for a in ward_areas),
        "ward_base": page.get_url(request),
        **_routed_meta(
            page,
            request,
            f"neighbourhoods/{slug}/",
            _("%(name)s neighbourhood") % {"name": neighbourhood.name},
            _("The wards of %(name)s, how they compare, and who is working there.")
            % {"name": neighbourhood.name},
        ),
        **_libraries(request),
    }


def dashboard(page, request):
    snap = snapshot(request)
    england = next((a for a in snap.comparators if a.slug == "england"), None)
    groups = []
    for group in snap.groups():
        rows = []
        for indicator in group.indicators:
            rows.append(
                {
                    "indicator": indicator,
                    "luton": snap.latest(indicator, snap.town),
                    "england": snap.latest(indicator, england),
                    "has_figures": snap.has_figures(indicator),
                    "ward_count": len(snap.latest_by_area(indicator, Area.Kind.WARD)),
                }
            )
        groups.append({"group": group, "rows": rows})
    return {
        "groups": groups,
        "ward_count": len(snap.ward_areas),
        **_libraries(request),
    }


def _bar_chart(indicator, ranking, luton, ward_base):
    """The wards ranked, best first, with the Luton figure marked; None without wards."""
    if not ranking:
        return None
    return charts.ranked_bars(
        [
            charts.Figure(
                label=r.value.area.name,
                value=r.value.value,
                formatted=r.value.formatted,
                url=f"{ward_base}{r.value.area.ward.slug}/" if ward_base else "",
                note=r.value.note,
            )
            for r in ranking
        ],
        title=_("%(indicator)s by ward") % {"indicator": indicator.name},
        reference=(
            charts.Figure(label=_("Luton"), value=luton.value, formatted=luton.formatted)
            if luton
            else None
        ),
        better=indicator.better,
        id_prefix="ward-bars",
        label_heading=_("Ward"),
        value_heading=indicator.name,
    )


def _comparison_chart(snap, indicator):
    """Luton against England and the other comparators; None unless two have a figure."""
    figures = [
        value
        for value in (snap.latest(indicator, area) for area in [snap.town, *snap.comparators])
        if value is not None
    ]
    if len(figures) < 2:
        return None
    return charts.comparison(
        [
            charts.Figure(
                label=value.area.name,
                value=value.value,
                formatted=value.formatted,
                note=value.period,
            )
            for value in figures
        ],
        title=_("%(indicator)s: Luton and England") % {"indicator": indicator.name},
        id_prefix="comparison",
    )


def indicator(page, request, slug):
    snap = snapshot(request)
    indicator = snap.by_slug.get(slug)
    if indicator is None:
        raise Http404(_("There is no indicator with that address."))
    libraries = _libraries(request)
    ward_index = libraries["ward_index"]
    ranking = ward_ranking(snap, indicator)
    luton = snap.latest(indicator, snap.town)
    base = ward_index.get_url(request) if ward_index else None
    # Drawn only when the page's fragment is rendered (not on a cached one).
    bars = SimpleLazyObject(lambda: _bar_chart(indicator, ranking, luton, base))
    comparison = SimpleLazyObject(lambda: _comparison_chart(snap, indicator))
    charted = {r.value.pk for r in ranking}
    all_values = sorted(
        snap.values.get(indicator.pk, []),
        key=lambda v: (v.area.kind != "town", v.area.sort_order, v.area.name, v.period),
    )
    return {
        "indicator": indicator,
        "luton": luton,
        "ranking": ranking,
        "coverage": coverage_text(len(ranking), len(snap.ward_areas)) if ranking else "",
        "bar_chart": bars,
        "comparison_chart": comparison,
        "all_values": all_values,
        # Those the ward chart does not already show: Luton, the comparators, earlier periods.
        "other_values": [v for v in all_values if v.pk not in charted],
        **_routed_meta(page, request, f"{slug}/", indicator.name, indicator.definition),
        **libraries,
    }


# Open data ------------------------------------------------------------------------


def _download(queryset, fmt, filename):
    rows = exports.rows(queryset)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = JsonResponse(exports.to_json(rows), json_dumps_params={"indent": 1})
    else:  # the URL patterns allow only these two
        raise Http404(_("Figures can be downloaded as CSV or JSON."))
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return response


def _values():
    return IndicatorValue.objects.select_related("indicator__principle", "area").order_by(
        "indicator__sort_order", "indicator__name", "area__sort_order", "area__name", "period"
    )


def all_download(request, fmt):
    return _download(_values(), fmt, "luton-health-equity-indicators")


def indicator_download(request, slug, fmt):
    indicator = Indicator.objects.filter(slug=slug).first()
    if indicator is None:
        raise Http404(_("There is no indicator with that address."))
    return _download(_values().filter(indicator=indicator), fmt, slug)


def ward_download(request, slug, fmt):
    area = Area.objects.filter(kind=Area.Kind.WARD, ward__slug=slug).first()
    if area is None:
        raise Http404(_("There is no ward with that address."))
    return _download(_values().filter(area=area), fmt, f"{slug}-figures")
