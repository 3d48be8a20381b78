"""Fewer queries per page: single-type children routed in one query, settings cached."""

import pytest

from django.http import Http404
from django.test import RequestFactory

from casestudies.models import CaseStudyPage
from hetsite.core.models import SiteSettings
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def test_a_single_type_child_is_found_in_one_query(home_page, request_, django_assert_num_queries):
    index = cs.index_page()
    page = cs.case_study(title="Getting fit")
    with django_assert_num_queries(1):
        result = index.route(request_, [page.slug])
    assert type(result.page) is CaseStudyPage
    assert result.page.pk == page.pk
    # Its parent is known without another query (breadcrumbs use it).
    with django_assert_num_queries(0):
        assert result.page.get_parent(update=False).pk == index.pk


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


def test_site_settings_are_cached_until_saved(
    client, home_page, site_admin, django_assert_num_queries
):
    SiteSettings.load()
    assert SiteSettings.objects.count() == 1
    # Footer settings are read on every page: once cached, they cost no query.
    with django_assert_num_queries(0):
        SiteSettings.load()

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
