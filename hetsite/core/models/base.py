from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index


class BasePage(Page):
    """Fields every public page has: what listings and social cards show of it."""

    listing_summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown in listings, search results and link "
        "previews. Falls back to the page's own summary or introduction.",
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in listings and link previews.",
    )

    search_fields = [*Page.search_fields, index.SearchField("listing_summary")]

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("listing_image")],
            heading="Listings and link previews",
        ),
    ]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        """The text listings show; page types with a summary field override this."""
        return self.listing_summary or self.search_description

    def route(self, request, path_components):
        """Find a child in one query when only one page type may live here.

        Wagtail finds the child as a plain Page and then loads its specific page (two
        queries a level). Where ``subpage_types`` allows a single model, ask that
        model directly. Anything else, or no match, goes the usual way (and 404s).
        """
        child_models = type(self).allowed_subpage_models()
        if not path_components or len(child_models) != 1:
            return super().route(request, path_components)
        (child_model,) = child_models
        try:
            child = child_model.objects.child_of(self).get(slug=path_components[0])
        except child_model.DoesNotExist:
            return super().route(request, path_components)
        child._cached_parent_obj = self  # as Wagtail does: no query for breadcrumbs
        return child.route(request, path_components[1:])


class IndexPage(BasePage):
    """A listing page (case studies, projects, partners, prize, priorities, newsletters).

    An introduction above the list, which listings and link previews fall back to.
    """

    introduction = models.TextField(blank=True, max_length=1000)

    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        return self.listing_summary or self.introduction or self.search_description


class PageImage(Orderable):
    """An image used on a page, with alt text required per use (not per file).

    Concrete subclasses add ``page = ParentalKey(...)``. Partners upload images through
    the portal, so alt text is asked for every time an image is placed on a page.
    """

    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta:
        abstract = True
        ordering = ["sort_order"]
