"""The admin dashboard on a Monday morning: what needs an editor's attention."""

import datetime

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState

from hetsite.core.dashboard import (
    ApplicationsPanel,
    NewsletterPanel,
    OverduePanel,
    SubmissionsPanel,
    panels_for,
)
from hetsite.core.models import StandardPage
from newsletters.models import Delivery, IssueSend
from projects.models import PartnerApplication
from projects.moderation import partner_workflow
from tests import factories
from tests.newsletters import factories as nf
from tests.projects.portal import factories as pf

HEADINGS = [
    "Partner applications waiting",
    "Submissions awaiting review",
    "Pages past their review date",
    "Last newsletter send",
]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def application(name, days_ago):
    app = PartnerApplication.objects.create(
        organisation_name=name,
        sector="vcsfe",
        contact_name="Amina Khan",
        contact_email=f"{factories.unique('contact')}@example.org",
        description="Walks.",
    )
    PartnerApplication.objects.filter(pk=app.pk).update(created_at=ago(days_ago))
    return app


def submission(org, member, title, days_ago):
    page = pf.project(org, title=title, user=member)
    partner_workflow().start(page, member)
    TaskState.objects.filter(revision__object_id=str(page.pk)).update(started_at=ago(days_ago))
    return page


def overdue_page(title, days):
    page = factories.add_page(factories.home_page(), StandardPage(title=title))
    StandardPage.objects.filter(pk=page.pk).update(
        review_by=timezone.localdate() - datetime.timedelta(days=days)
    )
    return page


def newsletter_send(user, states, quarter=3):
    issue = nf.issue(quarter=quarter)
    IssueSend.objects.create(issue=issue, requested_by=user)
    for state in states:
        Delivery.objects.create(issue=issue, subscriber=nf.subscriber(), state=state)
    return issue


@pytest.fixture
def org(db):
    return pf.organisation("Stopsley Walking Group")


@pytest.fixture
def member(org):
    return pf.member(org)


@pytest.fixture
def busy_monday(org, member, editor):
    application("Farley Food Bank", 1)
    application("Lewsey Youth Club", 9)
    newer = submission(org, member, "Walk and talk", 2)
    older = submission(org, member, "Community gardening", 6)
    overdue_page("Health inequalities explained", 40)
    overdue_page("Our priorities", 3)
    issue = newsletter_send(editor, ["sent", "sent", "failed", "queued"])
    return {"newer": newer, "older": older, "issue": issue}


@pytest.mark.parametrize("who", ["editor", "site_admin"])
def test_editors_and_administrators_see_what_needs_doing(client, busy_monday, who, request):
    client.force_login(request.getfixturevalue(who))
    html = client.get("/admin/").content.decode()
    for heading in HEADINGS:
        assert heading in html
    # Applications, oldest first, with their age and a link to decide.
    assert html.index("Lewsey Youth Club") < html.index("Farley Food Bank")
    assert "9 days" in html and "1 day<" in html
    lewsey = PartnerApplication.objects.get(organisation_name="Lewsey Youth Club")
    assert reverse("partner_applications:inspect", args=[lewsey.pk]) in html
    # Submissions, the longest waiting first, linking to the edit view (approve there).
    older = busy_monday["older"]
    assert html.index("Community gardening") < html.index("Walk and talk")
    assert "6 days" in html and "2 days" in html
    assert reverse("wagtailadmin_pages:edit", args=[older.pk]) in html
    assert "Stopsley Walking Group" in html
    # Overdue pages, the longest overdue first, with the report.
    assert html.index("Health inequalities explained") < html.index("Our priorities")
    assert "40 days" in html
    assert reverse("overdue_content") in html
    # The last send and how far it got.
    assert busy_monday["issue"].title in html
    assert "In progress:" in html and "2 of 4 sent, 1 still to go, 1 failed" in html
    assert reverse("newsletters_admin:send", args=[busy_monday["issue"].pk]) in html


def test_an_empty_dashboard_reads_well(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "No application is waiting for a decision." in html
    assert "No page is waiting for review." in html
    assert "No page is past its review date." in html
    assert "No newsletter issue has been sent to subscribers yet." in html


def test_a_finished_send_says_so(client, editor):
    newsletter_send(editor, ["sent", "sent", "skipped"])
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Finished:" in html and "2 of 3 sent, 1 skipped" in html


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_partners_never_see_the_dashboard(client, busy_monday, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert panels_for(member) == []


def test_a_user_with_admin_access_only_sees_no_panel(db):
    from django.contrib.auth.models import Permission

    user = factories.user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert panels_for(user) == []


# --- A fixed number of queries per panel ------------------------------------------------------


def render_queries(panel, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        html = panel.render_html({"request": request, "csrf_token": "x"})
    return len(queries), html


def test_each_panel_costs_the_same_few_queries_for_1_or_20_rows(
    org, member, editor, django_assert_max_num_queries
):
    def build(start, count):
        for n in range(start, start + count):
            application(f"Applicant {n}", n)
            submission(org, member, f"Project {n}", n)
            overdue_page(f"Overdue {n}", n + 1)

    newsletter_send(editor, ["sent"])
    build(1, 1)
    panels = [ApplicationsPanel(), SubmissionsPanel(), OverduePanel(), NewsletterPanel()]
    one = [render_queries(panel, editor) for panel in panels]
    build(2, 19)
    newsletter_send(editor, ["sent"] * 19, quarter=4)
    twenty = [render_queries(panel, editor) for panel in panels]
    # The same bound for one row as for twenty (only past five rows is the total counted).
    limits = [2, 4, 2, 2]
    assert all(c <= limit for (c, _), limit in zip(one, limits, strict=True)), one
    assert all(c <= limit for (c, _), limit in zip(twenty, limits, strict=True)), twenty
    for panel, limit in zip(panels, limits, strict=True):
        with django_assert_max_num_queries(limit):
            render_queries(panel, editor)
    assert "20 applications waiting" in twenty[0][1]
    assert "20 pages submitted for review" in twenty[1][1]
    assert "20 pages past their review date" in twenty[2][1]
    assert "1 of 19 sent" not in twenty[3][1] and "19 of 19 sent" in twenty[3][1]
