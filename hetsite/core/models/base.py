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
