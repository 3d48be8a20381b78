"""Chromium, axe-core and the Nu HTML Checker on the case study library and pages."""

import pytest

from django.core.cache import cache

from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.casestudies import factories as cs


def build():
    cache.clear()
    p1, p2 = factories.principle(1), factories.principle(2)
    biscot = factories.ward("Biscot", "West Central")
    high_town = factories.ward("High Town", "South and Town Centre")
    housing = cs.priority_group("Housing and Health")
    org_page = cs.organisation_page("GoodGym Luton")
    target = cs.case_study(
        parent=org_page,
        title="Biscot garden",
        authors="A. Person",
        about="Gardening together.\n\n- Open to all\n- Multilingual",
        partners="Church team",
        acknowledgements="Thanks",
        whats_next="1. Keep going\n2. Grow",
        principles=[p1],
        wards=[biscot],
        neighbourhood=biscot.neighbourhood,
        priority_group=housing,
        population_groups=[factories.population_group("Older people")],
        images=[(factories.image(), "People planting vegetables")],
        year=2023,
    )
    cs.case_study(title="High Town homes", principles=[p2], wards=[high_town])
    cs.case_study(title="Biscot walks", principles=[p1], wards=[biscot], year=2024)
    return target


def tab_to(page, target, description, limit=60):
    """Press Tab until ``target`` has the focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {description}")


def titles(page):
    return page.locator(".case-library__list .card__title").all_inner_texts()


@pytest.mark.browser
def test_filter_by_ward_with_the_keyboard_only(transactional_db, browser_page):
    build()
    page = browser_page
    page.goto("/case-studies/")
    assert len(titles(page)) == 3
    ward = page.locator("input[name=ward][value=biscot]")
    tab_to(page, ward, "the Biscot ward checkbox")
    page.keyboard.press("Space")
    assert ward.is_checked()
    submit = page.locator("button.case-filters__submit")
    tab_to(page, submit, "the submit button")
    # The focused control is visibly outlined.
    assert submit.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ward=biscot" in page.url
    assert sorted(titles(page)) == ["Biscot garden", "Biscot walks"]
    assert page.locator("h2.case-library__count").inner_text() == "2 case studies"
    assert page.locator("input[name=ward][value=biscot]").is_checked()
    assert_no_axe_violations(page)


@pytest.mark.browser
def test_axe_finds_nothing_on_the_index_and_a_case_study(transactional_db, browser_page):
    target = build()
    for url in ["/case-studies/", "/case-studies/?ward=atlantis&q=zebra", target.url]:
        browser_page.goto(url)
        assert_no_axe_violations(browser_page)
    # Without JavaScript the filters still work (plain GET form).
    context = browser_page.context.browser.new_context(
        base_url=browser_page.url.split("/partners")[0], java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/case-studies/")
    page.check("input[name=principle][value=principle-2]")
    page.click("button.case-filters__submit")
    assert titles(page) == ["High Town homes"]
    context.close()


def test_html_is_valid_and_the_feed_is_xml(client, home_page):
    target = build()
    documents = {
        "index": client.get("/case-studies/").content.decode(),
        "filtered": client.get(
            "/case-studies/?ward=biscot&principle=principle-1"
        ).content.decode(),
        "empty": client.get("/case-studies/?q=zebra").content.decode(),
        "errors": client.get(
            "/case-studies/?ward=atlantis&year=1&q=" + "x" * 300
        ).content.decode(),
        "case study": client.get(target.url).content.decode(),
    }
    assert_valid_html(documents)
    import xml.dom.minidom

    xml.dom.minidom.parseString(client.get("/case-studies/feed/").content)  # noqa: S318


@pytest.mark.browser
def test_the_folded_ward_list_opens_and_filters_with_the_keyboard_only(
    transactional_db, browser_page
):
    cache.clear()
    cs.case_studies_in_wards()
    page = browser_page
    # On a phone the form comes first; a link skips it. Beside the list, it is not needed.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/case-studies/")
    jump = page.get_by_role("link", name="Skip to the list of 9 case studies")
    assert jump.is_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not jump.is_visible()
    summary = page.locator("details.facet-disclosure > summary")
    ward = page.locator("input[name=ward][value=dallow]")
    assert not ward.is_visible()
    tab_to(page, summary, "the ward list's summary")
    page.keyboard.press("Enter")
    assert ward.is_visible()
    tab_to(page, ward, "the Dallow checkbox", limit=30)
    page.keyboard.press("Space")
    page.locator("button.case-filters__submit").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert titles(page) == ["Work in Dallow"]
    # Chosen, so it stays open, and says so in its summary.
    assert page.locator("details.facet-disclosure[open]").count() == 1
    assert "(1 chosen)" in summary.inner_text()
    assert_no_axe_violations(page)
