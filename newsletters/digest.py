"""The weekly alert digest: new pages that match what each subscriber chose.

Rules
- A subscriber chooses wards, Marmot principles and priority groups (the "Choose what
  you hear about" page). No choices: no digest (the quarterly issues carry on as before).
- One :class:`Digest` per ISO week covers the pages first published since the previous
  digest's end (the first ever covers the week before it) up to the moment it was made.
  Later runs in the same week reuse it, so every subscriber's digest covers the same pages.
- Case studies and projects match by ward, principle or priority group; priority updates
  by their priority group (the group page they sit under). Live, public pages only.
- A subscriber with nothing new gets nothing (and no delivery row).
- At most once: a :class:`DigestDelivery` row (unique per digest and address) is
  committed as "sending" before the mail server is spoken to. A second worker cannot
  insert it again; a worker killed mid-send leaves "sending", which is never resent.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext

from casestudies.models import CaseStudyPage
from hetsite.core.languages import default_language
from hetsite.core.localized import in_language
from hetsite.core.outbox import delivery_connection
from priorities.models import PriorityGroupPage, PriorityUpdatePage
from projects.models import ProjectPage

from .emails import (
    SITE_NAME,
    RenderedEmail,
    absolutise,
    base_url_for,
    build_message,
    list_headers,
    preferences_url,
    unsubscribe_urls,
)
from .models import Digest, DigestDelivery, Subscriber

ERROR_LENGTH = 1000
FIRST_PERIOD = timedelta(days=7)

logger = logging.getLogger(__name__)


@dataclass
class Item:
    kind: str  # "Case study", "Project", "Priority update"
    page: object
    wards: set = field(default_factory=set)
    principles: set = field(default_factory=set)
    priority_groups: set = field(default_factory=set)

    def matches(self, wards, principles, priority_groups):
        return bool(
            self.wards & wards
            or self.principles & principles
            or self.priority_groups & priority_groups
        )


def week_start(now):
    today = timezone.localdate(now)
    return today - timedelta(days=today.weekday())


def digest_for_week(now=None):
    """This ISO week's digest, made now if no run has made it yet."""
    now = now or timezone.now()
    monday = week_start(now)
    existing = Digest.objects.filter(week_start=monday).first()
    if existing is not None:
        return existing
    previous = Digest.objects.filter(week_start__lt=monday).order_by("-week_start").first()
    period_start = previous.period_end if previous else now - FIRST_PERIOD
    try:
        with transaction.atomic():
            return Digest.objects.create(
                week_start=monday, period_start=period_start, period_end=now
            )
    except IntegrityError:  # another worker made it first
        return Digest.objects.get(week_start=monday)


def _published_in(queryset, digest):
    # The digest is in English: English pages only (a translation is not a new item).
    return (
        in_language(queryset.live(), default_language())
        .public()
        .filter(
            first_published_at__gte=digest.period_start,
            first_published_at__lt=digest.period_end,
        )
        .order_by("-first_published_at", "-pk")
    )


def new_items(digest):
    """Every page published in the digest's period, with the terms it is tagged with."""
    items = []
    for model, kind in ((CaseStudyPage, gettext("Case study")), (ProjectPage, gettext("Project"))):
        pages = _published_in(model.objects.all(), digest).prefetch_related("wards", "principles")
        for page in pages:
            items.append(
                Item(
                    kind,
                    page,
                    wards={w.pk for w in page.wards.all()},
                    principles={p.pk for p in page.principles.all()},
                    priority_groups={page.priority_group_id} - {None},
                )
            )
    updates = list(_published_in(PriorityUpdatePage.objects.all(), digest))
    if updates:
        parents = {u.path[: -PriorityUpdatePage.steplen] for u in updates}
        groups = dict(PriorityGroupPage.objects.filter(path__in=parents).values_list("path", "pk"))
        for update in updates:
            group_id = groups.get(update.path[: -PriorityUpdatePage.steplen])
            items.append(
                Item(gettext("Priority update"), update, priority_groups={group_id} - {None})
            )
    return items


def subscribers_with_choices():
    """Confirmed subscribers who chose at least one term, with their choices loaded."""
    chose = Q()
    for name in ("wards", "principles", "priority_groups"):
        through = getattr(Subscriber, name).through
        chose |= Q(Exists(through.objects.filter(subscriber=OuterRef("pk"))))
    return (
        Subscriber.objects.confirmed()
        .filter(chose)
        .prefetch_related("wards", "principles", "priority_groups")
        .order_by("pk")
    )


def matching_items(subscriber, items):
    wards = {w.pk for w in subscriber.wards.all()}
    principles = {p.pk for p in subscriber.principles.all()}
    groups = {g.pk for g in subscriber.priority_groups.all()}
    return [item for item in items if item.matches(wards, principles, groups)]


def render_digest(digest, subscriber, items, base_url):
    page_url, _one_click = unsubscribe_urls(subscriber, base_url)
    entries = []
    for item in items:
        url = item.page.get_url() or ""
        if url.startswith("/"):
            url = base_url + url
        entries.append(
            {
                "kind": item.kind,
                "title": item.page.title,
                "url": url,
                "summary": getattr(item.page, "listing_summary", "") or "",
            }
        )
    context = {
        "digest": digest,
        "entries": entries,
        "site_name": SITE_NAME,
        "base_url": base_url,
        "unsubscribe_url": page_url,
        "preferences_url": preferences_url(subscriber, base_url),
    }
    html = absolutise(render_to_string("newsletters/email/digest.html", context), base_url)
    text = render_to_string("newsletters/email/digest.txt", context)
    count = len(entries)
    return RenderedEmail(
        subject=ngettext(
            "%(count)s new page for you – %(site_name)s",
            "%(count)s new pages for you – %(site_name)s",
            count,
        )
        % {"count": count, "site_name": SITE_NAME},
        text=unescape(strip_tags(text)),
        html=html,
        headers=list_headers(subscriber, base_url),
    )


def _claim(digest, subscriber, count):
    """Insert the delivery row (committed). False if it exists: someone sent it already."""
    try:
        with transaction.atomic():
            DigestDelivery.objects.create(
                digest=digest, subscriber=subscriber, email=subscriber.email, items=count
            )
    except IntegrityError:
        return None
    return DigestDelivery.objects.get(digest=digest, email=subscriber.email)


@dataclass
class DigestResult:
    sent: int = 0
    failed: int = 0
    nothing_new: int = 0
    already: int = 0


def send_digests(now=None, base_url=None):
    """Send this week's digest to every subscriber it has not reached and who has news."""
    digest = digest_for_week(now)
    items = new_items(digest)
    base_url = base_url or base_url_for()
    result = DigestResult()
    done = set(DigestDelivery.objects.filter(digest=digest).values_list("email", flat=True))
    if not items:
        return result
    connection = None
    try:
        for subscriber in subscribers_with_choices():
            if subscriber.email in done:
                result.already += 1
                continue
            matches = matching_items(subscriber, items)
            if not matches:
                result.nothing_new += 1
                continue
            message = build_message(
                render_digest(digest, subscriber, matches, base_url), subscriber.email
            )
            if connection is None:
                # Unreachable mail server: stop before claiming anyone; the next run
                # (the task is run every hour) tries again.
                connection = delivery_connection()
                connection.open()
            delivery = _claim(digest, subscriber, len(matches))
            if delivery is None:
                result.already += 1
                continue
            try:
                message.connection = connection
                message.send()
            except Exception as exc:  # noqa: BLE001 - recorded; never retried (at most once)
                DigestDelivery.objects.filter(pk=delivery.pk).update(
                    state=DigestDelivery.State.FAILED,
                    last_error=f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH],
                )
                result.failed += 1
                logger.warning("Digest to subscriber %s failed: %s", subscriber.pk, exc)
                continue
            DigestDelivery.objects.filter(pk=delivery.pk).update(
                state=DigestDelivery.State.SENT, sent_at=timezone.now()
            )
            result.sent += 1
    finally:
        if connection is not None:
            connection.close()
    return result
