import pytest

from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html


@pytest.mark.browser
def test_home_page_is_accessible_and_skip_link_works(transactional_db, browser_page):
    factories.home_page()
    browser_page.goto("/")
    assert_no_axe_violations(browser_page)
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main-content"


def test_home_page_is_valid_html(client, home_page):
    assert_valid_html({"home": client.get("/").content.decode()})
