"""Redis unreachable: every page is served uncached, forms work, one log line per interval.

The cache is the production one (``hetsite.core.cache.ResilientRedisCache``) pointed at a
port nothing listens on, or at a socket that accepts connections and never answers (a
hanging Redis). Nothing here is mocked.
"""

import logging
import socket
import time
from contextlib import closing

import pytest

from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from wagtail.models import Page

from newsletters.forms import SubscribeForm
from newsletters.models import Subscriber
from projects.models import PartnerApplication
from tests import factories
from tests.core.factories import trap_fields
from tests.projects.portal.test_applications import application_data

pytestmark = pytest.mark.django_db

LOGGER = "hetsite.cache"


def closed_port():
    """A local port nothing listens on (bound, then closed)."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache(port, *, breaker_seconds=60, timeout=0.5, db=10):
    return {
        "default": {
            "BACKEND": "hetsite.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/{db}",
            "KEY_PREFIX": "hetsite-test",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
                "IGNORE_EXCEPTIONS": True,
                "CIRCUIT_BREAKER_SECONDS": breaker_seconds,
            },
        }
    }


def cache_errors(caplog):
    return [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.ERROR]


@pytest.fixture
def small_site(home_page):
    """One live page of every page type (the demo content takes a minute to load)."""
    from tests.casestudies import factories as cs
    from tests.core import factories as core
    from tests.newsletters import factories as nl
    from tests.priorities import factories as pr
    from tests.prizes import factories as pz
    from tests.projects import factories as pj

    core.standard_page(home_page, title="Privacy notice", slug="privacy-notice")
    cs.case_study(
        title="Health walks in Biscot",
        principles=[factories.principle(1)],
        wards=[factories.ward("Biscot")],
    )
    org = pz.organisation("Stopsley Walking Group")
    pj.project_index()
    pz.project(org, title="Walking for health")
    pz.prize_round(2024)
    pr.update(pr.group("Housing and Health"), title="Damp homes survey")
    nl.issue(2024, 3)


@pytest.fixture
def redis_down():
    """The cache backend points at a closed port; ``caches`` is rebuilt by override_settings."""
    with override_settings(CACHES=redis_cache(closed_port())):
        yield


def public_urls():
    """One live page of every page type, plus the non-page public views."""
    urls = {}
    for page in Page.objects.live().public().specific().exclude(depth=1):
        urls.setdefault(type(page).__name__, page.url)
    return urls


def test_every_public_page_is_served_with_redis_unreachable(small_site, client, caplog):
    pages = public_urls()
    assert set(pages) == {
        "HomePage",
        "StandardPage",
        "CaseStudyIndexPage",
        "CaseStudyPage",
        "PartnerIndexPage",
        "OrganisationPage",
        "ProjectIndexPage",
        "ProjectPage",
        "NewsletterIndexPage",
        "NewsletterIssuePage",
        "PrizeIndexPage",
        "PrizeRoundPage",
        "PriorityIndexPage",
        "PriorityGroupPage",
        "PriorityUpdatePage",
    }
    with override_settings(CACHES=redis_cache(closed_port())), caplog.at_level(logging.INFO):
        for page_type, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (page_type, url)
            assert b'id="main-content"' in response.content, url
        # The navigation and footer are still built (from the database).
        home = client.get("/").content.decode()
        assert 'href="/case-studies/"' in home
        assert "Privacy" in home

        assert client.get("/no-such-page/").status_code == 404
        search = client.get("/search/", {"q": "health"})
        assert search.status_code == 200
        assert b"result" in search.content.lower()
        filtered = client.get("/case-studies/", {"principle": "1", "page": "1"})
        assert filtered.status_code == 200
        for path in ("/case-studies/feed/", "/newsletters/feed/", "/sitemap.xml"):
            assert client.get(path).status_code == 200, path

        # Forms: the newsletter sign-up (throttled per address and per client through the
        # cache) and the partner application (rate limited per client) both go through.
        mail.outbox.clear()
        signup = client.post(
            "/newsletters/subscribe/",
            {"email": "resident@example.org", "consent": "on", **trap_fields(SubscribeForm)},
        )
        assert signup.status_code == 302
        assert Subscriber.objects.filter(email="resident@example.org").exists()
        apply = client.post("/partners/apply/", application_data(website=""))
        assert apply.status_code == 302, apply.content.decode()[:2000]
        assert PartnerApplication.objects.filter(contact_email="amina@example.org").exists()

    # Dozens of requests, each touching the cache several times: one error line.
    errors = cache_errors(caplog)
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert "unreachable" in errors[0].getMessage()


def test_errors_are_logged_once_per_interval_not_per_request(home_page, client, caplog):
    interval = 2

    def requests_for(seconds):
        """Home pages for ``seconds`` (well inside one interval); how many were served."""
        served, until = 0, time.monotonic() + seconds
        while time.monotonic() < until:
            assert client.get("/").status_code == 200
            served += 1
        return served

    with (
        override_settings(CACHES=redis_cache(closed_port(), breaker_seconds=interval)),
        caplog.at_level(logging.INFO),
    ):
        started = time.monotonic()
        assert requests_for(interval * 0.6) >= 3
        assert len(cache_errors(caplog)) == 1
        time.sleep(max(0, started + interval + 0.1 - time.monotonic()))
        # The interval has passed: Redis is tried once more, fails, and is skipped again.
        assert requests_for(interval * 0.6) >= 3
        assert len(cache_errors(caplog)) == 2


def test_a_hanging_redis_costs_one_timeout_per_interval_not_one_per_call(home_page, client):
    """A socket that accepts connections and never answers: without the breaker each
    cache call waits the socket timeout (measured: 20 calls took 10 s at 0.5 s)."""
    with closing(socket.socket()) as hanging:
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(64)
        port = hanging.getsockname()[1]
        with override_settings(CACHES=redis_cache(port, timeout=0.5)):
            started = time.monotonic()
            for _ in range(10):
                assert client.get("/").status_code == 200
            elapsed = time.monotonic() - started
    # Ten home pages make at least 40 cache calls; one timed out, the rest skipped Redis.
    assert elapsed < 3, elapsed


def test_an_outage_looks_like_an_empty_cache_and_rate_limits_fail_open(redis_down):
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("counter", 0, 60) is True  # as if stored: a lock or throttle lets through
    assert cache.incr("counter") == 1  # as if counted from zero: never ValueError, never None
    assert cache.incr("counter", 5) == 5
    assert cache.get_or_set("k", "computed") == "computed"
    assert cache.has_key("k") is False
    cache.set("k", 1)
    cache.set_many({"a": 1})
    cache.delete("k")
    cache.delete_many(["a"])
    cache.touch("k")
    cache.clear()


def test_the_same_cache_works_against_a_real_redis(home_page, client, caplog):
    """The resilient backend is a working Redis cache when Redis is there (DB 10)."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    with override_settings(CACHES=redis_cache(6379)), caplog.at_level(logging.INFO):
        cache.set("hetsite-test-key", {"a": 1}, 30)
        assert cache.get("hetsite-test-key") == {"a": 1}
        assert cache.add("hetsite-test-key", 2) is False
        cache.delete("hetsite-test-key")
        assert client.get("/").status_code == 200
    assert cache_errors(caplog) == []
