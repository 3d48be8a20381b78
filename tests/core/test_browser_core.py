"""axe-core (WCAG 2.2 A/AA) in Chromium and the Nu HTML Checker over the core pages."""

import pytest

from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.core import factories as core_factories


def build_pages():
    home = factories.home_page()
    for n in range(1, 9):
        factories.principle(n, f"Principle {n}")
    target = core_factories.standard_page(title="Case studies", slug="linked")
    page = core_factories.standard_page(
        title="Every block",
        slug="every-block",
        show_in_menus=True,
        body=core_factories.every_block_body(image=factories.image(), link_page=target),
    )
    core_factories.feature(home, page, target)
    return page


URLS = {
    "home": "/",
    "standard page with every block": "/every-block/",
    "search without a query": "/search/",
    "search with results": "/search/?q=fairness",
    "search without results": "/search/?q=zzzyxnothing",
    "404": "/no-such-page/",
}


@pytest.mark.browser
def test_core_pages_have_no_axe_violations(transactional_db, browser_page):
    build_pages()
    for name, url in URLS.items():
        response = browser_page.goto(url)
        assert response.status == (404 if name == "404" else 200), name
        assert browser_page.locator("h1").count() == 1, name
        assert_no_axe_violations(browser_page)


@pytest.mark.browser
def test_core_pages_reflow_at_320_pixels(transactional_db, browser_page):
    build_pages()
    browser_page.set_viewport_size({"width": 320, "height": 640})
    for name, url in URLS.items():
        browser_page.goto(url)
        overflow = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at 320px by {overflow}px"


@pytest.mark.browser
def test_focus_is_visible(transactional_db, browser_page):
    build_pages()
    browser_page.goto("/every-block/")
    browser_page.keyboard.press("Tab")  # skip link
    browser_page.keyboard.press("Tab")  # brand link
    outline = browser_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_core_pages_are_valid_html(client, db):
    build_pages()
    documents = {}
    for name, url in URLS.items():
        documents[name] = client.get(url).content.decode()
    assert_valid_html(documents)
