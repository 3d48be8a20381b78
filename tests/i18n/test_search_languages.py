"""Site search in each language: the reader's translation instead of its English source,
English for the untranslated, never both; type filters and counts to match."""

import re

import pytest

from tests.core import factories as core_factories
from tests.i18n.helpers import translate_alone, translate_home
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def found(response):
    return sorted(page.title for page in response.context["results"].object_list)


def heading(response):
    html = response.content.decode()
    return re.search(r'id="results-heading"[^>]*>([^<]*)<', html).group(1)


@pytest.fixture
def content(home_page):
    org = pf.organisation_page("Dallow Community Trust")
    pf.project(org, "Warm homes advice", summary="Help with housing costs.")
    study = pf.case_study(pf.case_study_index(), "Net Zero", about="Retrofitting housing.")
    page = core_factories.standard_page(
        home_page, "Housing and Health", introduction="The priority group."
    )
    translate_home(home_page, "pl")
    polish = translate_alone(page, "pl", title="Housing i zdrowie", introduction="Grupa.")
    return {"page": page, "polish": polish, "study": study}


def test_polish_search_finds_the_translation_not_its_source(client, content):
    response = client.get("/pl/search/", {"q": "housing"})
    assert found(response) == ["Housing i zdrowie", "Net Zero", "Warm homes advice"]
    assert response.context["results"].paginator.count == 3
    # "3 wyniki dla …": the heading in Polish, with the count.
    assert heading(response).split()[0] == "3"
    assert not heading(response).startswith("3 results")
    html = response.content.decode()
    assert content["polish"].get_url() in html
    assert content["polish"].get_url().startswith("/pl/")
    assert "Housing and Health" not in html


def test_urdu_search_falls_back_to_english(client, content):
    response = client.get("/ur/search/", {"q": "housing"})
    assert found(response) == ["Housing and Health", "Net Zero", "Warm homes advice"]
    assert response.context["results"].paginator.count == 3
    assert "Housing i zdrowie" not in response.content.decode()


def test_english_search_unchanged(client, content):
    response = client.get("/search/", {"q": "housing"})
    assert found(response) == ["Housing and Health", "Net Zero", "Warm homes advice"]
    assert heading(response).startswith("3 results")


@pytest.mark.parametrize(
    ("prefix", "value", "expected"),
    [
        ("/pl", "page", ["Housing i zdrowie"]),
        ("/pl", "case-study", ["Net Zero"]),
        ("/pl", "project", ["Warm homes advice"]),
        ("", "page", ["Housing and Health"]),
    ],
)
def test_type_filter_in_each_language(client, content, prefix, value, expected):
    response = client.get(f"{prefix}/search/", {"q": "housing", "type": value})
    assert found(response) == expected
    assert response.context["results"].paginator.count == len(expected)


def test_polish_only_words_are_not_found_in_english(client, content):
    assert found(client.get("/search/", {"q": "zdrowie"})) == []
    assert found(client.get("/pl/search/", {"q": "zdrowie"})) == ["Housing i zdrowie"]
