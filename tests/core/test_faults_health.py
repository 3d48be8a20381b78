"""The 503 page and /health/ (any database; the PostgreSQL outage itself is in
test_faults_database.py)."""

import datetime
import json
import re

from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from hetsite.core import views
from tests.browser_support import assert_valid_html
from tests.core.test_faults_cache import closed_port, redis_cache

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def handle(error):
    """What Django does with an uncaught exception: call handler500 inside ``except``."""
    try:
        raise error
    except Exception:
        return views.server_error(RequestFactory().get("/"))


def test_a_database_outage_answers_the_branded_503_without_the_database():
    # No ``db`` fixture: pytest-django fails any query, as a broken database would.
    response = handle(OperationalError("connection to server failed"))
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(views.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert "<h1>Sorry, the site is unavailable</h1>" in html
    assert "Please try again in 2 minutes" in html
    assert 'lang="en-GB"' in html and 'href="#main-content"' in html
    # Nothing the Content-Security-Policy would block, and no detail of the error.
    assert not re.search(r"<script|<style|\sstyle=|\son\w+=", html)
    assert "connection to server" not in html and "Traceback" not in html
    assert_valid_html({"503.html": html})


def test_an_error_raised_from_a_database_error_is_a_503_too():
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as cause:
        wrapped = RuntimeError("while rendering")
        wrapped.__cause__ = cause
    assert handle(wrapped).status_code == 503


def test_other_errors_stay_a_500():
    response = handle(ValueError("a bug"))
    assert response.status_code == 500
    assert "Retry-After" not in response


def get_health(client):
    response = client.get("/health/")
    return response, json.loads(response.content)


def test_health_is_ok_and_never_cached(client, db):
    response, body = get_health(client)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "components": {
            "database": "ok",
            "media storage": "ok",
            "task worker": "ok",
            "cache": "ok",
        },
    }
    assert "no-store" in response["Cache-Control"]


def test_a_cache_outage_is_degraded_not_unhealthy(client, db):
    """The site serves every page without Redis: keep the server in the load balancer."""
    with override_settings(CACHES=redis_cache(closed_port())):
        response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["components"]["cache"].startswith("Unavailable: unreachable")
    assert body["components"]["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode()


@override_settings(TASKS=DB_TASKS)
def test_a_task_no_worker_takes_makes_the_worker_unhealthy(client, db):
    from django_tasks_db.models import DBTaskResult

    from newsletters.tasks import send_issue_task

    result = send_issue_task.enqueue(1)
    response, body = get_health(client)
    assert response.status_code == 200, body  # just enqueued: a worker has time to take it
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    response, body = get_health(client)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert re.fullmatch(
        r"Unavailable: a task has waited 3\d\d s for a worker \(limit 300 s\)",
        body["components"]["task worker"],
    )
    assert body["components"]["database"] == "ok"


@override_settings(TASKS=DB_TASKS)
def test_a_task_delayed_for_a_retry_counts_from_when_it_is_due(client, db):
    from django_tasks_db.models import DBTaskResult

    from newsletters.tasks import send_issue_task

    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    result = send_issue_task.using(run_after=timezone.now()).enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=hour_ago)
    assert get_health(client)[0].status_code == 200
    DBTaskResult.objects.filter(pk=result.id).update(
        run_after=timezone.now() - datetime.timedelta(minutes=6)
    )
    assert get_health(client)[0].status_code == 503


def test_health_sets_no_cookie(client, db):
    assert "Set-Cookie" not in client.get("/health/")
