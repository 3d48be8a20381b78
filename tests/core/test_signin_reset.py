"""Password reset: the same answer and the same work for any address, and rate limited.

The portal's reset view validates the address and enqueues one task whatever the
address is; the task decides whether anyone is emailed. Wagtail's own admin reset form
is turned off (administrators set editors' passwords in Settings → Users).
"""

import datetime
import re

import pytest
import time_machine
from django_tasks import task_backends

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.projects.portal import factories as pf

RESET = reverse("projects:portal_password_reset")
SENT = reverse("projects:portal_password_reset_done")
# The production backend (an outage looks like an empty cache that says it is
# unavailable) and plain django-redis ignoring exceptions (answers None).
CLOSED_PORT_CACHES = [
    {
        "default": {
            "BACKEND": backend,
            "LOCATION": "redis://127.0.0.1:1/12",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    for backend in ("hetsite.core.cache.ResilientRedisCache", "django_redis.cache.RedisCache")
]


@pytest.fixture
def member(db):
    return pf.member(pf.organisation("Organisation A"), "member-a")


@pytest.fixture
def queued(settings):
    """Enqueued tasks are kept, not run: what a request hands to the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend.results


def ask(client, email):
    return client.post(RESET, {"email": email})


def without_tokens(response):
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(member, queued):
    answers = {}
    for label, email in (("member", member.email), ("unknown", "nobody@example.org")):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = ask(client, email)
        answers[label] = {
            "status": response.status_code,
            "location": response["Location"],
            "page": without_tokens(client.get(response["Location"])),
            "queries": len(queries),
        }
    assert answers["member"] == answers["unknown"]
    assert answers["member"]["status"] == 302 and answers["member"]["location"] == SENT
    # One task each, the address as typed: the request never looked the address up.
    assert [r.args[0] for r in queued] == [member.email, "nobody@example.org"]
    assert all(r.task.name == "send_password_reset_task" for r in queued)
    assert not mail.outbox


def test_the_task_emails_active_members_only(member, editor, on_commit):
    with on_commit():  # emails go through the outbox, which sends once the request commits
        Client().post(RESET, {"email": "nobody@example.org"})
        Client().post(RESET, {"email": editor.email})
    assert not mail.outbox
    inactive = pf.member(pf.organisation("Organisation B"), "gone")
    inactive.is_active = False
    inactive.save()
    with on_commit():
        Client().post(RESET, {"email": inactive.email})
    assert not mail.outbox
    with on_commit():
        Client().post(RESET, {"email": member.email.upper()})
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert re.search(r"http://testserver/partners/portal/set-password/\S+/\S+/", email.body)


def test_one_address_gets_at_most_three_emails_an_hour(member, queued):
    responses = [ask(Client(REMOTE_ADDR=f"10.1.0.{i}"), member.email) for i in range(6)]
    # Every request sees the same "check your email" page; only three are sent.
    assert {r.status_code for r in responses} == {302}
    assert len(queued) == 3
    # Another address is not affected.
    ask(Client(REMOTE_ADDR="10.1.0.99"), "other@example.org")
    assert len(queued) == 4


def test_one_client_gets_at_most_ten_requests_an_hour(member, queued):
    client = Client(REMOTE_ADDR="203.0.113.9")
    moment = datetime.datetime(2026, 11, 30, 10, 15, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        for i in range(10):
            assert ask(client, f"person{i}@example.org").status_code == 302
        refused = ask(client, member.email)
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(45 * 60)  # the rest of the hour's window
    html = refused.content.decode()
    assert "too many password reset requests" in html
    assert "try again in 45 minutes" in html
    assert len(queued) == 10
    assert ask(Client(REMOTE_ADDR="203.0.113.10"), member.email).status_code == 302


def test_the_client_limit_counts_invalid_requests_too(db, queued):
    client = Client(REMOTE_ADDR="203.0.113.20")
    for _ in range(10):
        assert ask(client, "not-an-address").status_code == 200
    assert ask(client, "real@example.org").status_code == 429
    assert not queued


@pytest.mark.parametrize("caches", CLOSED_PORT_CACHES, ids=["resilient", "django-redis"])
def test_with_the_cache_down_resets_are_refused_readably_not_500(member, queued, settings, caches):
    settings.CACHES = caches
    response = ask(Client(), member.email)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "briefly unavailable" in response.content.decode()
    assert not queued
    assert Client().get(RESET).status_code == 200


ADMIN_RESET = "/admin/password_reset/"
ADMIN_SENT = "/admin/password_reset/done/"


def test_the_admin_reset_gives_the_same_answer_and_work_for_any_address(editor, queued):
    """Wagtail's "Forgotten password?" runs the portal's uniform flow at its own URL."""
    assert ADMIN_RESET in Client().get(reverse("wagtailadmin_login")).content.decode()
    answers = {}
    for label, email in (("editor", editor.email), ("unknown", "nobody@example.org")):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(ADMIN_RESET, {"email": email})
        answers[label] = (response.status_code, response["Location"], len(queries))
    assert answers["editor"] == answers["unknown"] == (302, ADMIN_SENT, answers["editor"][2])
    assert [r.args[0] for r in queued] == [editor.email, "nobody@example.org"]
    assert all(r.task.name == "send_admin_password_reset_task" for r in queued)
    assert not mail.outbox


def test_the_admin_reset_is_limited_per_client_and_address_like_the_portals(
    editor, queued, settings
):
    """One limiter for both forms: the client and address budgets are shared."""
    client = Client(REMOTE_ADDR="198.51.100.40")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 5, tzinfo=datetime.UTC)):
        for _ in range(5):
            assert client.post(ADMIN_RESET, {"email": editor.email}).status_code == 302
        assert len(queued) == 3  # three emails an hour per address, then silence
        for _ in range(5):
            assert client.post(RESET, {"email": "x@example.org"}).status_code == 302
        refused = client.post(ADMIN_RESET, {"email": editor.email})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "too many password reset requests" in refused.content.decode()
    settings.CACHES = CLOSED_PORT_CACHES[0]
    down = Client().post(ADMIN_RESET, {"email": editor.email})
    assert down.status_code == 503 and down["Retry-After"] == "60"


def test_the_admin_reset_task_emails_admin_users_only_through_the_outbox(
    editor, member, on_commit
):
    with on_commit():
        Client().post(ADMIN_RESET, {"email": member.email})  # a partner: the portal resets
        Client().post(ADMIN_RESET, {"email": "nobody@example.org"})
    assert not mail.outbox
    with on_commit():
        Client().post(ADMIN_RESET, {"email": editor.email.upper()})
    (email,) = mail.outbox
    assert email.to == [editor.email]
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+/\S+/)", email.body)
    assert link
    from hetsite.core.models import OutgoingEmail

    assert OutgoingEmail.objects.get().kind == "admin_password_reset"
    # The link leads to Wagtail's set-password form, which signs nobody in by itself.
    page = Client().get(link.group(1), follow=True)
    assert page.status_code == 200
    assert 'name="new_password1"' in page.content.decode()


def test_site_admins_can_still_set_an_editors_password(site_admin, editor):
    client = Client()
    client.force_login(site_admin)
    page = client.get(reverse("wagtailusers_users:edit", args=[editor.pk]))
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
