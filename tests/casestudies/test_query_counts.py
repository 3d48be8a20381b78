"""The number of queries a page needs does not grow with the number of case studies."""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.facets import clear_facets
from tests import factories
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db

PAGES = {
    "index": "/case-studies/",
    "filtered": "/case-studies/?ward=biscot&principle=principle-1&year=2024",
    "searched": "/case-studies/?q=allotment&ward=biscot",
    "feed": "/case-studies/feed/",
}


def build(count):
    principle = factories.principle(1)
    other = factories.principle(2)
    ward = factories.ward("Biscot")
    image = factories.image()
    org_page = cs.organisation_page("GoodGym Luton")
    for n in range(count):
        cs.case_study(
            parent=org_page if n % 2 else None,
            about="Community allotment and walking group.",
            principles=[principle, other] if n % 3 else [principle],
            wards=[ward],
            listing_image=image,
            year=2024,
        )
    return cs.case_study(title="Target", principles=[principle], wards=[ward], year=2024)


def count_queries(client, url):
    client.get(url)  # warm: renditions are made and facet lists cached on first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def counts(client, count):
    target = build(count)
    result = {name: count_queries(client, url) for name, url in PAGES.items()}
    result["detail"] = count_queries(client, target.url)
    return result


@pytest.fixture
def few(client, home_page):
    return counts(client, 5)


def test_counts_are_the_same_at_5_and_100_case_studies(client, home_page, django_db_blocker):
    small = counts(client, 5)
    from casestudies.models import CaseStudyPage

    for page in CaseStudyPage.objects.all():
        page.delete()
    cache.clear()
    large = counts(client, 100)
    assert small == large, (small, large)
    for name, value in large.items():
        assert value <= 12, f"{name}: {value} queries"


def test_facet_lists_are_cached(client, home_page):
    build(3)
    client.get(PAGES["index"])
    with CaptureQueriesContext(connection) as warm:
        client.get(PAGES["filtered"])
    clear_facets()
    with CaptureQueriesContext(connection) as cold:
        client.get(PAGES["filtered"])
    # At least one query per facet when the lists are rebuilt; none once cached.
    assert len(cold) >= len(warm) + 7
    assert len(warm) <= 12
