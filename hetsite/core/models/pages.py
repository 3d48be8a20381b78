from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from hetsite.core.blocks import BaseStreamBlock

from .base import BasePage


class HomePage(BasePage):
    """The site root: the Luton 2040 vision, the Health Equity Town story, routes in."""

    hero_heading = models.CharField(max_length=120, default="Luton: England's first Marmot Town")
    hero_text = models.TextField(
        blank=True, help_text="The Luton 2040 vision in a sentence or two."
    )
    story = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="What being a Health Equity Town means.",
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "casestudies.CaseStudyIndexPage",
        "projects.ProjectIndexPage",
        "projects.PartnerIndexPage",
        "priorities.PriorityIndexPage",
        "prizes.PrizeIndexPage",
        "newsletters.NewsletterIndexPage",
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("story"),
        index.SearchField("body"),
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("story"),
        InlinePanel("featured_items", label="Featured content", max_num=6),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "home page"


class HomePageFeatured(Orderable):
    """Editor-chosen pages featured on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    featured_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("featured_page")]


class StandardPage(BasePage):
    """About pages, the principles, the accessibility statement, the privacy notice."""

    introduction = models.TextField(blank=True, max_length=500)
    body = StreamField(BaseStreamBlock())

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    def get_listing_summary(self):
        return self.listing_summary or self.introduction or self.search_description
