"""Cache-Control per page type and per visitor (hetsite.httpcache.middleware)."""

import pytest

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from hetsite.httpcache.middleware import CacheHeadersMiddleware
from tests import factories
from tests.casestudies import factories as cs
from tests.projects.portal import factories as pf

PUBLIC = "public, max-age=60, s-maxage=86400"
PRIVATE = "private, no-store"


def cache_control(response):
    return ", ".join(sorted(p.strip() for p in response["Cache-Control"].split(",")))


def is_public(response):
    return cache_control(response) == ", ".join(sorted(PUBLIC.split(", ")))


def no_store(response):
    value = response["Cache-Control"]
    return "no-store" in value and "public" not in value and "s-maxage" not in value


@pytest.fixture
def site(home_page):
    study = cs.case_study(title="Walks in Wardown Park")
    return {"home": home_page, "index": cs.index_page(), "study": study}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/case-studies/",
        "/case-studies/?page=2",
        "/case-studies/feed/",
        "/case-studies/export.csv",
        "/sitemap.xml",
        "/search/?q=walks",
        "/no-such-page/",
    ],
)
def test_anonymous_public_urls_are_shared_cacheable(client, site, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert is_public(response), (path, response["Cache-Control"])
    assert not response.cookies
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_detail_page_is_shared_cacheable_with_an_etag_and_a_304(client, site):
    url = site["study"].url
    response = client.get(url)
    assert is_public(response)
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.head(url)["Cache-Control"] == response["Cache-Control"]
    # Tagged with its type, so the cache can drop every case study page at once.
    assert response["X-Cache-Tags"] == "type:casestudies.casestudypage"
    assert client.get("/")["X-Cache-Tags"] == "type:core.homepage"
    assert "X-Cache-Tags" not in client.get("/case-studies/feed/")


@pytest.mark.django_db
def test_settings_set_the_lifetimes(client, site, settings):
    settings.HETSITE_HTTP_CACHE_MAX_AGE = 30
    settings.HETSITE_HTTP_CACHE_S_MAXAGE = 600
    response = client.get("/")
    assert cache_control(response) == "max-age=30, public, s-maxage=600"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "partner"])
def test_signed_in_visitors_get_private_pages(client, site, who):
    if who == "editor":
        client.force_login(factories.editor())
    else:
        client.force_login(pf.member(pf.organisation("Organisation A"), "member-a"))
    for path in ["/", "/case-studies/", site["study"].url, "/no-such-page/"]:
        response = client.get(path)
        assert no_store(response), (path, response["Cache-Control"])
        assert "ETag" not in response


@pytest.mark.django_db
def test_admin_portal_and_previews_are_never_stored(client, site):
    editor = factories.editor()
    for path in ["/admin/login/", "/partners/portal/sign-in/", "/partners/portal/", "/admin/"]:
        assert no_store(client.get(path)), path
    client.force_login(editor)
    assert no_store(client.get("/admin/"))
    preview = client.get(f"/admin/pages/{site['study'].pk}/edit/preview/")
    assert preview.status_code == 200
    assert no_store(preview)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/partners/apply/", "/newsletters/subscribe/"])
def test_form_pages_with_a_csrf_token_are_never_shared(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert no_store(response)
    # The token is the visitor's own: its cookie comes with it.
    assert "csrftoken" in response.cookies
    # A returning visitor with a token cookie still gets a private page.
    again = client.get(path)
    assert no_store(again)


@pytest.mark.django_db
def test_health_check_is_no_store(client, site):
    response = client.get("/health/")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_post_is_never_shared(client, site):
    response = client.post("/search/?q=walks")
    assert no_store(response)


def run(request, response, user=None):
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return CacheHeadersMiddleware(lambda r: response)(request)


def test_a_response_that_sets_a_cookie_is_never_shared():
    request = RequestFactory().get("/")
    response = HttpResponse("hello")
    response.set_cookie("anything", "1")
    assert run(request, response)["Cache-Control"] == PRIVATE
    explicit = HttpResponse("hello")
    explicit["Cache-Control"] = "public, max-age=3600"
    explicit.set_cookie("sessionid", "x")
    assert run(RequestFactory().get("/"), explicit)["Cache-Control"] == PRIVATE


@override_settings(HETSITE_HTTP_CACHE_MAX_AGE=60, HETSITE_HTTP_CACHE_S_MAXAGE=86400)
def test_pages_showing_flash_messages_are_never_shared():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.info(request, "Thanks for subscribing")
    assert run(request, HttpResponse("hello"))["Cache-Control"] == PRIVATE
    plain = RequestFactory().get("/")
    assert is_public(run(plain, HttpResponse("hello")))


@override_settings(HETSITE_HTTP_CACHE_MAX_AGE=60, HETSITE_HTTP_CACHE_S_MAXAGE=86400)
def test_only_cacheable_statuses_are_shared():
    for status, shared in [(200, True), (301, True), (404, True), (302, False), (500, False)]:
        response = run(RequestFactory().get("/"), HttpResponse(status=status))
        assert is_public(response) is shared, status


def test_views_own_headers_are_kept():
    response = HttpResponse("img")
    response["Cache-Control"] = "public, max-age=3600"
    assert run(RequestFactory().get("/media/images/x.jpg"), response)["Cache-Control"] == (
        "public, max-age=3600"
    )


@pytest.mark.django_db
def test_security_headers_survive(client, site):
    response = client.get("/")
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
