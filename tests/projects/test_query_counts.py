"""Pages cost the same number of queries whether a partner has one item or many."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Sector
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def count_queries(client, url):
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
