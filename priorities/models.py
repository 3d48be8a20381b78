from django import forms
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from hetsite.core.blocks import BaseStreamBlock
from hetsite.core.models import BasePage


class PriorityIndexPage(BasePage):
    """/priorities/: the Health Equity Town priority sub-groups."""

    introduction = models.TextField(blank=True, max_length=1000)

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["priorities.PriorityGroupPage"]

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "priority index page"


class PriorityGroupPage(BasePage):
    """A priority sub-group (e.g. Housing and Health). The "priority" facet everywhere."""

    short_name = models.CharField(
        max_length=40, blank=True, help_text="Short label for filters, e.g. BESH."
    )
    chair = models.CharField(max_length=200, blank=True)
    purpose = models.TextField()
    target_groups = models.TextField(
        blank=True, help_text="Who the group's work is for, one per line."
    )
    principles = ParentalManyToManyField(
        "core.MarmotPrinciple", blank=True, related_name="priority_groups"
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["priorities.PriorityIndexPage"]
    subpage_types = ["priorities.PriorityUpdatePage"]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("short_name"),
        index.SearchField("purpose"),
        index.SearchField("target_groups"),
        index.SearchField("body"),
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("short_name"), FieldPanel("chair")], heading="Group"),
        FieldPanel("purpose"),
        FieldPanel("target_groups"),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "priority group page"

    @property
    def label(self):
        return self.short_name or self.title

    def get_listing_summary(self):
        return self.listing_summary or self.purpose


class PriorityUpdatePage(BasePage):
    """A dated progress update against one of the group's commitments."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        NEEDS_ATTENTION = "needs_attention", "Needs attention"
        DONE = "done", "Done"

    date = models.DateField("update date")
    commitment = models.TextField(help_text="What the group committed to do.")
    progress = models.TextField(help_text="What has happened since.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ON_TRACK)
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["priorities.PriorityGroupPage"]
    subpage_types = []

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("commitment"),
        index.SearchField("progress"),
        index.FilterField("date"),
    ]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("status"),
        FieldPanel("commitment"),
        FieldPanel("progress"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "priority update page"

    def get_listing_summary(self):
        return self.listing_summary or self.progress
