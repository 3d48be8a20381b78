"""Clear the cached facet lists whenever what they are built from changes."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from hetsite.core.models import MarmotPrinciple, Neighbourhood, PopulationGroup, Ward

from .facets import clear_facets

TERM_MODELS = (MarmotPrinciple, Ward, Neighbourhood, PopulationGroup, PageViewRestriction)


def _clear(sender=None, **kwargs):
    clear_facets()


def _clear_for_pages(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        clear_facets()


def connect():
    from projects.models import PartnerOrganisation

    uid = "casestudies-facets"
    page_published.connect(_clear, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(_clear, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(_clear, dispatch_uid=f"{uid}-moved")
    page_slug_changed.connect(_clear, dispatch_uid=f"{uid}-slug")
    post_delete.connect(_clear_for_pages, dispatch_uid=f"{uid}-page-deleted")
    for model in (*TERM_MODELS, PartnerOrganisation):
        post_save.connect(_clear, sender=model, dispatch_uid=f"{uid}-save-{model.__name__}")
        post_delete.connect(_clear, sender=model, dispatch_uid=f"{uid}-delete-{model.__name__}")
