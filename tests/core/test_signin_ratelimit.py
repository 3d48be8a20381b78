"""The one rate limiter: windows, Retry-After, and a cache that is not there."""

import datetime

import pytest
import time_machine

from django.core.cache import cache
from django.test import Client

from hetsite.core.ratelimit import RateLimit
from newsletters.forms import SubscribeForm
from tests.core.factories import trap_fields
from tests.projects.portal.test_applications import APPLY, application_data

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
SUBSCRIBE = "/newsletters/subscribe/"
TEN_PAST = datetime.datetime(2026, 11, 30, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(params=CLOSED_PORT_CACHES, ids=["resilient", "django-redis"])
def cache_down(settings, request):
    settings.CACHES = request.param
    # The cache really is unreachable: nothing is stored, nothing is counted.
    cache.set("probe", 1)
    assert cache.get("probe") is None


def test_limit_and_retry_after_within_a_window():
    limit = RateLimit("test", limit=3, window=60 * 60)
    with time_machine.travel(TEN_PAST, tick=False) as clock:
        assert all(limit.hit(ip="192.0.2.1") for _ in range(3))
        refused = limit.hit(ip="192.0.2.1")
        assert not refused and refused.retry_after == 50 * 60 and not refused.unavailable
        assert limit.hit(ip="192.0.2.2")  # someone else
        clock.move_to(TEN_PAST + datetime.timedelta(minutes=50))
        assert limit.hit(ip="192.0.2.1")  # a new window


def test_any_identity_over_its_limit_refuses():
    limit = RateLimit("test-two", limit=1, window=600)
    with time_machine.travel(TEN_PAST, tick=False):
        assert limit.hit(ip="192.0.2.1", email="a@example.org")
        assert not limit.hit(ip="192.0.2.9", email="A@example.org")  # same address
        assert not limit.hit(ip="192.0.2.1", email="b@example.org")  # same client


def test_a_cache_that_cannot_count_fails_open_or_closed_as_declared(cache_down):
    assert RateLimit("open", limit=1, window=60).hit(ip="192.0.2.1")
    closed = RateLimit("closed", limit=1, window=60, fail_open=False).hit(ip="192.0.2.1")
    assert not closed and closed.unavailable and closed.retry_after == 60


def test_incr_raising_value_error_is_handled(monkeypatch):
    """A backend that lost the key between add and incr (or answers nothing)."""

    def broken_incr(*args, **kwargs):
        raise ValueError("Key not found")

    monkeypatch.setattr(cache, "incr", broken_incr)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)
    assert RateLimit("open", limit=1, window=60).hit(ip="x")
    assert RateLimit("closed", limit=1, window=60, fail_open=False).hit(ip="x").unavailable


def test_apply_429_has_retry_after_and_a_readable_message(db):
    client = Client(REMOTE_ADDR="198.51.100.30")
    with time_machine.travel(TEN_PAST, tick=False):
        for i in range(5):
            client.post(APPLY, application_data(organisation_name=f"Group {i}"))
        response = client.post(APPLY, application_data(organisation_name="Group 6"))
    assert response.status_code == 429
    assert response["Retry-After"] == str(50 * 60)
    assert "Please try again in 50 minutes" in response.content.decode()


def test_newsletter_429_has_retry_after(home_page):
    client = Client(REMOTE_ADDR="198.51.100.31")
    data = {"consent": "on", **trap_fields(SubscribeForm)}
    with time_machine.travel(TEN_PAST, tick=False):
        for n in range(5):
            client.post(SUBSCRIBE, {**data, "email": f"p{n}@example.org"})
        response = client.post(SUBSCRIBE, {**data, "email": "p6@example.org"})
    assert response.status_code == 429
    assert response["Retry-After"] == str(50 * 60)
    assert "Please try again in 50 minutes" in response.content.decode()


def test_with_the_cache_down_apply_and_subscribe_still_work(
    home_page, cache_down, mailoutbox, on_commit
):
    """Fail open: the forms keep working (their honeypot still applies), never a 500."""
    client = Client(REMOTE_ADDR="198.51.100.32")
    for i in range(7):
        response = client.post(APPLY, application_data(organisation_name=f"Down {i}"))
        assert response.status_code == 302
    for n in range(7):
        with on_commit():  # the confirmation email is queued, and sent once it commits
            response = client.post(
                SUBSCRIBE,
                {"email": f"down{n}@example.org", "consent": "on", **trap_fields(SubscribeForm)},
            )
        assert response.status_code == 302
    # Each new subscriber got their confirmation email despite the cache being down.
    assert sum("down" in m.to[0] and "Confirm" in m.subject for m in mailoutbox) == 7


def test_the_client_address_comes_from_a_trusted_proxy_only(settings, rf):
    """Behind nginx every request comes from 127.0.0.1: its X-Real-IP names the client.

    A client talking to gunicorn directly can send any X-Real-IP; it is ignored then.
    """
    from hetsite.core.ratelimit import client_ip

    settings.HETSITE_TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(via_proxy) == "203.0.113.9"
    direct = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(direct) == "198.51.100.7"
    junk = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="not an address")
    assert client_ip(junk) == "127.0.0.1"
    forwarded_for = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(forwarded_for) == "127.0.0.1"
    settings.HETSITE_TRUSTED_PROXIES = []
    assert client_ip(via_proxy) == "127.0.0.1"


def test_two_clients_behind_the_proxy_are_limited_separately(db, settings):
    """The sign-in throttle and rate limits count per real client, not per proxy."""
    settings.HETSITE_TRUSTED_PROXIES = ["127.0.0.1"]
    apply = "/partners/apply/"
    with time_machine.travel(TEN_PAST, tick=False):
        first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.1")
        for i in range(6):
            response = first.post(apply, application_data(organisation_name=f"A {i}"))
        assert response.status_code == 429
        second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.2")
        response = second.post(apply, application_data(organisation_name="B"))
        assert response.status_code == 302
