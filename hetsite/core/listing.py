"""Helpers that keep listings cheap: a fixed number of queries however many items."""

from django.urls import Resolver404, resolve

from wagtail.images import get_image_model
from wagtail.models import Page

# The rendition the shared card (components/page_card.html) uses.
CARD_IMAGE_FILTER = "fill-480x270"


def attach_listing_images(pages, *filter_specs):
    """Load every page's ``listing_image`` and its renditions in two queries.

    Works for a mixed list of page types (each has its own ``listing_image``
    column), which ``prefetch_related`` on a queryset cannot do after ``specific()``.
    """
    filter_specs = filter_specs or (CARD_IMAGE_FILTER,)
    image_ids = {p.listing_image_id for p in pages if getattr(p, "listing_image_id", None)}
    if not image_ids:
        return pages
    images = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*filter_specs)
    by_id = {image.pk: image for image in images}
    for page in pages:
        image_id = getattr(page, "listing_image_id", None)
        if image_id:
            page.listing_image = by_id.get(image_id)
    return pages


def live_pages_in_order(page_ids):
    """The live, public, specific pages with these ids, in the order given."""
    page_ids = [pk for pk in page_ids if pk]
    if not page_ids:
        return []
    by_id = {p.pk: p for p in Page.objects.live().public().filter(pk__in=page_ids).specific()}
    return [by_id[pk] for pk in page_ids if pk in by_id]


def app_route_exists(path):
    """True when ``path`` is served by an app view rather than Wagtail's page router.

    The home page links to the partner forms only once the app providing them exists,
    so a half-built site never shows a broken link.
    """
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"
