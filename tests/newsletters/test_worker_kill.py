"""A real worker process killed with ``kill -9`` mid-send, then a new one started.

PostgreSQL only: the worker is a separate process (``manage.py run_worker``) that must
see the test's committed data. The SMTP server is real (aiosmtpd) and slow enough that
the kill lands mid-batch.
"""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from newsletters import sending
from newsletters.models import Delivery
from tests import factories
from tests.mailserver import closed_port, smtp_server
from tests.newsletters import factories as nf

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


def database_url():
    settings = connection.settings_dict
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
    return urlunsplit(url._replace(path="/" + settings["NAME"]))


def start_worker(port, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "WORKER_DATABASE_URL": database_url(),
        "WORKER_EMAIL_PORT": str(port),
        "WORKER_STALE_SECONDS": str(STALE_SECONDS),
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def status_page(client, issue):
    return client.get(reverse("newsletters_admin:send", args=[issue.pk])).content.decode()


def test_a_send_interrupted_by_kill_9_finishes_by_itself_with_a_new_worker(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HETSITE_WORKER_STALE_SECONDS = STALE_SECONDS
    issue = nf.issue()
    readers = {nf.subscriber(f"reader{n}@example.org").email for n in range(SUBSCRIBERS)}
    editor = factories.editor()
    client = Client()
    client.force_login(editor)
    port = closed_port()
    workers = []
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed in finally
    try:
        with smtp_server(port, delay=0.1) as server:
            response = client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))
            assert response.status_code == 302
            (task,) = DBTaskResult.objects.filter(task_path=sending.SEND_TASK_PATH)

            first = start_worker(port, log)
            workers.append(first)
            wait_for(lambda: server.count() >= 5, 30, "the first worker to send 5 emails")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            sent_by_first = server.count()
            assert sent_by_first < SUBSCRIBERS  # killed mid-batch
            task.refresh_from_db()
            assert task.status == TaskResultStatus.RUNNING  # what db_worker leaves behind

            # With no worker alive, the admin says the send is stalled.
            time.sleep(STALE_SECONDS + 0.5)
            html = status_page(client, issue)
            assert "Stalled:" in html and "No task worker is running" in html
            assert "being sent now" not in html

            # A worker is back: the send finishes by itself, with no editor action.
            second = start_worker(port, log)
            workers.append(second)

            def finished():
                progress = sending.progress(issue)
                return progress.total == SUBSCRIBERS and progress.done

            wait_for(finished, 40, "the second worker to finish the send")
            stop(second)
    finally:
        for process in workers:
            stop(process)
        log.close()

    received = server.recipients()
    assert set(received) <= readers
    assert max(received.values()) == 1  # nobody emailed twice
    progress = sending.progress(issue)
    assert progress.sent + progress.interrupted == SUBSCRIBERS
    assert progress.interrupted <= 1  # at most the one being handed over at the kill
    sent = set(
        Delivery.objects.filter(state=Delivery.State.SENT).values_list(
            "subscriber__email", flat=True
        )
    )
    assert sent <= set(received)  # every row marked sent was received
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED  # no longer RUNNING for ever
    html = status_page(client, issue)
    assert f"Sent {progress.sent} of {SUBSCRIBERS}" in html
    assert "being sent now" not in html and "Stalled" not in html


def test_the_real_worker_sends_queued_email_and_its_due_retry(settings, tmp_path):
    """An outbox email through the database task backend: the worker's task fails on the
    closed port, and once the server is up the worker's housekeeping sends the due retry."""
    from django.core.mail import EmailMultiAlternatives

    from hetsite.core import outbox
    from hetsite.core.models import OutgoingEmail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    port = closed_port()
    email = outbox.queue_email(
        EmailMultiAlternatives("Your link", "Choose a password: ...", to=["m@example.org"]),
        kind="application_approved",
    )
    assert DBTaskResult.objects.filter(task_path="hetsite.core.tasks.send_outgoing_email")
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed in finally
    process = start_worker(port, log)
    try:

        def attempted():
            email.refresh_from_db()
            return email.attempts == 1 and email.state == OutgoingEmail.State.QUEUED

        wait_for(attempted, 30, "the worker's first attempt")
        assert "ConnectionRefusedError" in email.last_error
        with smtp_server(port) as server:
            # The retry's time comes (1 minute, here made to have passed).
            OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)

            def sent():
                email.refresh_from_db()
                return email.state == OutgoingEmail.State.SENT

            wait_for(sent, 20, "the housekeeping to send the due retry")
            time.sleep(1.5)  # another housekeeping round: nothing more is sent
        assert server.recipients() == {"m@example.org": 1}
        assert email.message == {} and email.attempts == 2
    finally:
        stop(process)
        log.close()
