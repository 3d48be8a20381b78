"""Sending an issue to every confirmed subscriber, at most once each.

1. ``queue_deliveries`` adds a Delivery row per confirmed subscriber who has none for the
   issue (the unique (issue, subscriber) constraint makes a second trigger harmless).
2. Workers claim queued rows in batches: ``SELECT ... FOR UPDATE SKIP LOCKED`` where the
   database has it (PostgreSQL), then a conditional ``UPDATE ... WHERE state='queued'``
   stamped with the run's id, which is atomic on every database (SQLite too). Two workers
   never hold the same row. A run inside the task worker uses its task's id as run id.
3. Each row goes claimed → sending → sent. A mail error puts it back in the queue with a
   later ``next_attempt_at`` (up to ``MAX_ATTEMPTS``) and the batch carries on. A mail
   server that cannot be reached at all defers every waiting row by ``CONNECT_RETRY_DELAY``
   (no attempt is used up: nobody was tried) and the run stops.
4. Something must come back for waiting rows: the send task re-enqueues itself for the
   next retry time, and the worker's housekeeping (``resume_sends``, every minute) enqueues
   a send for any issue with due rows and no send task waiting or running.
5. A worker that dies leaves rows behind. As soon as the worker is known to be dead (its
   task is marked failed by the housekeeping) or, for a run outside the worker, after
   ``LEASE``: rows still *claimed* were never tried and go back to the queue; rows still
   *sending* may or may not have reached the mail server, so they are marked
   "interrupted" and never resent automatically.
"""

import logging
import secrets
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta

from django_tasks.base import TaskResultStatus

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from hetsite.core.outbox import delivery_connection

from .emails import build_message, personalise, render_issue_template
from .models import Delivery, IssueSend, NewsletterIssuePage, Subscriber

BATCH_SIZE = 50
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=15)  # multiplied by the number of attempts so far
CONNECT_RETRY_DELAY = timedelta(minutes=5)
LEASE = timedelta(minutes=10)
ERROR_LENGTH = 1000
SEND_TASK_PATH = "newsletters.tasks.send_issue_task"
INTERRUPTED_ERROR = (
    "The worker stopped while this message was being handed to the mail "
    "server, so it may have been sent. It is not resent automatically."
)

logger = logging.getLogger(__name__)


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
    """Release what a crashed run left behind after its lease (see the module docstring).

    Rows held by a send task that is still running are left to it, however slow: a task
    whose worker died is failed by the worker's housekeeping, and ``release_runs`` frees
    its rows then.
    """
    from django_tasks_db.models import DBTaskResult

    running = [
        task_id.hex
        for task_id in DBTaskResult.objects.filter(
            task_path=SEND_TASK_PATH, status=TaskResultStatus.RUNNING
        ).values_list("pk", flat=True)
    ]
    stale = Delivery.objects.filter(issue=issue, claimed_at__lt=now - LEASE).exclude(
        claimed_by__in=running
    )
    stale.filter(state=Delivery.State.CLAIMED).update(
        state=Delivery.State.QUEUED, claimed_by="", claimed_at=None
    )
    stale.filter(state=Delivery.State.SENDING).update(
        state=Delivery.State.INTERRUPTED, last_error=INTERRUPTED_ERROR
    )


def release_runs(run_ids):
    """Release what the given runs (known to have stopped) still hold."""
    held = Delivery.objects.filter(claimed_by__in=list(run_ids))
    held.filter(state=Delivery.State.CLAIMED).update(
        state=Delivery.State.QUEUED, claimed_by="", claimed_at=None
    )
    held.filter(state=Delivery.State.SENDING).update(
        state=Delivery.State.INTERRUPTED, last_error=INTERRUPTED_ERROR
    )


def defer_waiting(issue, now, error):
    """The mail server cannot be reached: every due waiting row waits a while longer."""
    Delivery.objects.filter(issue=issue, state=Delivery.State.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ).update(next_attempt_at=now + CONNECT_RETRY_DELAY, last_error=error[:ERROR_LENGTH])


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


def send_issue(issue_id, *, batch_size=BATCH_SIZE, on_progress=None, run_id=None):
    """Send a published issue to every confirmed subscriber not yet sent it.

    Safe to call again at any time (twice at once, after a crash, to retry failures
    whose time has come): nobody is sent the issue twice. ``run_id`` (at most 32
    characters) names this run on the rows it claims; the task passes its own id.
    """
    issue = get_issue(issue_id)
    queue_deliveries(issue)
    recover_stale(issue, timezone.now())
    from .emails import base_url_for

    base_url = base_url_for(issue)
    template = render_issue_template(issue)
    run_id = run_id or secrets.token_hex(12)
    if on_progress:
        on_progress(progress(issue))
    while True:
        batch = claim_batch(issue, run_id, timezone.now(), size=batch_size)
        if not batch:
            break
        connection = delivery_connection()
        try:
            connection.open()
        except Exception as exc:
            # The mail server is unreachable: give the batch back untouched, defer every
            # waiting row (the task or the worker's housekeeping comes back) and stop.
            Delivery.objects.filter(claimed_by=run_id, state=Delivery.State.CLAIMED).update(
                state=Delivery.State.QUEUED, claimed_by="", claimed_at=None
            )
            error = f"Could not connect to the mail server: {type(exc).__name__}: {exc}"
            defer_waiting(issue, timezone.now(), error)
            logger.warning("Newsletter issue %s: %s", issue.pk, error)
            break
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


# --- Resuming without an editor -----------------------------------------------------------


def _task_run_id(task_id):
    return uuid.UUID(str(task_id)).hex


def _send_tasks_pending():
    """Issue ids with a send task waiting or running."""
    from django_tasks_db.models import DBTaskResult

    pending = set()
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=SEND_TASK_PATH,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True):
        args = (args_kwargs or {}).get("args") or []
        if args:
            pending.add(args[0])
    return pending


def finished_runs():
    """Run ids (task ids) holding rows although their task is no longer running."""
    from django_tasks_db.models import DBTaskResult

    holders = set(
        Delivery.objects.filter(state__in=[Delivery.State.CLAIMED, Delivery.State.SENDING])
        .exclude(claimed_by="")
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    task_ids = {}
    for holder in holders:
        try:
            task_ids[uuid.UUID(holder)] = holder
        except ValueError:  # a run outside the worker: its lease applies
            continue
    if not task_ids:
        return set()
    stopped = DBTaskResult.objects.filter(pk__in=list(task_ids)).exclude(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    return {task_ids[pk] for pk in stopped.values_list("pk", flat=True)}


def resume_sends(now=None, **kwargs):
    """The worker's housekeeping: free rows of stopped runs and resume sends that wait.

    Connected to ``hetsite.core.worker.housekeeping``. Returns the issue ids enqueued.
    """
    from .tasks import send_issue_task

    now = now or timezone.now()
    release_runs(finished_runs())
    for issue_id in (
        Delivery.objects.filter(state__in=[Delivery.State.CLAIMED, Delivery.State.SENDING])
        .values_list("issue_id", flat=True)
        .distinct()
    ):
        recover_stale(issue_id, now)
    due = set(
        Delivery.objects.filter(state=Delivery.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("issue_id", flat=True)
        .distinct()
    )
    resumed = []
    for issue_id in sorted(due - _send_tasks_pending()):
        if NewsletterIssuePage.objects.filter(pk=issue_id, live=True).exists():
            send_issue_task.enqueue(issue_id)
            resumed.append(issue_id)
    return resumed


@dataclass
class SendState:
    """What the admin may truthfully say about an issue's send right now."""

    active: int = 0  # rows held by a run that is alive
    stalled: int = 0  # rows held by a run that has stopped (released by housekeeping)
    worker_running: bool = False  # so waiting rows will be retried, by it


def send_state(issue, now=None):
    from django_tasks_db.models import DBTaskResult

    from hetsite.core.worker import live_workers

    now = now or timezone.now()
    alive = set(live_workers(now).values_list("worker_id", flat=True))
    held = list(
        Delivery.objects.filter(
            issue=issue, state__in=[Delivery.State.CLAIMED, Delivery.State.SENDING]
        ).values_list("claimed_by", "claimed_at")
    )
    run_alive = {}
    for claimed_by, _ in held:
        if claimed_by in run_alive:
            continue
        try:
            task_id = uuid.UUID(claimed_by)
        except ValueError:
            run_alive[claimed_by] = None  # outside the worker: judged by its lease
            continue
        task = DBTaskResult.objects.filter(pk=task_id).only("status", "worker_ids").first()
        run_alive[claimed_by] = bool(
            task
            and task.status == TaskResultStatus.RUNNING
            and task.worker_ids
            and task.worker_ids[-1] in alive
        )
    state = SendState(worker_running=bool(alive))
    for claimed_by, claimed_at in held:
        alive_run = run_alive[claimed_by]
        if alive_run is None:
            alive_run = claimed_at is not None and claimed_at >= now - LEASE
        if alive_run:
            state.active += 1
        else:
            state.stalled += 1
    return state
