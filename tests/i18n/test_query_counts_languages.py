"""Every page type costs as few queries in Polish and Urdu as in English, however much
content there is: the language machinery adds at most two warm queries to a page.

The baseline is what each page cost warm before the site had languages (measured with
``tests/core/test_query_counts_pages.py``'s site at its small size). Here the home page
and the newsletter archive are translated into Polish and Urdu; every other page is
shown in English under the language's prefix.
"""

import pytest

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.core.test_query_counts_pages import Site
from tests.i18n.helpers import translate_alone, translate_home

pytestmark = pytest.mark.django_db

BASELINE = {
    "home": 2,
    "standard page": 4,
    "project page": 4,
    "organisation page": 4,
    "priority index": 7,
    "priority group": 5,
    "priority update": 5,
    "prize index": 5,
    "prize round": 5,
    "newsletter index": 6,
    "newsletter issue": 4,
    "case study index": 4,
    "project index": 4,
    # Wagtail's database search backend: 3 queries on SQLite, 6 on PostgreSQL (measured
    # the same way on both before the site had languages).
    "search": 3 if connection.vendor == "sqlite" else 6,
}
LANGUAGE_ALLOWANCE = 2
SMALL, LARGER = 5, 60
PREFIXES = {"en-gb": "", "pl": "/pl", "ur": "/ur"}


def urls(site, prefix):
    with translation.override(settings.LANGUAGE_CODE):  # the English addresses
        english = site.urls()
    found = {name: f"{prefix}{url}" for name, url in english.items()}
    found["home"] = f"{prefix}/"
    found["case study index"] = f"{prefix}/case-studies/"
    found["project index"] = f"{prefix}/projects/"
    found["search"] = f"{prefix}/search/?q=project"
    return found


def warm_counts(client, site, prefix):
    counts = {}
    for name, url in urls(site, prefix).items():
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.fixture
def site(home_page):
    site = Site(home_page)
    for code in ("pl", "ur"):
        translate_home(home_page, code)
        translate_alone(site.newsletter_index, code, title=f"Newsletters [{code}]")
    return site


def test_language_pages_cost_at_most_two_more_queries_and_do_not_grow(client, site):
    site.add(SMALL)
    few = {code: warm_counts(client, site, prefix) for code, prefix in PREFIXES.items()}
    site.add(LARGER - SMALL)
    many = {code: warm_counts(client, site, prefix) for code, prefix in PREFIXES.items()}

    assert many == few, (few, many)
    over = {
        (code, name): n
        for code, counts in few.items()
        for name, n in counts.items()
        if n > BASELINE[name] + LANGUAGE_ALLOWANCE
    }
    assert not over, f"over the baseline + {LANGUAGE_ALLOWANCE}: {over} (all: {few})"


def test_translated_archive_lists_the_english_issues_once(client, site):
    """The Polish archive has no issues below it: it lists the English archive's."""
    site.add(SMALL)
    with translation.override(settings.LANGUAGE_CODE):
        url = site.newsletter_index.url
    english = client.get(url).context["page_obj"].paginator.count
    polish = client.get(f"/pl{url}").context["page_obj"].paginator.count
    assert english == polish == SMALL + 1
