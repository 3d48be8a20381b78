"""Site search: type labels, a type filter, title matches first, highlighted summaries."""

import pytest

from hetsite.core.views import highlight
from tests.core import factories as core_factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def results(html):
    start = html.index('class="search-results"')
    return html[start : html.index("</ol>", start)]


@pytest.fixture
def content(home_page):
    org = pf.organisation_page("Dallow Community Trust")
    return {
        "project": pf.project(org, "Warm homes advice", summary="Help with housing costs."),
        "case_study": pf.case_study(org, "Net Zero", about="Retrofitting housing " * 40),
        "page": core_factories.standard_page(
            home_page, "Housing and Health", introduction="The priority group."
        ),
        "draft": core_factories.standard_page(
            home_page, "Housing draft", introduction="Not yet.", publish=False
        ),
    }


def test_results_labelled_in_words_people_use(client, content):
    html = results(client.get("/search/", {"q": "housing"}).content.decode())
    assert '<p class="search-result__type">Project</p>' in html
    assert '<p class="search-result__type">Case study</p>' in html
    assert '<p class="search-result__type">Page</p>' in html
    assert "STANDARD PAGE" not in html.upper().replace("STANDARD PAGE</P", "")
    assert "standard page" not in html.lower()
    assert "Housing draft" not in html


def test_title_matches_come_first(client, content):
    html = results(client.get("/search/", {"q": "housing"}).content.decode())
    assert html.index("Housing and Health") < html.index("Net Zero")
    assert html.index("Housing and Health") < html.index("Warm homes advice")


@pytest.mark.parametrize(
    ("value", "shown", "hidden"),
    [
        ("project", "Warm homes advice", ["Net Zero", "Housing and Health"]),
        ("case-study", "Net Zero", ["Warm homes advice", "Housing and Health"]),
        ("page", "Housing and Health", ["Net Zero", "Warm homes advice"]),
    ],
)
def test_type_filter(client, content, value, shown, hidden):
    response = client.get("/search/", {"q": "housing", "type": value})
    html = response.content.decode()
    assert shown in results(html)
    for title in hidden:
        assert title not in html
    assert f'<option value="{value}" selected>' in html


def test_bad_type_is_a_form_error_not_a_crash(client, content):
    response = client.get("/search/", {"q": "housing", "type": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-type-error"' in html
    assert 'aria-invalid="true"' in html
    assert "<script>" not in html.split("</head>", 1)[1].replace("<script src", "")
    # Every type is searched instead.
    for title in ("Warm homes advice", "Net Zero", "Housing and Health"):
        assert title in results(html)


def test_query_highlighted_and_escaped(client, home_page):
    core_factories.standard_page(
        home_page, "Markup page", introduction="Careful with <b>housing</b> & tags."
    )
    html = client.get("/search/", {"q": 'housing">'}).content.decode()
    assert "&lt;b&gt;<mark>housing</mark>&lt;/b&gt; &amp; tags." in results(html)
    assert "“housing&quot;&gt;”" in html
    assert "<b>housing" not in html


def test_highlight_marks_word_starts_only():
    assert highlight("Houses and housing, not warehouses", "hous") == (
        "<mark>Houses</mark> and <mark>housing</mark>, not warehouses"
    )
    assert highlight("<i>x</i>", "") == "&lt;i&gt;x&lt;/i&gt;"


def test_skip_to_results_link_has_a_target(client, content):
    html = client.get("/search/", {"q": "housing"}).content.decode()
    assert 'href="#results-heading"' in html
    assert 'id="results-heading"' in html
