from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from hetsite.core.blocks import BaseStreamBlock
from hetsite.core.localized import (
    children_in_language,
    descendants_in_language,
    in_language,
)
from hetsite.core.models import BasePage, IndexPage
from hetsite.core.models.base import under_view_restriction
from hetsite.core.navigation import site_section

UPDATES_PER_PAGE = 10
LATEST_UPDATES_ON_INDEX = 5
TAGGED_PAGES_SHOWN = 12
# /priorities/feed/ and /priorities/<group>/feed/ are Django URLs (priorities.urls) that
# sit in front of the page tree, so no group or update may take the slug "feed".
RESERVED_SLUGS = {"feed"}


def newest_first(updates):
    """Updates in the order people read progress: latest date first, then latest added."""
    return updates.order_by("-date", "-first_published_at", "-pk")


def attach_groups(updates):
    """Set ``update.group`` on each update with one query, not one per update."""
    updates = list(updates)
    parent_paths = {update.path[: -Page.steplen] for update in updates}
    groups = {g.path: g for g in PriorityGroupPage.objects.filter(path__in=parent_paths)}
    for update in updates:
        update.group = groups.get(update.path[: -Page.steplen])
    return updates


def reject_reserved_slug(page):
    if page.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f'"{page.slug}" is reserved for the updates feed.'})


class PriorityIndexPage(IndexPage):
    """/priorities/: the Health Equity Town priority sub-groups."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["priorities.PriorityGroupPage"]

    class Meta:
        verbose_name = "priority index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = (
            children_in_language(PriorityGroupPage.objects.live(), self)
            .exclude(under_view_restriction())
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("path")
        )
        latest = newest_first(
            descendants_in_language(PriorityUpdatePage.objects.live(), self).exclude(
                under_view_restriction()
            )
        )
        context["latest_updates"] = attach_groups(latest[:LATEST_UPDATES_ON_INDEX])
        return context


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

    @property
    def target_group_list(self):
        return [line.strip() for line in self.target_groups.splitlines() if line.strip()]

    def get_listing_summary(self):
        return self.listing_summary or self.purpose

    def clean(self):
        super().clean()
        reject_reserved_slug(self)

    def live_updates(self):
        return newest_first(
            children_in_language(PriorityUpdatePage.objects.live(), self).exclude(
                under_view_restriction()
            )
        )

    def tagged_projects(self):
        from projects.models import ProjectPage

        return (
            in_language(ProjectPage.objects.live())
            .exclude(under_view_restriction())
            .filter(priority_group__translation_key=self.translation_key)
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("title")
        )

    def tagged_case_studies(self):
        from casestudies.models import CaseStudyPage

        return (
            in_language(CaseStudyPage.objects.live())
            .exclude(under_view_restriction())
            .filter(priority_group__translation_key=self.translation_key)
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("-year", "title")
        )

    def get_context(self, request, *args, **kwargs):
        """Lazy apart from the page of updates (its number keys the cached fragment):
        the template renders the rest once per content version.
        """
        context = super().get_context(request, *args, **kwargs)
        saved = self.pk is not None  # previews of a new group have nothing beneath them
        updates = self.live_updates() if saved else PriorityUpdatePage.objects.none()
        paginator = Paginator(updates, UPDATES_PER_PAGE)
        context["updates_page"] = paginator.get_page(request.GET.get("page"))
        context["principles"] = self.principles.all()
        for name, queryset in (
            ("projects", self.tagged_projects()),
            ("case_studies", self.tagged_case_studies()),
        ):

            @cache
            def shown(queryset=queryset):
                return list(queryset[: TAGGED_PAGES_SHOWN + 1]) if saved else []

            context[name] = SimpleLazyObject(lambda shown=shown: shown()[:TAGGED_PAGES_SHOWN])
            context[f"{name}_more"] = SimpleLazyObject(
                lambda shown=shown: len(shown()) > TAGGED_PAGES_SHOWN
            )
            context[f"{name}_listing_url"] = SimpleLazyObject(
                lambda shown=shown, name=name: (
                    self.filtered_listing_url(name, request) if shown() else None
                )
            )
        return context

    def filtered_listing_url(self, name, request=None):
        """The project or case study library filtered to this priority (its ?priority=)."""
        from casestudies.models import CaseStudyIndexPage
        from projects.models import ProjectIndexPage

        model = ProjectIndexPage if name == "projects" else CaseStudyIndexPage
        if request is not None:
            listing = site_section(request, model)
        else:
            listing = model.objects.live().only("id", "url_path", "path", "depth").first()
        url = listing.get_url(request=request) if listing is not None else None
        return f"{url}?{urlencode({'priority': self.slug})}" if url else None


class PriorityUpdatePage(BasePage):
    """A dated progress update against one of the group's commitments."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")
        DONE = "done", _("Done")

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

    def clean(self):
        super().clean()
        reject_reserved_slug(self)

    def get_group(self):
        return PriorityGroupPage.objects.filter(path=self.path[: -Page.steplen]).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["group"] = self.get_group() if self.path else None
        return context
