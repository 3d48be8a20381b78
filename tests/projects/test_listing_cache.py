"""A warm library page is served from its cached fragment and cached count: no search,
no count, until the content changes. Searches keep the library's newest-first order."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(home_page):
    pf.project_index()
    org_page = pf.organisation_page("GoodGym Luton")
    made = [pf.project(org_page, f"Walking group {n}") for n in range(3)]
    pf.project(org_page, "Cooking club")
    return org_page, made


def search_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "wagtailsearch" in q["sql"]]


def test_a_warm_search_runs_no_search_query_until_something_is_published(client, projects):
    org_page, _ = projects
    url = "/projects/?q=walking"
    assert search_queries(client, url)  # the first visitor pays for the search
    assert search_queries(client, url) == []  # then the count and the page are cached
    assert b"3 projects" in client.get(url).content
    pf.project(org_page, "Walking football")
    assert search_queries(client, url)  # a publish starts a new content version
    assert b"4 projects" in client.get(url).content


def test_search_results_are_newest_first(client, projects):
    _, made = projects
    response = client.get("/projects/?q=walking")
    titles = [page.title for page in response.context["results"]]
    assert titles == [page.title for page in reversed(made)]
