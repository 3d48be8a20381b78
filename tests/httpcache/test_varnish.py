"""The shipped Varnish configuration in front of two app servers on the production settings.

varnishd (deploy/varnish/hetsite.vcl) runs as this test's child process on 127.0.0.1, in
front of two gunicorn processes (as two machines) that share a copy of this test run's
PostgreSQL database, one Redis database and the media folder, and purge Varnish on
publish. Needs PostgreSQL (runs with DATABASE_URL set, as in CI) and varnishd (skipped
without it unless HETSITE_REQUIRE_BROWSER=1; .ci/run installs it).
"""

import contextlib
import tempfile
import time

import pytest
import redis

from django.db import connection

from benchmarks import production, varnish
from tests import factories
from tests.browser_support import require
from tests.casestudies import factories as cs
from tests.httpcache.client import CSRF_INPUT, Visitor
from tests.projects.portal import factories as pf

APP_PORTS = (8631, 8632)
VARNISH_PORT = 8633
REDIS_URL = "redis://127.0.0.1:6379/13"
PASSWORD = "correct-horse-battery"  # noqa: S105 - the factories' test password


def fresh_within(visitor, path, check, seconds=1.0):
    """Seconds until ``check(status, body)`` holds for ``path`` through the cache."""
    start = time.monotonic()
    while True:
        status, headers, body = visitor.get(path)
        if check(status, body):
            return time.monotonic() - start
        assert time.monotonic() - start < seconds, (path, status, headers["X-Cache"])
        time.sleep(0.05)


@contextlib.contextmanager
def app_servers(env, logs):
    with contextlib.ExitStack() as stack:
        addresses = []
        for port, log in zip(APP_PORTS, logs, strict=True):
            base = stack.enter_context(production.gunicorn(env, workers=1, port=port, log=log))
            addresses.append(base.removeprefix("http://"))
        yield addresses


@pytest.fixture
def published_site(transactional_db, settings):
    # Passwords the production settings can check (the test settings hash with MD5).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    home = factories.home_page()
    cs.index_page()
    shown = cs.case_study(title="Walking in Wardown Park")
    draft = cs.case_study(title="Cooking on a budget")
    draft.unpublish()
    org = pf.organisation("Organisation A")
    pf.member(org, "member-a")
    factories.editor("editor-a")
    return {"home": home, "shown": pf.fresh(shown), "draft": pf.fresh(draft)}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL shared by two app servers; runs with DATABASE_URL set, as in CI.",
)
def test_varnish_in_front_of_two_app_servers(published_site):
    require(varnish.installed(), "varnishd is not installed (apt-get install varnish)")
    shown, draft = published_site["shown"], published_site["draft"]
    template = connection.settings_dict["NAME"]
    copy = f"{template}_varnish"[:63]
    connection.close()
    cache = redis.Redis.from_url(REDIS_URL)
    cache.flushdb()
    logs = [
        tempfile.NamedTemporaryFile(prefix="hetsite-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        for _ in APP_PORTS
    ]
    with production.throwaway_database(copy, template=template) as url:
        env = production.production_env(
            url,
            redis_url=REDIS_URL,
            FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{VARNISH_PORT}",
            HETSITE_REQUIRE_2FA_FOR_ADMINS="false",
        )
        production.collect_static(env)
        try:
            with (
                app_servers(env, logs) as addresses,
                varnish.running(addresses, VARNISH_PORT) as base,
            ):
                varnish.wait_until_healthy(base)
                check_cache(base, shown, draft)
        except BaseException:
            for log in logs:
                print(open(log.name).read()[-4000:])  # noqa: T201 - shown on failure
            raise
        finally:
            cache.flushdb()


def check_cache(base, shown, draft):
    anonymous = Visitor(base)

    # A second anonymous GET is a hit, for every kind of public page.
    for path in ["/", "/case-studies/", shown.url, "/case-studies/feed/", "/sitemap.xml"]:
        first = anonymous.get(path)
        second = anonymous.get(path)
        assert first[0] == second[0] == 200, path
        assert second[1]["X-Cache"] == "HIT", path
        assert int(second[1]["Age"]) >= 0
        assert "s-maxage" in second[1]["Cache-Control"]
        assert "Set-Cookie" not in second[1]
    # Tracking parameters and other cookies do not split the cache.
    anonymous.cookies["_ga"] = "GA1.2.3"
    assert anonymous.get("/case-studies/?utm_source=newsletter")[1]["X-Cache"] == "HIT"
    del anonymous.cookies["_ga"]

    # Forms: each visitor gets their own CSRF token and cookie, never a cached one.
    tokens = set()
    for _ in range(3):
        visitor = Visitor(base)
        status, headers, html = visitor.get("/partners/apply/")
        assert status == 200 and headers["X-Cache"] != "HIT"
        assert "no-store" in headers["Cache-Control"]
        tokens.add(visitor.cookies["csrftoken"])
        tokens.add(CSRF_INPUT.search(html).group(1))
    assert len(tokens) == 6
    # Varnish gives a form page the visitor's own CSRF cookie back: it stays the same, so
    # a form open in another tab still posts.
    cookie = visitor.cookies["csrftoken"]
    status, headers, html = visitor.get("/partners/apply/")
    assert headers["X-Cache"] == "PASS" and visitor.cookies["csrftoken"] == cookie

    # The rate limit counts in Redis across both app servers (round robin: consecutive
    # posts go to each in turn): five applications an hour from one address, then 429.
    application = {
        "organisation_name": "Stopsley Walking Group",
        "sector": "vcsfe",
        "contact_name": "Amina Khan",
        "contact_email": "amina@example.org",
        "description": "Weekly walks for older people in Stopsley.",
    }
    token = CSRF_INPUT.search(visitor.get("/partners/apply/")[2]).group(1)
    application["csrfmiddlewaretoken"] = token
    statuses = [visitor.request("POST", "/partners/apply/", application)[0] for _ in range(6)]
    assert statuses == [302] * 5 + [429], statuses

    # A signed-in partner: sessions work on both app servers (round robin), and no page
    # is ever served from the cache.
    partner = Visitor(base)
    status, headers, _ = partner.post_form(
        "/partners/portal/sign-in/", {"username": "member-a", "password": PASSWORD}
    )
    assert status == 302, status
    assert "sessionid" in partner.cookies
    for _ in range(4):
        status, headers, html = partner.get("/partners/portal/")
        assert status == 200 and "Organisation A" in html
        assert headers["X-Cache"] == "PASS"
    for path in ["/", "/case-studies/", shown.url]:
        status, headers, _ = partner.get(path)
        assert status == 200 and headers["X-Cache"] == "PASS", path
        assert "private" in headers["Cache-Control"], path

    # Messages: the partner's "signed out" notice shows to the partner only.
    status, _, _ = partner.post_form(
        "/partners/portal/sign-out/", {}, form_path="/partners/portal/"
    )
    assert status == 302 and "messages" in partner.cookies
    status, headers, html = partner.get("/")
    assert "You have signed out." in html and headers["X-Cache"] == "PASS"
    status, headers, html = anonymous.get("/")
    assert "You have signed out." not in html and headers["X-Cache"] == "HIT"

    # Publishing in the admin: visible through the cache within a second.
    editor = Visitor(base)
    status, _, _ = editor.post_form(
        "/admin/login/", {"username": "editor-a", "password": PASSWORD}
    )
    assert status == 302, status
    draft_url = f"/case-studies/{draft.slug}/"
    assert anonymous.get(draft_url)[0] == 404
    assert anonymous.get(draft_url)[1]["X-Cache"] == "HIT"  # the 404 is cached too
    assert "Cooking on a budget" not in anonymous.get("/case-studies/")[2]
    anonymous.get(shown.url)
    assert anonymous.get(shown.url)[1]["X-Cache"] == "HIT"
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}"
    status, _, _ = editor.post_form(publish, {})
    assert status == 302, status
    # Other case study pages may show it as related: banned by page type.
    assert anonymous.get(shown.url)[1]["X-Cache"] == "MISS"
    assert "X-Cache-Tags" not in anonymous.get(shown.url)[1]
    fresh_within(anonymous, draft_url, lambda s, body: s == 200)
    for path in ["/case-studies/", "/case-studies/feed/", "/sitemap.xml"]:
        fresh_within(anonymous, path, lambda s, body: draft_url in body)

    # Unpublishing removes it from every listing at once.
    listings = ["/case-studies/", "/case-studies/feed/", "/sitemap.xml", "/search/?q=walking"]
    shown_path = f"/case-studies/{shown.slug}/"
    for path in listings:
        anonymous.get(path)
        status, headers, body = anonymous.get(path)
        assert headers["X-Cache"] == "HIT" and shown_path in body, path
    status, _, _ = editor.post_form(f"/admin/pages/{shown.pk}/unpublish/", {})
    assert status == 302, status
    for path in listings:
        status, headers, body = anonymous.get(path)
        assert shown_path not in body, path
    assert anonymous.get(shown_path)[0] == 404
    # After the purge the pages are cached again.
    assert anonymous.get("/case-studies/")[1]["X-Cache"] == "HIT"


def test_only_the_app_servers_may_purge():
    """PURGE and BAN from an address outside the VCL's purgers ACL are refused."""
    require(varnish.installed(), "varnishd is not installed (apt-get install varnish)")
    with varnish.running(["127.0.0.1:8634"], VARNISH_PORT + 2, purgers=["192.0.2.1"]) as base:
        visitor = Visitor(base)
        assert visitor.request("PURGE", "/")[0] == 405
        assert visitor.request("BAN", "/")[0] == 405
    with varnish.running(["127.0.0.1:8634"], VARNISH_PORT + 2) as base:
        visitor = Visitor(base)
        assert visitor.request("PURGE", "/case-studies/")[0] == 200
        assert visitor.request("BAN", "/")[0] == 400  # no prefix or tag given
