"""Quarterly newsletter issues and their archive; subscribers and per-issue deliveries."""

import secrets
from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.search import index

from hetsite.core.localized import children_in_language
from hetsite.core.models import BasePage, IndexPage
from hetsite.core.models.base import under_view_restriction

from .blocks import FEATURED_TYPES, NewsletterStreamBlock
from .panels import SendPanel

CARD_IMAGE_FILTER = "fill-480x270"
# Paths under /newsletters/ served by newsletters.urls, which win over page slugs.
RESERVED_SLUGS = {"feed", "subscribe", "confirm", "unsubscribe", "preferences"}
ISSUES_PER_PAGE = 24


def card_image_prefetch():
    """Load listing images and their card renditions in one query per page type."""
    return Prefetch(
        "listing_image",
        queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER),
    )


def prefetch_card_images(pages):
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for group in by_type.values():
        prefetch_related_objects(group, card_image_prefetch())


class NewsletterIndexPage(IndexPage):
    """/newsletters/: the archive of quarterly issues, grouped by year, newest first."""

    introduction = models.TextField(
        blank=True,
        max_length=1000,
        default="The Health Equity Town quarterly newsletter shares good practice and "
        "updates from partners across Luton.",
    )

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["newsletters.NewsletterIssuePage"]

    class Meta:
        verbose_name = "newsletter archive page"

    def live_issues(self):
        """The issues below this archive or its English source, in the reader's language."""
        return (
            children_in_language(NewsletterIssuePage.objects.live(), self)
            .exclude(under_view_restriction())
            .order_by("-year", "-quarter")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = self.live_issues().prefetch_related(card_image_prefetch())
        page_obj = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["issues_by_year"] = [
            (year, list(group)) for year, group in groupby(page_obj, key=attrgetter("year"))
        ]
        return context


class NewsletterIssuePage(BasePage):
    """One quarterly issue. Its email version is rendered from the same content."""

    class Quarter(models.IntegerChoices):
        Q1 = 1, _("Q1 (January to March)")
        Q2 = 2, _("Q2 (April to June)")
        Q3 = 3, _("Q3 (July to September)")
        Q4 = 4, _("Q4 (October to December)")

    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    issue_date = models.DateField(help_text="The date the issue is published.")
    summary = models.TextField(
        max_length=600, help_text="What is in this issue, in a sentence or two."
    )
    body = StreamField(NewsletterStreamBlock())
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="PDF version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the issue as a PDF for printing.",
    )

    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types = []

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("year"),
    ]

    content_panels = [
        SendPanel(heading="Send to subscribers"),
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("year"), FieldPanel("quarter"), FieldPanel("issue_date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("pdf")], heading="Downloads"),
    ]

    preview_modes = [
        ("", "Web page"),
        ("email", "Email"),
        ("email-text", "Email (plain text)"),
    ]

    class Meta:
        verbose_name = "newsletter issue"

    def __str__(self):
        return self.title

    @property
    def issue_label(self):
        return f"{self.year} Q{self.quarter}" if self.year and self.quarter else ""

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    def clean(self):
        super().clean()
        errors = {}
        if self.year and self.quarter:
            # One issue per quarter in each language (a translation has its quarter).
            clash = NewsletterIssuePage.objects.filter(
                year=self.year, quarter=self.quarter, locale_id=self.locale_id
            )
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            other = clash.only("title").first()
            if other is not None:
                errors["quarter"] = ValidationError(
                    "There is already an issue for %(label)s: “%(title)s”. "
                    "Choose another quarter or year, or edit that issue.",
                    code="unique_year_quarter",
                    params={"label": self.issue_label, "title": other.title},
                )
        if (
            self.issue_date
            and self.year
            and self.issue_date.year
            not in (
                self.year,
                self.year + 1,
            )
        ):
            errors["issue_date"] = ValidationError(
                "The issue date should be in the issue's year (or early the next year)."
            )
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = ValidationError(
                "“%(slug)s” is used by the newsletter pages; choose another slug.",
                params={"slug": self.slug},
            )
        if self.pdf_id and self.pdf.file_extension.lower() != "pdf":
            errors["pdf"] = ValidationError("Choose a PDF document.")
        if errors:
            raise ValidationError(errors)

    def featured_pages(self):
        """The live pages this issue features as cards, in body order."""
        pages = []
        for block in self.body:
            if block.block_type in FEATURED_TYPES:
                page = block.value.get("page")
                if page is not None and page.live:
                    pages.append(page)
        return pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_card_images(self.featured_pages())
        return context

    def serve_preview(self, request, mode_name):
        if mode_name in ("email", "email-text"):
            from .emails import render_issue_email

            message = render_issue_email(self, subscriber=None, request=request)
            if mode_name == "email-text":
                return HttpResponse(message.text, content_type="text/plain; charset=utf-8")
            return HttpResponse(message.html)
        return super().serve_preview(request, mode_name)


def new_key():
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Subscriber.State.CONFIRMED)


class Subscriber(models.Model):
    """Someone on the mailing list, and the record of their consent. Nothing more.

    ``confirm_nonce`` is part of the signed confirmation link and is cleared when the
    link is used, so a link works once. ``unsubscribe_key`` is part of the signed
    unsubscribe link in every email.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField("email address", max_length=254, unique=True)
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    consent_given_at = models.DateTimeField("consent given at")
    consent_source = models.CharField(
        "consent given on", max_length=200, help_text="The page and form used."
    )
    consent_wording = models.TextField(help_text="The statement the person agreed to.")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirm_nonce = models.CharField(max_length=64, blank=True, editable=False)
    unsubscribe_key = models.CharField(max_length=64, default=new_key, editable=False)
    # Alerts: the weekly digest of new pages tagged with any of these. None: no digest.
    wards = models.ManyToManyField("core.Ward", blank=True, related_name="+")
    principles = models.ManyToManyField(
        "core.MarmotPrinciple", blank=True, related_name="+", verbose_name="Marmot principles"
    )
    priority_groups = models.ManyToManyField(
        "priorities.PriorityGroupPage", blank=True, related_name="+"
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "newsletter subscriber"

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Delivery(models.Model):
    """One issue to one subscriber: claimed, sent at most once, retried on failure.

    States: queued → claimed (by a worker, with a lease) → sending (the mail server is
    being talked to) → sent. A failure goes back to queued with a later
    ``next_attempt_at`` until ``MAX_ATTEMPTS``, then failed. A worker that dies while
    *sending* leaves the row "interrupted": it may or may not have gone out, so it is
    never resent automatically (an editor can see it in the admin).
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        CLAIMED = "claimed", "Claimed by a worker"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted (may not have been sent)"
        SKIPPED = "skipped", "Skipped (no longer subscribed)"

    issue = models.ForeignKey(
        NewsletterIssuePage, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True, help_text="The run that holds it.")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletters_delivery_unique_issue_subscriber"
            )
        ]
        indexes = [models.Index(fields=["issue", "state"], name="newsletters_delivery_state")]
        permissions = [("send_newsletter", "Can send newsletter issues to subscribers")]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id}: {self.state}"


class IssueSend(models.Model):
    """Who asked for an issue to go to subscribers, and when."""

    issue = models.OneToOneField(
        NewsletterIssuePage, on_delete=models.CASCADE, related_name="send_record"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Send of {self.issue}"


class Digest(models.Model):
    """The weekly alert digest for one ISO week: what was published in its period.

    Made once per week by the first run of the digest task (the unique week makes a
    second worker's attempt harmless); later runs in that week reuse its period, so
    every subscriber's digest covers the same pages.
    """

    week_start = models.DateField(unique=True, help_text="The Monday of the ISO week.")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_start"]

    def __str__(self):
        return f"Digest for the week of {self.week_start:%-d %B %Y}"


class DigestDelivery(models.Model):
    """One digest to one subscriber, written before the email goes out (at most once).

    The row is committed as "sending" before the mail server is spoken to, so a worker
    that dies mid-send leaves it "sending" and nobody sends it again.
    """

    class State(models.TextChoices):
        SENDING = "sending", "Sending (may not have been sent)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="digest_deliveries"
    )
    email = models.EmailField("email address", max_length=254)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENDING)
    items = models.PositiveSmallIntegerField(default=0, help_text="Pages in the digest.")
    attempted_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "email"], name="newsletters_digestdelivery_unique_email"
            )
        ]

    def __str__(self):
        return f"{self.digest} → {self.email}: {self.state}"
