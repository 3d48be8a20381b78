"""The alert choices (sign-up and "Choose what you hear about"): valid HTML, axe-clean,
usable without JavaScript."""

import pytest

from django.test import Client

from hetsite.core.models import Ward
from newsletters import subscriptions
from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.newsletters import factories as nf
from tests.projects import factories as pf


def alert_terms():
    factories.ward("Biscot", "West Central")
    factories.ward("Dallow", "West Central")
    factories.ward("Stopsley", "North Luton")
    factories.principle(1, "Give every child the best start in life")
    factories.principle(3, "Create fair employment and good work for all")
    pf.priority_group("Housing and Health")


def preferences_path(subscriber):
    return f"/newsletters/preferences/{subscriptions.preferences_token(subscriber)}/"


def test_alert_choice_pages_are_valid_html(db):
    factories.home_page()
    alert_terms()
    client = Client()
    path = preferences_path(nf.subscriber("reader@example.org"))
    ward_id = str(Ward.objects.get(name="Biscot").pk)
    documents = {
        "subscribe with choices": client.get("/newsletters/subscribe/").content.decode(),
        "preferences": client.get(path).content.decode(),
        "preferences saved": client.post(path, {"wards": [ward_id]}).content.decode(),
        "preferences with an error": client.post(path, {"wards": ["99999"]}).content.decode(),
    }
    assert "Your choices are saved" in documents["preferences saved"]
    assert "Choose wards from the list." in documents["preferences with an error"]
    assert_valid_html(documents)


@pytest.mark.browser
def test_choosing_what_you_hear_about_in_a_browser(transactional_db, browser_page):
    factories.home_page()
    alert_terms()
    reader = nf.subscriber("reader@example.org")
    browser_page.goto("/newsletters/subscribe/")
    assert_no_axe_violations(browser_page)

    browser_page.goto(preferences_path(reader))
    assert_no_axe_violations(browser_page)
    browser_page.get_by_label("Stopsley").check()
    browser_page.get_by_label("Housing and Health").check()
    browser_page.click("main button[type=submit]")
    assert browser_page.get_by_text("Your choices are saved").is_visible()
    assert browser_page.get_by_label("Stopsley").is_checked()
    assert_no_axe_violations(browser_page)
    assert [w.name for w in reader.wards.all()] == ["Stopsley"]
    assert [g.title for g in reader.priority_groups.all()] == ["Housing and Health"]
