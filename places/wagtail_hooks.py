"""The admin's "Indicators" menu: indicators, their figures and areas as snippets, and
the CSV import and export of figures."""

import django_filters

from django.urls import include, path, reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .exports import policy_area
from .models import Area, Indicator, IndicatorValue


def _policy_area(indicator):
    if indicator.principle_id:
        return f"{policy_area(indicator)}: {indicator.principle.short_name or indicator.principle}"
    return indicator.get_group_display()


class IndicatorFilterSet(WagtailFilterSet):
    class Meta:
        model = Indicator
        fields = ["group", "principle", "in_table_4", "unit"]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = "Indicators"
    list_display = [
        "name",
        Column("policy_area", label="Policy area", accessor=_policy_area),
        Column("unit", label="Unit", accessor="get_unit_display"),
        BooleanColumn("in_table_4", label="In Table 4"),
    ]
    filterset_class = IndicatorFilterSet
    # A few dozen rows: plain database matching, which also finds part of a word
    # (the search index's field-restricted autocomplete fails on SQLite).
    search_backend_name = None
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return Indicator.objects.select_related("principle")


def _period_choices():
    periods = IndicatorValue.objects.order_by("period").values_list("period", flat=True)
    return [(period, period) for period in periods.distinct()]


class FigureFilterSet(WagtailFilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all())
    area_kind = django_filters.ChoiceFilter(
        field_name="area__kind", choices=Area.Kind.choices, label="Area type"
    )
    period = django_filters.ChoiceFilter(choices=_period_choices)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "area_kind", "period"]


class FigureIndexView(IndexView):
    """The figures listing, with the import and export in its header."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if admin_views.can_import(user):
            buttons.append(
                HeaderButton(
                    "Import figures (CSV)", url=reverse("places_admin:import"), icon_name="upload"
                )
            )
        if admin_views.can_export(user):
            buttons.append(
                HeaderButton(
                    "Export figures (CSV)",
                    url=reverse("places_admin:export"),
                    icon_name="download",
                )
            )
        return buttons


class FigureViewSet(SnippetViewSet):
    model = IndicatorValue
    icon = "list-ol"
    menu_label = "Figures"
    index_view_class = FigureIndexView
    list_display = [
        "indicator",
        "area",
        "period",
        Column("value", label="Value", accessor="formatted"),
        Column("comparison", label="Comparison", accessor="get_comparison_display"),
    ]
    filterset_class = FigureFilterSet
    search_fields = ["indicator__name", "area__name", "period"]

    def get_queryset(self, request):
        return IndicatorValue.objects.select_related("indicator", "area")


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = "Areas"
    list_display = ["name", Column("kind", label="Type", accessor="get_kind_display"), "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]


class FiguresMenuItem(MenuItem):
    def __init__(self, label, url, test, **kwargs):
        super().__init__(label, url, **kwargs)
        self.test = test

    def is_shown(self, request):
        return self.test(request.user)


class IndicatorsViewSetGroup(SnippetViewSetGroup):
    items = (IndicatorViewSet, FigureViewSet, AreaViewSet)
    menu_icon = "table"
    menu_label = "Indicators"
    menu_name = "indicators"

    def get_submenu_items(self):
        items = super().get_submenu_items()
        order = len(items) + 1
        items.append(
            FiguresMenuItem(
                "Import figures (CSV)",
                reverse("places_admin:import"),
                admin_views.can_import,
                name="import-figures",
                icon_name="upload",
                order=order,
            )
        )
        items.append(
            FiguresMenuItem(
                "Export figures (CSV)",
                reverse("places_admin:export"),
                admin_views.can_export,
                name="export-figures",
                icon_name="download",
                order=order + 1,
            )
        )
        return items


register_snippet(IndicatorsViewSetGroup)


admin_urls = (
    [
        path("import/", admin_views.ImportFiguresView.as_view(), name="import"),
        path("export.csv", admin_views.export_figures, name="export"),
    ],
    "places_admin",
)


@hooks.register("register_admin_urls")
def register_places_admin_urls():
    return [path("figures/", include(admin_urls))]


# The HTTP cache in front: ward and neighbourhood pages list the projects, case studies
# and organisations that name them, so a change to one of those drops every route of
# the wards page (its responses are tagged with its page type). Named by label, as the
# hook passes any page.
PAGES_LISTED_ON_PLACES = {
    "projects.projectpage",
    "projects.organisationpage",
    "casestudies.casestudypage",
}


@hooks.register("hetsite_purge_page_types")
def place_pages_listing_the_page(page):
    if page.specific_class._meta.label_lower in PAGES_LISTED_ON_PLACES:
        return ["places.wardindexpage"]
    return []
