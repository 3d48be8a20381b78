"""Newsletter sends that resume by themselves: mail server down, worker dead, periodic tasks.

These run on SQLite too; the same story with a real worker process killed with
``kill -9`` is in test_worker_kill.py (PostgreSQL).
"""

from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hetsite.core import worker
from hetsite.core.models import PeriodicTaskRun, WorkerHeartbeat
from newsletters import sending
from newsletters.models import Delivery
from tests.core import tasks as test_tasks
from tests.mailserver import closed_port, point_email_at, smtp_server
from tests.newsletters import factories as nf

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers():
    return [nf.subscriber(f"reader{n}@example.org") for n in range(5)]


def status_page(client, issue):
    return client.get(reverse("newsletters_admin:send", args=[issue.pk])).content.decode()


def test_a_send_with_the_mail_server_down_is_retried_by_itself(client, editor, readers, settings):
    port = closed_port()
    point_email_at(settings, port)
    issue = nf.issue()
    client.force_login(editor)
    response = client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))
    assert response.status_code == 302
    progress = sending.progress(issue)
    assert (progress.waiting, progress.sent, progress.in_progress) == (5, 0, 0)
    for delivery in Delivery.objects.all():
        assert delivery.attempts == 0  # nobody was tried: no attempt used up
        assert delivery.last_error.startswith("Could not connect to the mail server")
        assert delivery.next_attempt_at > timezone.now() + timedelta(minutes=4)

    # No worker is running: the admin says the send is stalled, not that it will retry.
    html = status_page(client, issue)
    assert "Stalled:" in html and "no task worker is running" in html
    assert "next attempt at" not in html and "tried again automatically" not in html
    # With a worker running, it says when the next attempt is.
    worker.beat("worker-1")
    html = status_page(client, issue)
    assert "5 waiting; next attempt at" in html and "Stalled" not in html

    # Time passes and the mail server is back: the worker's housekeeping resumes the send.
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with smtp_server(port) as server:
        worker.run_housekeeping("worker-1")
        worker.run_housekeeping("worker-1")  # nothing left: nobody gets a second copy
    assert server.recipients() == {reader.email: 1 for reader in readers}
    html = status_page(client, issue)
    assert "Sent 5 of 5" in html and "Every confirmed subscriber has been sent" in html


def running_task(issue, worker_id, started_ago=timedelta(minutes=5)):
    return DBTaskResult.objects.create(
        task_path=sending.SEND_TASK_PATH,
        args_kwargs={"args": [issue.pk], "kwargs": {}},
        status=TaskResultStatus.RUNNING,
        worker_ids=[worker_id],
        backend_name="default",
        run_after=timezone.now() - started_ago,
        started_at=timezone.now() - started_ago,
    )


def test_housekeeping_fails_a_dead_worker_s_task_and_resumes_its_send(client, editor, readers):
    issue = nf.issue()
    sending.queue_deliveries(issue)
    dead = running_task(issue, "dead-worker")
    WorkerHeartbeat.objects.create(
        worker_id="dead-worker", last_seen_at=timezone.now() - timedelta(minutes=3)
    )
    run_id = dead.pk.hex
    rows = list(Delivery.objects.order_by("pk"))
    now = timezone.now()
    Delivery.objects.filter(pk=rows[0].pk).update(state="sent", sent_at=now, attempts=1)
    Delivery.objects.filter(pk=rows[1].pk).update(
        state="sending", claimed_by=run_id, claimed_at=now, attempts=1
    )
    Delivery.objects.filter(pk__in=[rows[2].pk, rows[3].pk]).update(
        state="claimed", claimed_by=run_id, claimed_at=now
    )
    worker.beat("worker-2")
    client.force_login(editor)
    html = status_page(client, issue)
    assert "Stalled:" in html and "3 were being sent by a worker that has stopped" in html
    assert "being sent now" not in html

    worker.run_housekeeping("worker-2")

    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED
    assert dead.exception_class_path == worker.WORKER_DIED
    states = dict(Delivery.objects.values_list("subscriber__email", "state"))
    assert states == {
        rows[0].subscriber.email: "sent",
        rows[1].subscriber.email: "interrupted",  # may have gone out: never resent
        rows[2].subscriber.email: "sent",
        rows[3].subscriber.email: "sent",
        rows[4].subscriber.email: "sent",
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.subscriber.email for r in rows[2:])
    html = status_page(client, issue)
    assert "Sent 4 of 5; 1 interrupted" in html and "Stalled" not in html


def test_housekeeping_leaves_live_and_unknown_workers_tasks_alone(readers):
    issue = nf.issue()
    worker.beat("alive")
    alive = running_task(issue, "alive")
    unknown = running_task(issue, "plain-db-worker", started_ago=timedelta(minutes=5))
    stopped = running_task(issue, "stopped")
    WorkerHeartbeat.objects.create(worker_id="stopped", stopped_at=timezone.now())
    assert worker.fail_abandoned_tasks() == [str(stopped.pk)]
    alive.refresh_from_db()
    unknown.refresh_from_db()
    assert alive.status == unknown.status == TaskResultStatus.RUNNING
    # A worker without heartbeats is only given up on after a long lease.
    later = timezone.now() + timedelta(hours=2)
    worker.beat("alive", now=later)
    assert worker.fail_abandoned_tasks(now=later) == [str(unknown.pk)]


def test_periodic_tasks_run_once_per_interval_whatever_the_number_of_workers(settings):
    settings.HETSITE_PERIODIC_TASKS = {"tick": ("tests.core.tasks.tick", 60)}
    test_tasks.RUNS.clear()
    now = timezone.now()
    assert worker.run_periodic_tasks("worker-a", now) == ["tick"]
    assert worker.run_periodic_tasks("worker-b", now) == []  # the other worker, same moment
    assert worker.run_periodic_tasks("worker-b", now + timedelta(seconds=30)) == []
    assert worker.run_periodic_tasks("worker-b", now + timedelta(seconds=61)) == ["tick"]
    assert test_tasks.RUNS == ["tick", "tick"]
    run = PeriodicTaskRun.objects.get(name="tick")
    assert run.last_worker_id == "worker-b"


def test_a_periodic_entry_may_be_a_plain_function(settings):
    settings.HETSITE_PERIODIC_TASKS = {"plain": ("tests.core.tasks.plain_function", 3600)}
    test_tasks.RUNS.clear()
    worker.run_housekeeping("worker-a")
    worker.run_housekeeping("worker-b")
    assert test_tasks.RUNS == ["plain"]
