"""Sending an issue to every confirmed subscriber, at most once each.

1. ``queue_deliveries`` adds a Delivery row per confirmed subscriber who has none for the
   issue (the unique (issue, subscriber) constraint makes a second trigger harmless).
2. Workers claim queued rows in batches: ``SELECT ... FOR UPDATE SKIP LOCKED`` where the
   database has it (PostgreSQL), then a conditional ``UPDATE ... WHERE state='queued'``
   stamped with the run's id, which is atomic on every database (SQLite too). Two workers
   never hold the same row.
3. Each row goes claimed → sending → sent. A mail error puts it back in the queue with a
   later ``next_attempt_at`` (up to ``MAX_ATTEMPTS``) and the batch carries on.
4. A worker that crashed leaves rows behind. After ``LEASE``, rows still *claimed* were
   never tried and go back to the queue; rows still *sending* may or may not have reached
   the mail server, so they are marked "interrupted" and never resent automatically.
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from .emails import build_message, personalise, render_issue_template
from .models import Delivery, IssueSend, NewsletterIssuePage, Subscriber

BATCH_SIZE = 50
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=15)  # multiplied by the number of attempts so far
LEASE = timedelta(minutes=10)
ERROR_LENGTH = 1000


class NotPublished(Exception):
    pass


@dataclass
class Progress:
    total: int = 0
    sent: int = 0
    failed: int = 0
    interrupted: int = 0
    skipped: int = 0
    waiting: int = 0
    in_progress: int = 0
    next_retry_at: object = None

    @property
    def done(self):
        return self.waiting == 0 and self.in_progress == 0

    @property
    def finished(self):
        return self.sent + self.failed + self.interrupted + self.skipped

    def as_dict(self):
        data = asdict(self)
        data["next_retry_at"] = self.next_retry_at.isoformat() if self.next_retry_at else None
        return data


def progress(issue):
    State = Delivery.State
    counts = Delivery.objects.filter(issue=issue).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=State.SENT)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
        interrupted=Count("pk", filter=Q(state=State.INTERRUPTED)),
        skipped=Count("pk", filter=Q(state=State.SKIPPED)),
        waiting=Count("pk", filter=Q(state=State.QUEUED)),
        in_progress=Count("pk", filter=Q(state__in=[State.CLAIMED, State.SENDING])),
        next_retry_at=Min("next_attempt_at", filter=Q(state=State.QUEUED)),
    )
    return Progress(**counts)


def get_issue(issue_id):
    issue = NewsletterIssuePage.objects.filter(pk=issue_id).first()
    if issue is None or not issue.live:
        raise NotPublished(f"Newsletter issue {issue_id} is not published.")
    return issue


def queue_deliveries(issue):
    """Add a delivery for each confirmed subscriber who has none yet; return how many."""
    new_ids = (
        Subscriber.objects.confirmed()
        .exclude(deliveries__issue=issue)
        .values_list("pk", flat=True)
    )
    rows = [Delivery(issue=issue, subscriber_id=pk) for pk in new_ids.iterator()]
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def recover_stale(issue, now):
    """Release what a crashed worker left behind (see the module docstring)."""
    stale = Delivery.objects.filter(issue=issue, claimed_at__lt=now - LEASE)
    stale.filter(state=Delivery.State.CLAIMED).update(
        state=Delivery.State.QUEUED, claimed_by="", claimed_at=None
    )
    stale.filter(state=Delivery.State.SENDING).update(
        state=Delivery.State.INTERRUPTED,
        last_error="The worker stopped while this message was being handed to the mail "
        "server, so it may have been sent. It is not resent automatically.",
    )


def claim_batch(issue, run_id, now, size=BATCH_SIZE):
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(issue=issue, state=Delivery.State.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.QUEUED).update(
            state=Delivery.State.CLAIMED, claimed_by=run_id, claimed_at=now
        )
    return list(
        Delivery.objects.filter(claimed_by=run_id, state=Delivery.State.CLAIMED)
        .select_related("subscriber")
        .order_by("pk")
    )


def deliver(delivery, template, base_url, run_id, connection):
    """Send one claimed delivery. Returns its new state."""
    now = timezone.now()
    started = Delivery.objects.filter(
        pk=delivery.pk, state=Delivery.State.CLAIMED, claimed_by=run_id
    ).update(state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not started:  # released by recovery: another run will take it
        return None
    subscriber = delivery.subscriber
    if subscriber.state != Subscriber.State.CONFIRMED:
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SKIPPED)
        return Delivery.State.SKIPPED
    attempts = delivery.attempts + 1
    try:
        rendered = personalise(template, subscriber, base_url)
        build_message(rendered, subscriber.email, connection=connection).send()
    except Exception as exc:  # any mail error is recorded and retried later
        error = f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
        if attempts >= MAX_ATTEMPTS:
            state, next_attempt_at = Delivery.State.FAILED, None
        else:
            state, next_attempt_at = Delivery.State.QUEUED, now + RETRY_DELAY * attempts
        Delivery.objects.filter(pk=delivery.pk).update(
            state=state,
            next_attempt_at=next_attempt_at,
            last_error=error,
            claimed_by="",
            claimed_at=None,
        )
        return state
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return Delivery.State.SENT


def send_issue(issue_id, *, batch_size=BATCH_SIZE, on_progress=None):
    """Send a published issue to every confirmed subscriber not yet sent it.

    Safe to call again at any time (twice at once, after a crash, to retry failures
    whose time has come): nobody is sent the issue twice.
    """
    issue = get_issue(issue_id)
    queue_deliveries(issue)
    recover_stale(issue, timezone.now())
    from .emails import base_url_for

    base_url = base_url_for(issue)
    template = render_issue_template(issue)
    run_id = secrets.token_hex(12)
    if on_progress:
        on_progress(progress(issue))
    while True:
        batch = claim_batch(issue, run_id, timezone.now(), size=batch_size)
        if not batch:
            break
        connection = get_connection()
        try:
            connection.open()
        except Exception:
            # The mail server is unreachable: give the batch back untouched and stop.
            Delivery.objects.filter(claimed_by=run_id, state=Delivery.State.CLAIMED).update(
                state=Delivery.State.QUEUED, claimed_by="", claimed_at=None
            )
            raise
        try:
            for delivery in batch:
                deliver(delivery, template, base_url, run_id, connection)
        finally:
            connection.close()
        if on_progress:
            on_progress(progress(issue))
    IssueSend.objects.update_or_create(issue=issue, defaults={"last_run_at": timezone.now()})
    return progress(issue)


def record_request(issue, user):
    IssueSend.objects.update_or_create(
        issue=issue, defaults={"requested_by": user, "requested_at": timezone.now()}
    )
