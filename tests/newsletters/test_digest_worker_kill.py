"""The weekly digest sent by a real worker process killed with ``kill -9`` mid-run.

PostgreSQL only, like test_worker_kill.py: the worker is a separate process that must see
the test's committed data, and the SMTP server (aiosmtpd) is slow enough that the kill
lands mid-run. A new worker then runs the task again (as the hourly periodic run does):
nobody gets this week's digest twice, and everyone else gets it.
"""

import signal
import time
from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.utils import timezone

from newsletters import digest, subscriptions
from newsletters.models import Digest, DigestDelivery
from newsletters.tasks import send_digest_task
from tests import factories
from tests.mailserver import closed_port, smtp_server
from tests.newsletters import factories as nf
from tests.newsletters.test_worker_kill import start_worker, stop, wait_for

SUBSCRIBERS = 20
STALE_SECONDS = 2

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The worker runs in its own process; SQLite's in-memory test database is not "
        "shared with it. This runs on PostgreSQL in CI (.ci/run).",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_digest_run_killed_mid_send_never_sends_twice_and_a_new_worker_finishes(
    settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HETSITE_WORKER_STALE_SECONDS = STALE_SECONDS
    now = timezone.now()
    Digest.objects.create(
        week_start=digest.week_start(now) - timedelta(days=7),
        period_start=now - timedelta(days=8),
        period_end=now - timedelta(days=1),
    )
    biscot = factories.ward("Biscot")
    readers = set()
    for n in range(SUBSCRIBERS):
        reader = nf.subscriber(f"reader{n}@example.org")
        subscriptions.set_preferences(reader, wards=[biscot])
        readers.add(reader.email)
    nf.subscriber("nothing-chosen@example.org")
    nf.case_study(title="Biscot lunch club", wards=[biscot])

    port = closed_port()
    workers = []
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed in finally
    try:
        with smtp_server(port, delay=0.1) as server:
            send_digest_task.enqueue()
            first = start_worker(port, log)
            workers.append(first)
            wait_for(lambda: server.count() >= 5, 30, "the first worker to send 5 digests")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            assert server.count() < SUBSCRIBERS  # killed mid-run

            time.sleep(STALE_SECONDS + 0.5)
            # The next periodic run, twice over (two workers, or a run and a retry).
            send_digest_task.enqueue()
            send_digest_task.enqueue()
            second = start_worker(port, log)
            workers.append(second)

            def finished():
                return not DBTaskResult.objects.filter(
                    task_path="newsletters.tasks.send_digest_task",
                    status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
                ).exists()

            wait_for(finished, 60, "the second worker to finish the digest")
            stop(second)
    finally:
        for process in workers:
            stop(process)
        log.close()

    received = server.recipients()
    assert set(received) <= readers
    assert max(received.values()) == 1  # nobody emailed twice
    states = dict(DigestDelivery.objects.values_list("email", "state"))
    assert set(states) == readers
    sent = {email for email, state in states.items() if state == DigestDelivery.State.SENT}
    interrupted = {email for email, state in states.items() if state == "sending"}
    assert len(interrupted) <= 1  # at most the one being handed over at the kill
    assert sent <= set(received)
    assert sent | interrupted == readers
    assert Digest.objects.count() == 2  # one for this week, made once
