"""The application form and the project form on a phone (375 px) in Chromium, with
their error summaries: axe-core clean, the summary focused on load, its links moving
to the fields, and nothing wider than the screen."""

import pytest

from tests import factories
from tests.browser_support import assert_no_axe_violations

from . import factories as pf

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 812}


def assert_fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def assert_summary_focused_and_linked(page, first_field_id):
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.click(f"#error-summary a[href='#{first_field_id}']")
    assert page.evaluate("location.hash") == f"#{first_field_id}"


def test_application_form_on_a_phone(transactional_db, browser_page, settings):
    settings.HETSITE_FORM_MIN_SECONDS = 0
    pf.partner_index()
    factories.ward("Biscot", "West Central")
    factories.ward("Stopsley", "North Luton")
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/partners/apply/")
    assert page.locator("fieldset.portal-ward-group legend").all_inner_texts() == [
        "North Luton",
        "West Central",
    ]
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)

    page.fill("#id_organisation_name", "Lewsey Walkers")
    page.check("label:has-text('Biscot') input")
    page.check("#id_across_luton")
    page.click("text=Send application")
    assert_summary_focused_and_linked(page, "id_sector")
    assert page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)") == [
        "#id_sector",
        "#id_description",
        "#id_across_luton",
        "#id_contact_name",
        "#id_contact_email",
    ]
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)


def test_project_form_with_an_error_summary_on_a_phone(transactional_db, browser_page):
    org = pf.organisation("Lewsey Walkers")
    member = pf.member(org, "walker")
    factories.ward("Biscot", "West Central")
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/partners/portal/sign-in/")
    page.fill("#id_username", member.username)
    page.fill("#id_password", pf.PASSWORD)
    page.click("main button:has-text('Sign in')")
    page.wait_for_url("**/partners/portal/")

    page.goto("/partners/portal/projects/new/")
    assert page.locator("fieldset.portal-section > legend").all_inner_texts() == [
        "About the project",
        "Where and who",
        "How to take part",
        "Pictures",
    ]
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)

    page.fill("#id_summary", "Weekly walks.")
    page.fill("#id_start_date", "2026-05-01")
    page.fill("#id_end_date", "2026-04-01")
    page.click("button:has-text('Save and preview')")
    assert_summary_focused_and_linked(page, "id_title")
    assert page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)") == [
        "#id_title",
        "#id_description",
        "#id_end_date",
    ]
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)

    # Corrected, "Save and preview" saves the draft and shows it.
    page.fill("#id_title", "Walk and talk")
    page.fill("#id_description", "We meet on Wednesdays.")
    page.fill("#id_end_date", "2026-06-01")
    page.click("button:has-text('Save and preview')")
    page.wait_for_load_state()
    assert "/preview/" in page.url
    assert "Draft saved" in page.locator("main").inner_text()
    assert page.locator("h1").first.inner_text() == "Walk and talk"
