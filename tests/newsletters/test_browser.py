"""axe-core (WCAG 2.2 AA) and the Nu HTML Checker on every public newsletter page."""

import datetime

import pytest

from django.core import mail
from django.test import Client, TestCase

from newsletters import subscriptions
from newsletters.forms import SubscribeForm
from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.core.factories import trap_fields
from tests.newsletters import factories as nf


def build_issue():
    image = factories.image(size=(480, 270))
    case_study = nf.case_study(title="Biscot Health and Wellbeing Hub", listing_image=image)
    project = nf.project(title="GoodGym group runs")
    update = nf.priority_update(title="Warm homes", date=datetime.date(2024, 9, 1))
    nf.issue(year=2024, quarter=2, title="Summer 2024")
    nf.issue(year=2023, quarter=4, title="Winter 2023", listing_image=image)
    return nf.issue(
        year=2024,
        quarter=3,
        title="Autumn 2024",
        body=[
            nf.section("Good practice", "<p>Partners share <a href='/'>what works</a>.</p>"),
            nf.featured("case_study", case_study, "A neighbourhood hub."),
            nf.featured("project", project),
            nf.featured("priority_update", update),
            nf.image_block(factories.image(size=(600, 300)), "Volunteers in a park", "Caption"),
            nf.call_to_action(url="https://example.org/join/"),
        ],
    )


def signup_pages(client):
    """(name, path, method) for the sign-up journey, with real links from the emails."""
    subscriber = nf.subscriber("reader@example.org")
    unsubscribe = f"/newsletters/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}/"
    with TestCase.captureOnCommitCallbacks(execute=True):  # the email is sent on commit
        client.post(
            "/newsletters/subscribe/",
            {"email": "new@example.org", "consent": "on", **trap_fields(SubscribeForm)},
        )
    confirm = next(
        line.split("http://testserver", 1)[1]
        for line in mail.outbox[-1].body.splitlines()
        if "/newsletters/confirm/" in line
    )
    return {
        "subscribe form": "/newsletters/subscribe/",
        "thanks": "/newsletters/subscribe/thanks/",
        "confirm": confirm,
        "unsubscribe": unsubscribe,
        "bad link": "/newsletters/confirm/not-a-token/",
    }


def test_newsletter_pages_are_valid_html(db):
    client = Client()
    issue = build_issue()
    documents = {
        "archive": client.get("/newsletters/").content.decode(),
        "issue": client.get(issue.url).content.decode(),
    }
    pages = signup_pages(client)
    for name, path in pages.items():
        documents[name] = client.get(path).content.decode()
    documents["form with errors"] = client.post(
        "/newsletters/subscribe/", {"email": "bad", "website": ""}
    ).content.decode()
    documents["confirmed"] = client.post(pages["confirm"]).content.decode()
    documents["used link"] = client.post(pages["confirm"]).content.decode()
    documents["unsubscribed"] = client.post(pages["unsubscribe"]).content.decode()
    assert_valid_html(documents)


@pytest.mark.browser
def test_newsletter_pages_have_no_axe_violations(transactional_db, browser_page):
    factories.home_page()
    issue = build_issue()
    pages = signup_pages(Client())
    for path in ["/newsletters/", issue.url, *pages.values()]:
        browser_page.goto(path)
        assert_no_axe_violations(browser_page)

    # The form with errors, the confirmation and unsubscribe results, as a resident sees them.
    browser_page.goto("/newsletters/subscribe/")
    browser_page.fill("#id_email", "not an address")
    browser_page.click("main button[type=submit]")
    assert browser_page.locator("#newsletters-email-error").is_visible()
    assert_no_axe_violations(browser_page)

    browser_page.goto(pages["confirm"])
    browser_page.click("main button[type=submit]")
    assert browser_page.locator("h1").inner_text() == "You are subscribed"
    assert_no_axe_violations(browser_page)

    browser_page.goto(pages["unsubscribe"])
    browser_page.click("main button[type=submit]")
    assert browser_page.locator("h1").inner_text() == "You have been unsubscribed"
    assert_no_axe_violations(browser_page)
