"""Pages cost the same number of queries whether a partner has one item or many."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import ProjectPage, Sector
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get("/")  # the site's settings are created on the first request
    client.get(url)  # warm per-process caches (site root paths, navigation)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def build(n, prefix):
    """An organisation with ``n`` projects and ``n`` case studies, all tagged and pictured."""
    wards = [factories.ward(name, "West Central") for name in ("Biscot", "Dallow", "Farley")]
    principles = [factories.principle(1), factories.principle(6)]
    groups = [factories.population_group("Families"), factories.population_group("Carers")]
    priority = pf.priority_group("Housing and Health")
    org_page = pf.organisation_page(
        f"{prefix} organisation", Sector.VCSFE, wards=wards, logo=factories.image()
    )
    projects = []
    for i in range(n):
        project = pf.project(
            org_page,
            f"{prefix} project {i}",
            summary=f"Searchable words {prefix}.",
            principles=principles,
            wards=wards,
            population_groups=groups,
            priority_group=priority,
            listing_image=factories.image(),
            images=[(factories.image(), f"Picture {j}") for j in range(2)],
        )
        projects.append(project)
        pf.case_study(
            org_page,
            f"{prefix} case study {i}",
            organisation=org_page.organisation,
            related_project=projects[0],
            listing_image=factories.image(),
        )
    return org_page, projects


URLS = [
    "/partners/",
    "/partners/?sector=vcsfe&ward=biscot",
    "/projects/",
    "/projects/?principle=principle-1&ward=biscot&ward=dallow&status=active&sector=vcsfe",
    "/projects/?q=searchable",
    "/projects/?q=searchable&ward=farley",
]


@pytest.mark.parametrize("url", URLS)
def test_listing_queries_do_not_grow(client, home_page, url):
    pf.project_index()
    build(2, "Few")
    few = count_queries(client, url)
    build(14, "Many")
    pf.organisation_page("Another", Sector.NHS, wards=[factories.ward("Biscot")])
    many = count_queries(client, url)
    assert many == few, f"{url}: {few} queries with few items, {many} with many"


def test_organisation_and_project_pages_queries_do_not_grow(client, home_page):
    pf.project_index()
    few_org, few_projects = build(2, "Few")
    many_org, many_projects = build(14, "Many")
    assert count_queries(client, few_org.url) == count_queries(client, many_org.url)
    # the first project of each has every case study of its organisation related to it
    assert count_queries(client, few_projects[0].url) == count_queries(
        client, many_projects[0].url
    )


WARM_MAX = 12
AFTER_PUBLISH_MAX = 15
LISTINGS = [
    "/projects/",
    "/projects/?principle=principle-1&ward=biscot&status=active",
    "/projects/?q=searchable&ward=biscot",
    "/partners/",
    "/partners/?sector=vcsfe&ward=biscot",
]


def add_organisations(count, ward, principle, image):
    for _ in range(count):
        org_page = pf.organisation_page(wards=[ward], logo=image)
        pf.project(
            org_page,
            summary="Searchable words.",
            principles=[principle],
            wards=[ward],
            priority_group=pf.priority_group("Housing and Health"),
            status="active",
            listing_image=image,
        )


def warm_and_after_publish(client, page):
    """{url: (queries warm, queries right after a publish)}"""
    client.get("/")  # the site's settings are created on the first request
    result = {}
    for url in LISTINGS:
        client.get(url)
        warm = count_queries(client, url)
        page.save_revision().publish()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        result[url] = (warm, len(ctx.captured_queries))
    return result


def test_listing_counts_are_the_same_at_5_and_200_items(client, home_page):
    pf.project_index()
    ward, principle, image = factories.ward("Biscot"), factories.principle(1), factories.image()
    add_organisations(5, ward, principle, image)
    page = ProjectPage.objects.first()
    few = warm_and_after_publish(client, page)
    add_organisations(195, ward, principle, image)
    many = warm_and_after_publish(client, page)
    assert few == many, (few, many)
    for url, (warm, after_publish) in many.items():
        assert warm <= WARM_MAX, f"{url}: {warm} queries warm"
        assert after_publish <= AFTER_PUBLISH_MAX, f"{url}: {after_publish} after a publish"


def test_project_facets_are_computed_once_per_content_version(client, home_page, monkeypatch):
    from projects.filters import ProjectFilter

    pf.project_index()
    add_organisations(2, factories.ward("Biscot"), factories.principle(1), factories.image())
    computed = []
    original = ProjectFilter.facet_choices
    monkeypatch.setattr(
        ProjectFilter,
        "facet_choices",
        lambda self, pages: computed.append(1) or original(self, pages),
    )
    client.get("/")  # the site's settings are created on the first request
    for url in LISTINGS[:3]:
        client.get(url)
    assert len(computed) == 1
    # A warm request runs no facet query at all.
    with CaptureQueriesContext(connection) as ctx:
        client.get("/projects/?ward=biscot")
    assert not [q for q in ctx.captured_queries if "UNION" in q["sql"].upper()]
    ProjectPage.objects.first().save_revision().publish()
    client.get("/projects/")
    client.get("/projects/?ward=biscot")
    assert len(computed) == 2
