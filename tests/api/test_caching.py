"""The API's answers are shared-cacheable like pages, and a change bans them from the
HTTP cache in front (hetsite.httpcache)."""

import pytest

from wagtail.contrib.frontend_cache.backends import BaseBackend

from tests import factories
from tests.projects import factories as pf

PATHS = ["/api/v2/projects/", "/api/v2/case-studies/", "/api/v2/wards/", "/api/v2/indicators/"]


class RecordingBackend(BaseBackend):
    """Keeps what would have been sent to the HTTP cache."""

    sent = []

    def purge(self, url):
        self.sent.append(("PURGE", url))

    def purge_batch(self, urls):
        self.sent.extend(("PURGE", url) for url in urls)

    def ban_prefixes(self, prefixes):
        self.sent.extend(("BAN", prefix) for prefix in prefixes)

    def ban_tags(self, tags):
        self.sent.extend(("BAN-TAG", tag) for tag in tags)


@pytest.fixture
def http_cache(settings):
    RecordingBackend.sent = []
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.api.test_caching.RecordingBackend"}
    }
    return RecordingBackend.sent


@pytest.fixture
def org_page(home_page):
    return pf.organisation_page("Active Luton")


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_anonymous_answers_are_shared_cacheable(client, org_page, settings, path):
    response = client.get(path)
    assert response.status_code == 200
    assert cache_control(response) == {
        "public",
        f"max-age={settings.HETSITE_HTTP_CACHE_MAX_AGE}",
        f"s-maxage={settings.HETSITE_HTTP_CACHE_S_MAXAGE}",
    }
    assert not response.cookies


@pytest.mark.django_db
def test_writes_are_never_shared(client, org_page):
    response = client.post("/api/v2/projects/", data={})
    assert response.status_code == 405
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_signing_in_changes_nothing(client, org_page, editor):
    """The API never reads the session: a signed-in visitor gets the anonymous answer,
    so it is as shareable (Varnish still passes requests with a session cookie)."""
    anonymous = client.get("/api/v2/organisations/")
    client.force_login(editor)
    signed_in = client.get("/api/v2/organisations/")
    assert signed_in.content == anonymous.content
    assert "public" in cache_control(signed_in)
    assert not signed_in.cookies


@pytest.mark.django_db
def test_publishing_unpublishing_and_deleting_a_page_ban_the_api(
    org_page, http_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = pf.project(org_page, title="Walks")
    assert ("BAN", "/api/v2/") in http_cache
    http_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project.unpublish()
    assert ("BAN", "/api/v2/") in http_cache
    http_cache.clear()
    other = pf.project(org_page, title="Talks")
    http_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert ("BAN", "/api/v2/") in http_cache


@pytest.mark.django_db
def test_a_draft_bans_nothing(org_page, http_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        org_page.title = "Renamed in draft"
        org_page.save_revision()
    assert http_cache == []


@pytest.mark.django_db
def test_wards_and_figures_ban_the_whole_site(
    org_page, http_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.ward("Biscot")
    assert http_cache == [("BAN", "/")]
