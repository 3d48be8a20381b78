from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .dashboard import panels_for
from .models import MarmotPrinciple, Neighbourhood, PopulationGroup, Ward
from .outbox_admin import FailedEmailsPanel, OutgoingEmailViewSet
from .review_admin import OverdueContentView, menu_item


class MarmotPrincipleViewSet(SnippetViewSet):
    model = MarmotPrinciple
    icon = "list-ol"
    menu_label = "Marmot principles"
    list_display = ["number", "name", "slug"]
    search_fields = ["name"]
    ordering = ["number"]


class NeighbourhoodViewSet(SnippetViewSet):
    model = Neighbourhood
    icon = "site"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class WardViewSet(SnippetViewSet):
    model = Ward
    icon = "pick"
    list_display = ["name", "neighbourhood"]
    list_filter = ["neighbourhood"]
    search_fields = ["name"]


class PopulationGroupViewSet(SnippetViewSet):
    model = PopulationGroup
    icon = "group"
    menu_label = "Population groups"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (MarmotPrincipleViewSet, NeighbourhoodViewSet, WardViewSet, PopulationGroupViewSet)
    menu_icon = "tag"
    menu_label = "Taxonomy"
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_emails")


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    panels.extend(panels_for(request.user))


@hooks.register("construct_homepage_panels")
def add_failed_emails_panel(request, panels):
    if request.user.has_perm("core.view_outgoingemail"):
        panels.append(FailedEmailsPanel())


@hooks.register("register_admin_urls")
def register_overdue_content_urls():
    return [
        path("reports/overdue-content/", OverdueContentView.as_view(), name="overdue_content"),
        path(
            "reports/overdue-content/results/",
            OverdueContentView.as_view(results_only=True),
            name="overdue_content_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_overdue_content_menu_item():
    return menu_item()
