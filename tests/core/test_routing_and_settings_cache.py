"""Fewer queries per page: single-type children routed in one query, settings cached."""

import pytest

from django.http import Http404
from django.test import RequestFactory

from casestudies.models import CaseStudyPage
from hetsite.core.models import SiteSettings
from tests.casestudies import factories as cs
from tests.core import factories as core_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def test_a_routed_page_knows_its_ancestors_without_a_query(
    home_page, request_, django_assert_num_queries
):
    index = cs.index_page()
    page = cs.case_study(title="Getting fit")
    home_page.refresh_from_db()
    result = home_page.route(request_, page.url_path.strip("/").split("/")[1:])
    assert type(result.page) is CaseStudyPage
    assert result.page.pk == page.pk
    # Wagtail's routing leaves each parent on the page: the breadcrumbs need no query.
    with django_assert_num_queries(0):
        ancestors = result.page.breadcrumb_ancestors()
    assert [a.pk for a in ancestors] == [a.pk for a in page.get_ancestors()[1:]]
    assert ancestors[0].pk == home_page.pk and index.pk in [a.pk for a in ancestors]


def test_breadcrumbs_of_a_page_not_routed_cost_one_query(home_page, django_assert_num_queries):
    cs.index_page()
    page = CaseStudyPage.objects.get(pk=cs.case_study(title="Getting fit").pk)
    with django_assert_num_queries(1):
        ancestors = page.breadcrumb_ancestors()
    assert [a.title for a in ancestors] == [a.title for a in page.get_ancestors()[1:]]
    assert ancestors[0].pk == home_page.pk


def test_routing_still_404s_for_drafts_missing_pages_and_extra_segments(home_page, request_):
    index = cs.index_page()
    page = cs.case_study(title="Live one")
    draft = cs.case_study(title="Draft one", publish=False)
    for components in ([draft.slug], ["no-such-page"], [page.slug, "extra"]):
        with pytest.raises(Http404):
            index.route(request_, components)


def test_pages_with_several_child_types_route_the_usual_way(client, home_page):
    org_page = cs.organisation_page("GoodGym Luton")
    page = cs.case_study(parent=org_page, title="Fit by doing good")
    response = client.get(page.url)
    assert response.status_code == 200
    assert response.context["page"].pk == page.pk
    assert client.get(org_page.url + "no-such-page/").status_code == 404


def test_site_settings_are_read_once_per_content_version(
    client, home_page, site_admin, django_assert_num_queries
):
    SiteSettings.load()
    assert SiteSettings.objects.count() == 1
    # Footer settings are read on every page: once cached, they cost no query.
    SiteSettings.load(RequestFactory().get("/"))
    with django_assert_num_queries(0):
        SiteSettings.load(RequestFactory().get("/"))

    client.force_login(site_admin)
    response = client.post(
        f"/admin/settings/core/sitesettings/{SiteSettings.load().pk}/",
        {
            "contact_email": "team@example.org",
            "contact_phone": "01582 000000",
            "footer_text": "A new footer",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get("/").content.decode()
    assert "A new footer" in html
    assert "team@example.org" in html


def test_navigation_follows_publishing(client, home_page):
    client.get("/")
    client.get("/")
    nav = [item["title"] for item in client.get("/").context["primary_navigation"]()]
    assert "Getting involved" not in nav
    page = core_factories.standard_page(home_page, "Getting involved", show_in_menus=True)
    html = client.get("/").content.decode()
    assert f'href="{page.url}">Getting involved</a>' in html
    page.unpublish()
    assert "Getting involved</a>" not in client.get("/").content.decode()


def test_settings_made_on_first_read_keep_the_content_version(home_page):
    from hetsite.core import content_version

    SiteSettings.objects.all().delete()
    version = content_version.current()
    SiteSettings.load(RequestFactory().get("/"))
    assert SiteSettings.objects.count() == 1
    assert content_version.current() == version
