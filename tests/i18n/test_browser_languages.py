"""Urdu, Polish and Bengali pages in Chromium: Urdu lays out right to left (measured by
bounding boxes, no screenshots), and axe-core and the Nu HTML Checker find nothing on
translated pages, on a page shown in English as a fallback, or in the case study library."""

import pytest

from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.core import factories as core_factories
from tests.i18n.helpers import translate
from tests.projects import factories as pf

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
TITLES = {
    "ur": "لوٹن ہیلتھ ایکویٹی ٹاؤن",
    "pl": "Luton, miasto równości w zdrowiu",
    "bn": "লুটন হেলথ ইকুইটি টাউন",
}


def build():
    home = factories.home_page()
    about = core_factories.standard_page(home, "About the town", slug="about", show_in_menus=True)
    pf.project_index()
    library = pf.case_study_index()
    org = pf.organisation_page("NOAH Enterprises")
    pf.case_study(org, "Hospital discharge support")
    for code, title in TITLES.items():
        translate(home, code, title=title)
    translate(about, "ur", title="قصبے کے بارے میں")
    return home, about, library


@pytest.mark.browser
def test_urdu_pages_lay_out_right_to_left(transactional_db, browser_page):
    build()
    page = browser_page
    page.set_viewport_size(WIDE)
    assert page.goto("/ur/").status == 200
    assert page.evaluate("document.documentElement.dir") == "rtl"
    links = page.locator(".site-nav__list a")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    # The menu starts at the right: its first item ("Home") is right of the last.
    assert first["x"] > last["x"]
    assert first["x"] + first["width"] > WIDE["width"] / 2
    # The brand sits at the right of the header, the search form at the left.
    brand = page.locator(".site-header__brand").bounding_box()
    search = page.locator(".site-search.site-header__wide").bounding_box()
    assert brand["x"] > search["x"]
    # Breadcrumbs run right to left on an inner page.
    assert page.goto("/ur/about/").status == 200
    crumbs = page.locator(".breadcrumbs li")
    assert crumbs.first.bounding_box()["x"] > crumbs.last.bounding_box()["x"]
    # On a phone, the brand is at the right and the menu button at the left.
    page.set_viewport_size(PHONE)
    page.goto("/ur/")
    brand = page.locator(".site-header__brand").bounding_box()
    toggle = page.locator(".site-menu__toggle").bounding_box()
    assert brand["x"] > toggle["x"]
    # English stays left to right.
    page.set_viewport_size(WIDE)
    page.goto("/")
    links = page.locator(".site-nav__list a")
    assert links.first.bounding_box()["x"] < links.last.bounding_box()["x"]


@pytest.mark.browser
def test_translated_and_fallback_pages_pass_axe_and_nu(transactional_db, browser_page):
    build()
    page = browser_page
    documents = {}
    urls = [
        "/ur/",
        "/pl/",
        "/bn/",
        "/ur/about/",  # translated
        "/pl/about/",  # shown in English with a notice
        "/bn/about/",
        "/ur/case-studies/",  # the library, in the Urdu interface
        "/pl/case-studies/",
        "/ur/search/?q=town",
    ]
    for url in urls:
        for viewport in (WIDE, PHONE):
            page.set_viewport_size(viewport)
            response = page.goto(url)
            assert response.status == 200, url
            assert_no_axe_violations(page)
        documents[url] = response.text()
    assert_valid_html(documents)
