"""What ``manage.py run_worker`` adds to django-tasks-db's ``db_worker``.

* **Heartbeat**: each worker updates its :class:`WorkerHeartbeat` row every
  ``HETSITE_WORKER_HEARTBEAT_SECONDS`` from a background thread, so a long task does
  not make it look dead. A worker not seen for ``HETSITE_WORKER_STALE_SECONDS`` (or
  stopped) is dead.
* **Housekeeping**, at start-up and every ``HETSITE_WORKER_HOUSEKEEPING_SECONDS``:
  1. tasks left RUNNING by a dead worker are marked failed (``db_worker`` never does);
  2. the ``housekeeping`` signal lets apps recover their own work (the newsletters app
     releases deliveries held by such tasks and resumes the send);
  3. outbox emails whose next attempt is due are sent;
  4. periodic tasks (``HETSITE_PERIODIC_TASKS``) whose time has come are enqueued, each
     by one worker only (a conditional UPDATE on :class:`PeriodicTaskRun`).

``HETSITE_PERIODIC_TASKS = {"name": ("dotted.path.to.task", every_seconds)}``: adding an
entry is all it takes to run a django-tasks task (enqueued) or a plain function (called
in the housekeeping thread) every so often, e.g.
``{"purge_personal_data": ("some.app.tasks.purge_personal_data", 24 * 60 * 60)}``.
"""

import logging
import os
import socket
from datetime import timedelta

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string

from . import outbox
from .models import PeriodicTaskRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

# Sent during housekeeping with ``now`` and ``dead_task_ids`` (the ids of the tasks just
# found abandoned by a dead worker, as strings). Receivers must not raise.
housekeeping = Signal()

WORKER_DIED = "hetsite.core.worker.WorkerDied"
KEEP_STOPPED_WORKERS = timedelta(days=1)


def heartbeat_seconds():
    return float(getattr(settings, "HETSITE_WORKER_HEARTBEAT_SECONDS", 15))


def stale_after():
    return timedelta(seconds=float(getattr(settings, "HETSITE_WORKER_STALE_SECONDS", 90)))


def housekeeping_seconds():
    return float(getattr(settings, "HETSITE_WORKER_HOUSEKEEPING_SECONDS", 60))


def beat(worker_id, now=None):
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "last_seen_at": now,
            },
        )


def stopped(worker_id):
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def live_workers(now=None):
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(
        stopped_at__isnull=True, last_seen_at__gte=now - stale_after()
    )


def a_worker_is_running(now=None):
    """Whether some task worker is alive, i.e. whether queued work will be picked up."""
    return live_workers(now).exists()


def fail_abandoned_tasks(now=None):
    """Mark failed the tasks a dead worker left RUNNING. Returns their ids (strings).

    A task whose worker has no heartbeat row at all (a plain ``db_worker``) is only
    treated as abandoned after ``HETSITE_UNKNOWN_WORKER_LEASE_SECONDS`` (default 1 hour).
    """
    now = now or timezone.now()
    alive = set(live_workers(now).values_list("worker_id", flat=True))
    known = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    unknown_lease = timedelta(
        seconds=float(getattr(settings, "HETSITE_UNKNOWN_WORKER_LEASE_SECONDS", 3600))
    )
    abandoned = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at"
    ):
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        if worker_id in alive:
            continue
        if worker_id not in known and task.started_at and task.started_at > now - unknown_lease:
            continue
        updated = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_DIED,
            traceback=f"The worker {worker_id} stopped while running this task.",
        )
        if updated:
            abandoned.append(str(task.pk))
            logger.warning("Task %s was left running by dead worker %s", task.pk, worker_id)
    return abandoned


def periodic_tasks():
    return dict(getattr(settings, "HETSITE_PERIODIC_TASKS", {}))


def run_periodic_tasks(worker_id="", now=None):
    """Enqueue each periodic task whose time has come; returns the names enqueued.

    Two workers doing this at once enqueue each task once: the run is claimed with a
    conditional UPDATE of its ``last_run_at``.
    """
    now = now or timezone.now()
    started = []
    for name, (path, every) in periodic_tasks().items():
        try:
            PeriodicTaskRun.objects.get_or_create(name=name)
        except IntegrityError:  # created by another worker at the same moment
            pass
        due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - timedelta(seconds=every))
        claimed = (
            PeriodicTaskRun.objects.filter(name=name)
            .filter(due)
            .update(last_run_at=now, last_worker_id=worker_id)
        )
        if claimed:
            target = import_string(path)
            if hasattr(target, "enqueue"):  # a django-tasks task: run by a worker's loop
                target.enqueue()
            else:  # a plain function: run here, in the housekeeping thread
                target()
            started.append(name)
    return started


def run_housekeeping(worker_id="", now=None):
    """One round of housekeeping (see the module docstring). Each step's errors are logged."""
    now = now or timezone.now()
    dead = []
    steps = [
        ("abandoned tasks", lambda: dead.extend(fail_abandoned_tasks(now))),
        ("app recovery", lambda: housekeeping.send_robust(None, now=now, dead_task_ids=dead)),
        ("outbox", lambda: outbox.send_due(now)),
        ("periodic tasks", lambda: run_periodic_tasks(worker_id, now)),
        (
            "old heartbeats",
            lambda: WorkerHeartbeat.objects.filter(
                last_seen_at__lt=now - KEEP_STOPPED_WORKERS
            ).delete(),
        ),
    ]
    for label, step in steps:
        try:
            result = step()
        except Exception:
            logger.exception("Worker housekeeping step %r failed", label)
            continue
        if label == "app recovery":
            for receiver, response in result:
                if isinstance(response, Exception):
                    logger.error("Housekeeping receiver %r failed: %r", receiver, response)
