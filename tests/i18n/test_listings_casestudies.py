"""The case study library in each language: the reader's translations, English for the
rest, each case study once; facet counts and the result count to match."""

import re

import pytest

from tests import factories
from tests.i18n.helpers import translate_alone, translate_home
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def titles(response):
    return [page.title for page in response.context["case_studies"]]


@pytest.fixture
def library(home_page):
    biscot = factories.ward("Biscot", "West Central")
    # Below the library itself: an organisation page cannot be translated (its
    # organisation is one to one), so its case studies cannot be copied with it.
    index = pf.case_study_index()
    pages = [
        pf.case_study(index, title, year=2024)
        for title in ("Alpha gardening", "Beta housing", "Gamma cooking")
    ]
    for page in pages:
        page.wards.set([biscot])
        page.save_revision().publish()
    translate_home(home_page, "pl")
    polish = translate_alone(pages[1], "pl", title="Beta mieszkania")
    return {"pages": pages, "polish": polish, "biscot": biscot}


@pytest.mark.parametrize("prefix", ["/pl", "/ur"])
def test_translated_item_replaces_its_source_others_fall_back(client, library, prefix):
    response = client.get(f"{prefix}/case-studies/")
    assert response.status_code == 200
    shown = titles(response)
    if prefix == "/pl":
        assert sorted(shown) == ["Alpha gardening", "Beta mieszkania", "Gamma cooking"]
    else:  # nothing in Urdu: the three English ones
        assert sorted(shown) == ["Alpha gardening", "Beta housing", "Gamma cooking"]
    assert response.context["result_count"] == 3
    html = response.content.decode()
    if prefix == "/pl":
        assert "Beta housing" not in html
        assert library["polish"].get_url() in html
        assert library["polish"].get_url().startswith("/pl/")
    # The English ones link under the reader's language prefix.
    assert f'href="{prefix}{library["pages"][0].url_path[len("/home") :]}' in html


def test_english_library_unchanged(client, library):
    response = client.get("/case-studies/")
    assert sorted(titles(response)) == ["Alpha gardening", "Beta housing", "Gamma cooking"]
    assert response.context["result_count"] == 3
    assert "Beta mieszkania" not in response.content.decode()


@pytest.mark.parametrize("prefix", ["", "/pl", "/ur"])
def test_facet_counts_count_each_case_study_once(client, library, prefix):
    response = client.get(f"{prefix}/case-studies/", {"ward": "biscot"})
    assert response.context["result_count"] == 3
    counts = response.context["filter"].choices["__counts__"]
    assert counts["ward"] == {"biscot": 3}
    assert counts["year"] == {"2024": 3}


def test_search_within_polish_library(client, library):
    response = client.get("/pl/case-studies/", {"q": "beta"})
    assert titles(response) == ["Beta mieszkania"]
    assert response.context["result_count"] == 1
    response = client.get("/case-studies/", {"q": "beta"})
    assert titles(response) == ["Beta housing"]


def test_polish_feed_lists_the_translation_once(client, library):
    xml = client.get("/pl/case-studies/feed/").content.decode()
    items = re.findall(r"<item><title>([^<]*)</title>", xml)
    assert sorted(items) == ["Alpha gardening", "Beta mieszkania", "Gamma cooking"]
    assert "<language>pl</language>" in xml
    english = client.get("/case-studies/feed/").content.decode()
    assert sorted(re.findall(r"<item><title>([^<]*)</title>", english)) == [
        "Alpha gardening",
        "Beta housing",
        "Gamma cooking",
    ]
