import datetime

import pytest

from priorities.models import PriorityUpdatePage
from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.prizes import factories as prize_factories

from . import factories as f


def build_priorities():
    index = f.priority_index()
    index.introduction = "Partners work to the agreed priorities."
    index.save_revision().publish()
    group = f.group(
        "Business, Employment, Skills and Health",
        slug="business-employment-skills-and-health",
        short_name="BESH",
        chair="A subject matter expert",
        target_groups="Businesses and employers\nSub-groups of our population",
        body=[{"type": "paragraph", "value": "<p>The BESH sub-group works with employers.</p>"}],
    )
    group.principles = [factories.principle(3)]
    group.save_revision().publish()
    statuses = list(PriorityUpdatePage.Status)
    update = None
    for day in range(1, 13):
        update = f.update(
            group,
            f"Update {day}",
            datetime.date(2024, 1, day),
            status=statuses[day % len(statuses)],
            body=[{"type": "paragraph", "value": "<ul><li>Roadshows</li></ul>"}],
        )
    org = prize_factories.organisation("Employment Partner")
    project = prize_factories.project(org, "Back to work", priority_group=group)
    project.listing_image = factories.image()
    project.save_revision().publish()
    return index, group, update


def test_priority_pages_are_valid_html(client, db):
    index, group, update = build_priorities()
    assert_valid_html(
        {
            "priority index": client.get(index.url).content.decode(),
            "priority group": client.get(group.url).content.decode(),
            "priority group page 2": client.get(group.url, {"page": 2}).content.decode(),
            "priority update": client.get(update.url).content.decode(),
        }
    )


@pytest.mark.browser
def test_priority_pages_have_no_axe_violations(transactional_db, browser_page):
    factories.home_page()
    index, group, update = build_priorities()
    for url in (index.url, group.url, update.url):
        response = browser_page.goto(url)
        assert response.status == 200
        assert_no_axe_violations(browser_page)
    # Narrow screen: the facts lists stack and nothing overflows.
    browser_page.set_viewport_size({"width": 360, "height": 800})
    browser_page.goto(group.url)
    assert_no_axe_violations(browser_page)
    assert browser_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
