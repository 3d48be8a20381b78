"""The queries a page needs do not grow with the number of case studies.

Each page is counted warm (its second request) and right after a publish, when every
cache keyed by the content version misses: at most 12 and 15 queries, the same with 5
case studies as with 200.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db

WARM_MAX = 12
AFTER_PUBLISH_MAX = 15
PAGES = {
    "index": "/case-studies/",
    "filtered": "/case-studies/?ward=biscot&principle=principle-1&year=2024",
    "searched": "/case-studies/?q=allotment&ward=biscot",
    "feed": "/case-studies/feed/",
}


def add_case_studies(count):
    principle, other = factories.principle(1), factories.principle(2)
    ward = factories.ward("Biscot")
    image = factories.image()
    org_page = cs.organisation_page("GoodGym Luton")
    for n in range(count):
        cs.case_study(
            parent=org_page if n % 2 else None,
            about="Community allotment and walking group.",
            principles=[principle, other] if n % 3 else [principle],
            wards=[ward],
            population_groups=[factories.population_group("Older people")],
            priority_group=cs.priority_group("Housing and Health"),
            listing_image=image,
            images=[(image, "A picture")] if n % 2 else [],
            year=2024,
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def counts(client, target):
    """{page: (warm, right after a publish)}"""
    urls = {**PAGES, "detail": target.url}
    client.get("/")  # the site's settings are created on the first request
    result = {}
    for name, url in urls.items():
        client.get(url)  # renditions are made on a first view
        warm = queries(client, url)
        target.save_revision().publish()
        result[name] = (warm, queries(client, url))
    return result


def test_counts_are_the_same_at_5_and_200_case_studies(client, home_page):
    add_case_studies(4)
    target = cs.case_study(
        title="Target",
        principles=[factories.principle(1)],
        wards=[factories.ward("Biscot")],
        year=2024,
    )
    few = counts(client, target)
    add_case_studies(195)
    many = counts(client, target)
    assert few == many, (few, many)
    for name, (warm, after_publish) in many.items():
        assert warm <= WARM_MAX, f"{name}: {warm} queries warm"
        assert after_publish <= AFTER_PUBLISH_MAX, f"{name}: {after_publish} after a publish"


def test_a_warm_library_page_computes_no_facets(client, home_page, monkeypatch):
    from casestudies.filters import CaseStudyFilterSet

    page = cs.case_study(principles=[factories.principle(1)], wards=[factories.ward("Biscot")])
    computed = []
    original = CaseStudyFilterSet.facet_choices
    monkeypatch.setattr(
        CaseStudyFilterSet,
        "facet_choices",
        lambda self, pages: computed.append(1) or original(self, pages),
    )
    client.get("/")  # the site's settings are created on the first request
    for url in (PAGES["index"], PAGES["filtered"], PAGES["feed"], "/case-studies/export.json"):
        client.get(url)
    assert len(computed) == 1  # once for the library, its feed and its exports
    page.save_revision().publish()
    client.get(PAGES["filtered"])
    client.get(PAGES["index"])
    assert len(computed) == 2
