"""Facet options say how many pages of the unfiltered library have them: "Dallow (2)"."""

import re

import pytest

from tests import factories
from tests.casestudies import factories as cf
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def checkbox_label(html, name, value):
    """The text of the label of the checkbox ``name=value``, tags removed."""
    checkbox = rf'<input type="checkbox" name="{name}" value="{value}"[^>]*>'
    match = re.search(rf'<label for="[^"]+">{checkbox} (.*?)</label>', html, re.S)
    assert match, (name, value)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def option_text(html, name, value):
    select = html[html.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    match = re.search(rf'<option value="{value}"[^>]*>([^<]*)</option>', select)
    assert match, (name, value)
    return match.group(1)


@pytest.fixture
def library(home_page):
    dallow, biscot = factories.ward("Dallow"), factories.ward("Biscot")
    first, second = factories.principle(1), factories.principle(2)
    cf.case_study(title="One", wards=[dallow], principles=[first], year=2023)
    cf.case_study(title="Two", wards=[dallow, biscot], principles=[first], year=2024)
    cf.case_study(title="Three", wards=[dallow], principles=[second], year=2024)
    cf.case_study(title="Draft", wards=[biscot], principles=[second], year=2023, publish=False)
    return cf.index_page()


def test_case_study_facets_count_live_pages(client, library):
    html = client.get(library.url).content.decode()
    assert checkbox_label(html, "ward", "dallow") == "Dallow (3)"
    assert checkbox_label(html, "ward", "biscot") == "Biscot (1)"
    assert checkbox_label(html, "principle", factories.principle(1).slug).endswith("(2)")
    assert checkbox_label(html, "principle", factories.principle(2).slug).endswith("(1)")
    assert option_text(html, "year", "2024") == "2024 (2)"
    assert option_text(html, "year", "2023") == "2023 (1)"


def test_counts_are_for_the_whole_library_not_the_filtered_list(client, library):
    html = client.get(library.url, {"ward": "biscot"}).content.decode()
    assert checkbox_label(html, "ward", "dallow") == "Dallow (3)"
    # The ward page link keeps its own name, without the number.
    assert 'aria-label="Dallow (3)' not in html


def test_counts_follow_publishing(client, library):
    cf.case_study(title="Four", wards=[factories.ward("Dallow")], year=2024)
    html = client.get(library.url).content.decode()
    assert checkbox_label(html, "ward", "dallow") == "Dallow (4)"
    assert option_text(html, "year", "2024") == "2024 (3)"


def test_project_and_partner_facets_have_counts(client, home_page):
    dallow = factories.ward("Dallow")
    pf.project_index()
    pf.partner_index()
    org = pf.organisation_page("Dallow Community Trust", wards=[dallow])
    pf.organisation_page("Another group", wards=[])
    pf.project(org, "First", wards=[dallow])
    pf.project(org, "Second", wards=[dallow])
    pf.project(org, "Third")
    html = client.get("/projects/").content.decode()
    assert checkbox_label(html, "ward", "dallow") == "Dallow (2)"
    assert option_text(html, "status", "active").endswith("(3)")
    html = client.get("/partners/").content.decode()
    assert checkbox_label(html, "ward", "dallow") == "Dallow (1)"
    assert re.search(r'<option value="vcsfe"[^>]*>[^<]*\(2\)</option>', html)
