import datetime
from decimal import Decimal

import pytest

from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html

from . import factories as f


def build_prizes():
    today = datetime.date.today()
    index = f.prize_index()
    index.introduction = "The prize funds local projects that tackle health inequalities."
    index.save_revision().publish()
    partner = f.organisation("GoodGym Luton")
    project = f.project(partner, "Running for good")
    past = f.prize_round(
        2023,
        summary="Three winners.",
        showcase_on=datetime.date(2024, 8, 1),
        dates_month_only=True,
        body=[
            {"type": "heading", "value": {"text": "What happened next", "level": "h2"}},
            {"type": "paragraph", "value": "<p>A showcase in August 2024.</p>"},
        ],
        winners=[
            {
                "organisation": partner,
                "project": project,
                "category": "VCSFE",
                "amount": Decimal("5000"),
                "summary": "Group runs.",
                "outcome": "People got active.",
            },
            {
                "winner_description": "Not named in the report",
                "project_title": "Socially inclusive youth club activities",
                "summary": "Youth club.",
            },
        ],
    )
    current = f.prize_round(
        today.year + 1,
        summary="The next round.",
        funding_partners="Bedfordshire and Luton Community Foundation",
        categories="Businesses and the private sector\nVCSFE sector",
        fund_size="£50,000",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        how_to_apply="<p>Apply by <a href='mailto:prize@example.org'>email</a>.</p>",
    )
    return index, past, current, project


def test_prize_pages_and_badge_are_valid_html(client, db):
    index, past, current, project = build_prizes()
    assert_valid_html(
        {
            "prize index": client.get(index.url).content.decode(),
            "past round": client.get(past.url).content.decode(),
            "open round": client.get(current.url).content.decode(),
            "winning project": client.get(project.url).content.decode(),
        }
    )


@pytest.mark.browser
def test_prize_pages_have_no_axe_violations(transactional_db, browser_page):
    factories.home_page()
    index, past, current, project = build_prizes()
    for url in (index.url, past.url, current.url, project.url):
        response = browser_page.goto(url)
        assert response.status == 200
        assert_no_axe_violations(browser_page)
    browser_page.goto(project.url)
    badge = browser_page.get_by_role("link", name="Health Equity Town Prize winner 2023")
    badge.focus()
    box = badge.bounding_box()
    assert box["height"] >= 24
    badge.click()
    assert browser_page.url.endswith(past.url)
