"""The place pages in Chromium (axe-core, 320 px, keyboard, no JavaScript) and the Nu
HTML Checker, over the report's real figures as the demo loads them."""

from io import StringIO

import pytest

from hetsite.core import demo as core_demo
from hetsite.core.management.commands.load_demo_content import Command, DemoContext
from hetsite.core.models import Ward
from places import demo as places_demo
from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.projects import factories as pf

URLS = {
    "ward index": "/wards/",
    "ward index shaded by fuel poverty": "/wards/?indicator=fuel-poverty",
    "ward": "/wards/dallow/",
    "neighbourhood": "/wards/neighbourhoods/west-central/",
    "dashboard": "/indicators/",
    "indicator with every ward": "/indicators/social-progress-index/",
    "indicator with some wards": "/indicators/life-expectancy-male/",
    "indicator with Luton and England": "/indicators/healthy-life-expectancy-male/",
    "indicator with no figure": "/indicators/infant-mortality/",
}


def build():
    home = factories.home_page()
    ctx = DemoContext(Command(stdout=StringIO()), with_users=False)
    ctx.home = home
    core_demo.load_taxonomy(ctx)
    places_demo.load(ctx)
    dallow = Ward.objects.get(slug="dallow")
    org_page = pf.organisation_page("Dallow Community Kitchen", wards=[dallow])
    pf.project(org_page, "Cooking on a budget", wards=[dallow])
    pf.project_index()
    pf.case_study_index()


@pytest.mark.browser
def test_place_pages_have_no_axe_violations(transactional_db, browser_page):
    build()
    for name, url in URLS.items():
        response = browser_page.goto(url)
        assert response.status == 200, name
        assert browser_page.locator("h1").count() == 1, name
        assert_no_axe_violations(browser_page)


@pytest.mark.browser
def test_place_pages_reflow_at_320_pixels(transactional_db, browser_page):
    build()
    browser_page.set_viewport_size({"width": 320, "height": 640})
    for name, url in URLS.items():
        browser_page.goto(url)
        overflow = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at 320px by {overflow}px"


@pytest.mark.browser
def test_keyboard_reaches_every_ward_on_the_map_and_opens_it(transactional_db, browser_page):
    build()
    browser_page.goto("/wards/")
    tiles = browser_page.locator(".chart--tiles svg a")
    assert tiles.count() == 20
    expected = [tiles.nth(i).get_attribute("href") for i in range(20)]
    assert len(set(expected)) == 20 and all(h.startswith("/wards/") for h in expected)
    # From the "Shade the map" button, Tab walks the tiles in order.
    browser_page.get_by_role("button", name="Shade the map").focus()
    reached = []
    for _ in range(20):
        browser_page.keyboard.press("Tab")
        reached.append(browser_page.evaluate("document.activeElement.getAttribute('href')"))
        outline = browser_page.evaluate(
            "parseFloat(getComputedStyle(document.activeElement).outlineWidth)"
        )
        assert outline > 0, f"no visible focus on {reached[-1]}"
    assert reached == expected
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url(f"**{expected[-1]}")
    assert browser_page.locator("h1").inner_text().endswith("ward")


@pytest.mark.browser
def test_map_choice_works_without_javascript(transactional_db, browser, live_server):
    build()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/wards/")
        page.get_by_label("Shade the wards by").select_option("fuel-poverty")
        page.get_by_role("button", name="Shade the map").click()
        page.wait_for_url("**indicator=fuel-poverty**")
        assert "Households in fuel poverty" in page.locator(".chart--tiles").first.inner_text()
    finally:
        context.close()


def test_place_pages_are_valid_html(client, db):
    build()
    documents = {name: client.get(url).content.decode() for name, url in URLS.items()}
    assert_valid_html(documents)
