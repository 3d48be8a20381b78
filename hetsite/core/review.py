"""Review dates: when an editor should check that a page is still right.

Every page type built on ``BasePage`` has a ``review_by`` date (in its promote tab). A page
gets one when it is first published: 12 months later, unless an editor set another
(``BasePage.save``). Pages published before the field existed get theirs from
``fill_missing_review_dates``, which runs after every ``migrate`` (see ``apps``): it only
fills empty dates of published pages, so it does the work once and then finds nothing.

The field lives on each page type's own table, so a list across all types joins them
from Wagtail's page table and takes the one date that is set (``with_review_dates``):
one query for any number of pages and types.

Overdue pages are listed under Reports → Overdue content, on the dashboard, and in a
weekly email to the Public health editors (``send_review_reminder``).
"""

import datetime
import logging
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import DateField, F
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from .groups import EDITORS_GROUP
from .models import ReviewReminder
from .models.base import BasePage, review_date_after
from .outbox import queue_email

logger = logging.getLogger(__name__)

REMINDER_LIMIT = 50  # pages listed in the email; the rest are in the report


def page_models():
    """The concrete page models whose own table holds ``review_by``."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BasePage) and model._meta.get_field("review_by").model is model
    ]


def _lookup(model):
    """The path from Wagtail's Page to ``model``'s ``review_by`` (e.g. ``homepage__review_by``)."""
    names = []
    current = model
    while current is not Page:
        names.append(current._meta.model_name)
        current = next(iter(current._meta.parents))
    return "__".join([*reversed(names), "review_by"])


def review_date_expression():
    lookups = [F(_lookup(model)) for model in page_models()]
    if len(lookups) == 1:
        return lookups[0]
    return Coalesce(*lookups, output_field=DateField())


def with_review_dates(queryset=None):
    """Pages annotated with ``review_date`` (whatever their type), in one query."""
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.annotate(review_date=review_date_expression())


def overdue_pages(today=None, queryset=None):
    """Live pages whose review date has passed, the longest overdue first."""
    today = today or timezone.localdate()
    return (
        with_review_dates(queryset)
        .live()
        .filter(review_date__lt=today)
        .order_by("review_date", "path")
    )


def days_overdue(page, today=None):
    today = today or timezone.localdate()
    return (today - page.review_date).days


def fill_missing_review_dates(**kwargs):
    """Give every published page without a review date its default one. Returns how many.

    Connected to ``post_migrate``; also safe to call at any time.
    """
    filled = 0
    for model in page_models():
        by_date = defaultdict(list)
        for pk, first_published_at in model.objects.filter(
            review_by__isnull=True, first_published_at__isnull=False
        ).values_list("pk", "first_published_at"):
            by_date[review_date_after(first_published_at)].append(pk)
        for review_by, pks in by_date.items():
            filled += model.objects.filter(pk__in=pks, review_by__isnull=True).update(
                review_by=review_by
            )
    return filled


def iso_week(day):
    """ "2026-W49": the ISO week ``day`` falls in."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


# --- The weekly reminder ----------------------------------------------------------------


def reminder_hour():
    """The local hour on Monday from which the week's reminder may go (default 7)."""
    return int(getattr(settings, "HETSITE_REVIEW_REMINDER_HOUR", 7))


def reminder_recipients():
    return list(
        get_user_model()
        .objects.filter(groups__name=EDITORS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )


def absolute_admin_url(url):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def send_review_reminder(now=None):
    """Email the editors what is overdue, at most once per ISO week. Returns the
    ``ReviewReminder`` recorded, or None when nothing was sent (not yet Monday morning,
    already sent this week, nothing overdue, or no editor to tell).

    The week's row and the emails are written in one transaction: a worker that stops
    before committing leaves neither, and the unique week stops a second send.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    week = iso_week(today)
    if today.weekday() == 0 and local.hour < reminder_hour():
        return None
    if ReviewReminder.objects.filter(week=week).exists():
        return None
    overdue = list(overdue_pages(today).select_related("content_type")[: REMINDER_LIMIT + 1])
    if not overdue:
        return None
    recipients = reminder_recipients()
    if not recipients:
        logger.warning("Content is overdue for review but no editor has an email address")
        return None
    total = overdue_pages(today).count() if len(overdue) > REMINDER_LIMIT else len(overdue)
    shown = overdue[:REMINDER_LIMIT]
    for page in shown:
        page.days_overdue = days_overdue(page, today)
        page.edit_url = absolute_admin_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    context = {
        "pages": shown,
        "total": total,
        "more": total - len(shown),
        "report_url": absolute_admin_url(reverse("overdue_content")),
    }
    subject = (
        f"{total} page{'s' if total != 1 else ''} past {'their' if total != 1 else 'its'} "
        "review date"
    )
    body = render_to_string("core/admin/review_reminder_email.txt", context)
    try:
        with transaction.atomic():
            reminder = ReviewReminder.objects.create(
                week=week, sent_at=now, overdue_count=total, recipient_count=len(recipients)
            )
            for address in recipients:
                message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                queue_email(message, kind="review_reminder")
    except IntegrityError:  # another worker sent this week's reminder a moment ago
        return None
    return reminder


def review_reminder_housekeeping(sender=None, now=None, **kwargs):
    """Receiver for the worker's housekeeping signal (every minute)."""
    send_review_reminder(now)
