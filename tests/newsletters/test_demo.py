"""The newsletter demo loader: idempotent, features what exists, skips what does not."""

import io

import pytest

from newsletters import demo
from newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from tests import factories
from tests.newsletters import factories as nf

pytestmark = pytest.mark.django_db


class Ctx:
    def __init__(self, home):
        self.home = home
        self.with_users = False
        self.login_lines = []
        self.out = io.StringIO()

    def log(self, message):
        self.out.write(message + "\n")


def test_demo_issues_feature_existing_pages_and_load_twice(client):
    home = factories.home_page()
    biscot = nf.case_study(title="Biscot Health and Wellbeing Hub")
    assert biscot.slug == "biscot-health-and-wellbeing-hub"
    update = nf.priority_update(
        title="Supporting people back into work", slug="supporting-people-back-into-work"
    )
    ctx = Ctx(home)
    demo.load(ctx)
    demo.load(ctx)  # idempotent

    assert NewsletterIndexPage.objects.get().slug == "newsletters"
    issues = NewsletterIssuePage.objects.live().order_by("year", "quarter")
    assert [(i.year, i.quarter) for i in issues] == [(2024, 3), (2024, 4), (2025, 1)]
    for issue in issues:
        assert issue.summary.startswith("Demo issue.")
        assert "This is a demo issue" in str(issue.body[0].value["text"])

    autumn = issues.get(quarter=4)
    featured = [b.value["page"].pk for b in autumn.body if b.block_type == "case_study"]
    assert featured == [biscot.pk]  # the other two case studies do not exist here
    summer = issues.get(quarter=3)
    assert [b.value["page"].pk for b in summer.body if b.block_type == "priority_update"] == [
        update.pk
    ]

    archive = client.get("/newsletters/")
    assert archive.status_code == 200
    page = client.get(autumn.url)
    assert page.status_code == 200
    assert biscot.title in page.content.decode()
    assert "73 people" in page.content.decode()
