"""The header on a phone (375 px) in Chromium: a collapsed menu that opens with and
without JavaScript, a header under 120 px tall, no axe-core violations; the skip links
of the listings point at something."""

import re

import pytest

from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.core import factories as core_factories
from tests.projects import factories as pf

PHONE = {"width": 375, "height": 812}


def build():
    home = factories.home_page()
    core_factories.standard_page(home, "About the town", slug="about", show_in_menus=True)
    pf.project_index()
    pf.case_study_index()
    pf.partner_index()


def check_menu(page):
    page.set_viewport_size(PHONE)
    assert page.goto("/about/").status == 200
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 120
    toggle = page.get_by_text("Menu", exact=True)
    assert toggle.is_visible()
    menu_link = page.locator(".site-menu__list a", has_text="About the town")
    assert not menu_link.is_visible()
    assert not page.locator(".site-nav").is_visible()  # the wide screens' menu bar
    toggle.click()
    assert menu_link.is_visible()
    assert page.locator("#site-menu-q").is_visible()
    assert_no_axe_violations(page)
    menu_link.click()
    page.wait_for_url("**/about/")
    # Keyboard: the toggle is focusable and opens with Enter.
    page.locator("#site-menu-q").evaluate("el => el.closest('details').open = false")
    toggle.focus()
    page.keyboard.press("Enter")
    assert menu_link.is_visible()


@pytest.mark.browser
def test_menu_works_with_javascript(transactional_db, browser_page):
    build()
    check_menu(browser_page)
    # Closed, the page passes axe-core too.
    browser_page.goto("/about/")
    assert_no_axe_violations(browser_page)


@pytest.mark.browser
def test_menu_works_without_javascript(transactional_db, browser, live_server):
    build()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.set_viewport_size(PHONE)
        page.goto("/about/")
        toggle = page.get_by_text("Menu", exact=True)
        link = page.locator(".site-menu__list a", has_text="About the town")
        assert not link.is_visible()
        toggle.click()
        assert link.is_visible()
        toggle.click()
        assert not link.is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_wide_screens_keep_the_menu_bar(transactional_db, browser_page):
    build()
    browser_page.set_viewport_size({"width": 1280, "height": 800})
    browser_page.goto("/about/")
    assert browser_page.locator(".site-nav a", has_text="About the town").is_visible()
    assert not browser_page.locator(".site-menu").is_visible()
    assert_no_axe_violations(browser_page)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/projects/", "/partners/", "/case-studies/", "/search/?q=town"])
def test_every_listing_has_a_skip_link_with_a_target(client, url):
    build()
    html = client.get(url).content.decode()
    assert ">Skip to" in html
    targets = re.findall(r'<a href="#([\w-]+)">Skip to', html)
    assert targets, url
    for target in targets:
        assert f'id="{target}"' in html, (url, target)


@pytest.mark.django_db
def test_header_is_valid_html(client):
    build()
    assert_valid_html({"about": client.get("/about/").content.decode()})


def build_content():
    build()
    org = pf.organisation_page("Dallow Community Trust", wards=[factories.ward("Dallow")])
    pf.project(org, "Housing advice", how_to_take_part="Drop in on Mondays.")
    pf.case_study(org, "Housing and Health together")


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_home_search_and_listings_pass_axe(transactional_db, browser_page, width):
    build_content()
    browser_page.set_viewport_size({"width": width, "height": 800})
    for url in ["/", "/search/?q=housing", "/search/?q=housing&type=nonsense", "/projects/"]:
        assert browser_page.goto(url).status == 200, url
        assert_no_axe_violations(browser_page)


@pytest.mark.django_db
def test_home_search_and_listings_are_valid_html(client):
    build_content()
    urls = ["/", "/search/?q=housing", "/search/?q=housing&type=nonsense", "/case-studies/"]
    assert_valid_html({url: client.get(url).content.decode() for url in urls})
