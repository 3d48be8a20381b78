"""The privacy notice states exactly the retention periods the purge enforces."""

import re
from html import unescape

import pytest

from hetsite.core import demo, demo_pages
from hetsite.privacy.retention import RULES
from tests import factories

pytestmark = pytest.mark.django_db

# Distinct periods, so each one found in the notice can only have come from its own key.
PERIODS = {
    "unconfirmed_subscribers": "11 days",
    "unsubscribed_subscribers": "5 weeks",
    "rejected_applications": "8 months",
    "approved_applications": "13 months",
    "delivery_logs": "2 years",
    "deactivated_members": "16 months",
    "sent_emails": "4 months",
    "failed_emails": "5 months",
    "sign_in_attempts": "3 days",
    "task_results": "19 days",
}


class Ctx:
    def log(self, message):
        pass


def test_every_retention_rule_is_in_the_notice():
    assert {key for key, _, _ in demo_pages.RETENTION_ROWS} == {rule.key for rule in RULES}


def test_notice_states_the_configured_periods(client, settings):
    settings.HETSITE_RETENTION = PERIODS
    demo._standard_page(
        Ctx(), factories.home_page(), demo_pages.PRIVACY, demo_pages.PRIVACY["body"]()
    )
    html = unescape(client.get("/privacy-notice/").content.decode())
    rows = dict(re.findall(r'<th scope="row">([^<]*)</th>\s*<td[^>]*>(.*?)</td>', html, re.S))
    for key, label, _ in demo_pages.RETENTION_ROWS:
        assert PERIODS[key] in rows[label].lower(), (key, rows.get(label))
        others = [p for k, p in PERIODS.items() if k != key]
        assert not any(re.search(rf"\b{p}\b", rows[label]) for p in others), key
