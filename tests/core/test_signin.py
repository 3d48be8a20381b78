"""Sign-in throttling (django-axes) for the Wagtail admin and the partner portal.

One mechanism for both forms: at most 10 failures per account name and per client
address, each forgotten 5 minutes after it was made; while locked even the right
password is refused, with a 429 page that says when to try again (Retry-After).
"""

import re
from datetime import timedelta

import pytest
import time_machine

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hetsite.core.signin import TOO_MANY_ATTEMPTS
from tests import factories
from tests.projects.portal import factories as pf

ADMIN_LOGIN = reverse("wagtailadmin_login")
ADMIN_HOME = reverse("wagtailadmin_home")
PORTAL_LOGIN = reverse("projects:portal_login")
PASSWORD = "correct-horse-battery"


def without_tokens(response):
    """The page without its CSRF token (different on every response)."""
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())


def admin_sign_in(client, username, password=PASSWORD):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password})


@pytest.fixture
def siteadmin(db):
    return factories.site_admin("siteadmin")


def test_thirty_wrong_passwords_then_the_right_one_is_refused(siteadmin):
    """The issue's report: 30 wrong passwords from one address, then the right one."""
    client = Client(REMOTE_ADDR="198.51.100.1")
    statuses = [admin_sign_in(client, "siteadmin", f"wrong-{i}").status_code for i in range(30)]
    assert statuses[:9] == [200] * 9  # the form again, with its error
    assert set(statuses[10:]) == {429}
    response = admin_sign_in(client, "siteadmin")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN_HOME).status_code == 302


def test_eleventh_attempt_is_refused_even_with_the_right_password(siteadmin):
    for i in range(10):
        admin_sign_in(Client(REMOTE_ADDR=f"198.51.100.{i}"), "siteadmin", "wrong")
    fresh = Client(REMOTE_ADDR="198.51.100.200")
    response = admin_sign_in(fresh, "siteadmin")
    assert response.status_code == 429
    assert "_auth_user_id" not in fresh.session


def test_nine_failures_then_the_right_password_signs_in(siteadmin):
    client = Client()
    for _ in range(9):
        admin_sign_in(client, "siteadmin", "wrong")
    response = admin_sign_in(client, "siteadmin")
    assert response.status_code == 302 and response.url == ADMIN_HOME


def test_account_names_are_counted_whatever_their_case(siteadmin):
    for i in range(10):
        username = "SiteAdmin" if i % 2 else "siteadmin"
        admin_sign_in(Client(REMOTE_ADDR=f"198.51.100.{i}"), username, "wrong")
    assert admin_sign_in(Client(REMOTE_ADDR="198.51.100.99"), "siteadmin").status_code == 429


def test_lockout_page_fits_the_admin_and_says_when_to_retry(siteadmin):
    for _ in range(10):
        admin_sign_in(Client(), "siteadmin", "wrong")
    response = admin_sign_in(Client(), "siteadmin")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 300
    html = response.content.decode()
    assert TOO_MANY_ATTEMPTS in html
    assert "try again in 5 minutes" in html
    assert "wagtailadmin/css/core.css" in html  # the admin's own look
    assert reverse("wagtailadmin_login") in html


def test_unknown_account_gets_the_same_response_as_a_known_one(siteadmin):
    def run(username, ip):
        client = Client(REMOTE_ADDR=ip)
        responses = [admin_sign_in(client, username, "wrong") for _ in range(11)]
        return [r.status_code for r in responses], responses[-1]

    known_statuses, known = run("siteadmin", "198.51.100.10")
    unknown_statuses, unknown = run("no-such-admin", "198.51.100.11")
    assert known_statuses == unknown_statuses
    assert known["Retry-After"] == unknown["Retry-After"]
    assert without_tokens(known) == without_tokens(unknown)


def test_ten_failures_from_one_address_block_that_address(siteadmin):
    other = factories.editor("editor-two")
    attacker = Client(REMOTE_ADDR="203.0.113.50")
    for i in range(10):
        admin_sign_in(attacker, f"guess-{i}", "wrong")
    assert admin_sign_in(attacker, other.username).status_code == 429
    assert admin_sign_in(Client(REMOTE_ADDR="203.0.113.51"), other.username).status_code == 302


@pytest.mark.parametrize("login_url", [ADMIN_LOGIN, PORTAL_LOGIN])
def test_the_lock_ends_five_minutes_after_the_last_failure(siteadmin, login_url):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(10):
            Client().post(login_url, {"username": "siteadmin", "password": "wrong"})
        clock.move_to(start + timedelta(minutes=4, seconds=59))
        assert admin_sign_in(Client(), "siteadmin").status_code == 429
        clock.move_to(start + timedelta(minutes=5, seconds=1))
        response = admin_sign_in(Client(), "siteadmin")
        assert response.status_code == 302 and response.url == ADMIN_HOME


def test_failures_during_the_lock_do_not_extend_it(siteadmin):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(10):
            admin_sign_in(Client(), "siteadmin", "wrong")
        clock.move_to(start + timedelta(minutes=4))
        for _ in range(5):
            assert admin_sign_in(Client(), "siteadmin", "wrong").status_code == 429
        response = admin_sign_in(Client(), "siteadmin", "wrong")
        assert int(response["Retry-After"]) == 60
        clock.move_to(start + timedelta(minutes=5, seconds=1))
        assert admin_sign_in(Client(), "siteadmin").status_code == 302


def test_admin_and_portal_share_one_counter(siteadmin):
    """Failures at the portal count against the same account at the admin."""
    for i in range(10):
        Client(REMOTE_ADDR=f"192.0.2.{i}").post(
            PORTAL_LOGIN, {"username": "siteadmin", "password": "wrong"}
        )
    assert admin_sign_in(Client(REMOTE_ADDR="192.0.2.200"), "siteadmin").status_code == 429


def test_portal_lockout_page_is_the_sites_own(db):
    pf.member(pf.organisation("Organisation A"), "member-a")
    for _ in range(10):
        Client().post(PORTAL_LOGIN, {"username": "member-a", "password": "wrong"})
    response = Client().post(PORTAL_LOGIN, {"username": "member-a", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert TOO_MANY_ATTEMPTS in html
    assert reverse("projects:portal_password_reset") in html
    assert 'lang="en-GB"' in html


def test_sign_in_throttling_does_not_need_the_cache(siteadmin, settings):
    """Failures are counted in the database: a cache at a closed port changes nothing."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/12",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    for _ in range(10):
        admin_sign_in(Client(), "siteadmin", "wrong")
    assert admin_sign_in(Client(), "siteadmin").status_code == 429
