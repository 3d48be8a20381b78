"""What a publish purges, sent after commit, and never a failed publish when the cache
is down (hetsite.httpcache.purge and backends)."""

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wagtail.models import PageViewRestriction

from hetsite.core.models import Ward
from tests import factories
from tests.casestudies import factories as cs

# Ports the system picks (port 0), so parallel test workers never collide.


class Recorder(BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 - HTTP method name
        self.received.append(("PURGE", self.headers["Host"], self.path))
        self.answer()

    def do_BAN(self):  # noqa: N802
        if self.headers["X-Ban-Tag"]:
            self.received.append(("BAN-TAG", self.headers["Host"], self.headers["X-Ban-Tag"]))
        else:
            self.received.append(("BAN", self.headers["Host"], self.headers["X-Ban-Prefix"]))
        self.answer()

    def answer(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cache_server(settings):
    Recorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.address = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "hetsite.httpcache.backends.VarnishBackend",
            "LOCATION": f"http://{Recorder.address}",
        }
    }
    yield Recorder.received
    server.shutdown()
    server.server_close()


def purged(received):
    return {path for method, _, path in received if method == "PURGE"}


@pytest.fixture
def site(home_page):
    index = cs.index_page()
    organisation_page = cs.organisation_page("Organisation A")
    return {"home": home_page, "index": index, "org": organisation_page}


@pytest.mark.django_db
def test_publishing_purges_the_page_and_everything_that_lists_it(
    site, cache_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        study = cs.case_study(parent=site["org"], title="Walks")
    paths = purged(cache_server)
    assert {
        study.url,
        "/",
        site["org"].url,
        site["index"].url,
        "/partners/",
        "/case-studies/feed/",
        "/case-studies/export.csv",
        "/case-studies/export.json",
        "/sitemap.xml",
        "/search/",
    } <= paths, paths
    assert all(host == "testserver" for method, host, _ in cache_server if method == "PURGE")
    # Other case studies and projects show it as "related", and the ward pages list it:
    # banned by page type.
    tags = {tag for method, _, tag in cache_server if method == "BAN-TAG"}
    assert tags == {
        "type:casestudies.casestudypage",
        "type:projects.projectpage",
        "type:places.wardindexpage",
    }


@pytest.mark.django_db
def test_nothing_is_sent_before_the_commit(site, cache_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cs.case_study(title="Walks")
    assert cache_server == []
    for callback in callbacks:
        callback()
    assert purged(cache_server)


@pytest.mark.django_db
def test_unpublish_and_delete_purge_the_page_and_its_listings(
    site, cache_server, django_capture_on_commit_callbacks
):
    study = cs.case_study(title="Walks")
    url = study.url
    cache_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        study.unpublish()
    assert {url, "/case-studies/", "/"} <= purged(cache_server)
    other = cs.case_study(title="Cooking")
    other_url = other.url
    cache_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert {other_url, "/case-studies/"} <= purged(cache_server)
    assert ("BAN", Recorder.address, other_url) in cache_server


@pytest.mark.django_db
def test_moving_a_page_bans_its_old_address(
    site, cache_server, django_capture_on_commit_callbacks
):
    study = cs.case_study(title="Walks")
    old_url = study.url
    cache_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        study.move(site["org"], pos="last-child")
    bans = {prefix for method, _, prefix in cache_server if method == "BAN"}
    assert old_url in bans
    assert site["org"].url + study.slug + "/" in purged(cache_server)


@pytest.mark.django_db
def test_taxonomy_and_view_restrictions_ban_the_whole_site(
    site, cache_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.ward("Biscot")
    assert [(m, p) for m, _, p in cache_server] == [("BAN", "/")]
    cache_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Ward.objects.get(name="Biscot").delete()
    assert [(m, p) for m, _, p in cache_server] == [("BAN", "/")]
    cache_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=site["index"], restriction_type="login")
    assert ("BAN", "/") in [(m, p) for m, _, p in cache_server]


@pytest.mark.django_db
def test_no_frontend_cache_configured_sends_nothing(site, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    cs.case_study(title="Walks")  # no error, nothing to send


@contextlib.contextmanager
def cache_that_is_down(kind):
    """The port of a cache that is down: nothing listening ("closed"), or a listener
    that accepts connections and never answers ("hanging")."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if kind == "closed":
        sock.close()  # the port is free again: connections are refused
    else:
        sock.listen(16)
    try:
        yield port
    finally:
        sock.close()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["closed", "hanging"])
def test_publishing_works_when_the_cache_is_down(
    client, site, settings, caplog, kind, django_capture_on_commit_callbacks
):
    stack = contextlib.ExitStack()
    port = stack.enter_context(cache_that_is_down(kind))
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "hetsite.httpcache.backends.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
            "TIMEOUT": 0.5,
        }
    }
    draft = cs.case_study(title="Walks")
    draft.unpublish()
    client.force_login(factories.editor())
    with stack, django_capture_on_commit_callbacks(execute=True):
        start = time.monotonic()
        response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}")
        elapsed = time.monotonic() - start
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert "unreachable" in caplog.text
    assert elapsed < 5  # one timeout for the whole batch, not one per URL


@pytest.mark.django_db
def test_without_a_cache_no_work_is_done(site, settings, django_assert_num_queries):
    from hetsite.httpcache import purge

    settings.WAGTAILFRONTENDCACHE = {}
    study = cs.case_study(title="Walks")
    with django_assert_num_queries(0):
        purge.on_page_changed(sender=type(study), instance=study)


@pytest.mark.django_db
def test_a_new_redirect_purges_its_old_path(
    site, cache_server, django_capture_on_commit_callbacks
):
    from wagtail.contrib.redirects.models import Redirect

    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/old-walks", redirect_link="/case-studies/")
    assert purged(cache_server) == {"/old-walks"}
