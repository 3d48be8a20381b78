"""Review dates: the default at first publication, the overdue report, the weekly reminder."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from hetsite.core import review
from hetsite.core.models import OutgoingEmail, ReviewReminder, StandardPage
from hetsite.core.models.base import review_date_after
from hetsite.core.worker import run_housekeeping
from tests import factories
from tests.newsletters import factories as nf
from tests.projects.portal import factories as pf

LONDON = ZoneInfo("Europe/London")
REPORT = reverse("overdue_content")


def standard_page(title, review_by=None, publish=True):
    page = factories.add_page(factories.home_page(), StandardPage(title=title), publish=publish)
    if review_by is not None:
        StandardPage.objects.filter(pk=page.pk).update(review_by=review_by)
    return StandardPage.objects.get(pk=page.pk)


def days_before(days, day=None):
    return (day or timezone.localdate()) - datetime.timedelta(days=days)


# --- The default ----------------------------------------------------------------------------


def test_default_is_twelve_months_after_first_publication(db):
    page = standard_page("About the programme")
    assert page.first_published_at is not None
    assert page.review_by == review_date_after(page.first_published_at)
    assert page.review_by == timezone.localdate(page.first_published_at).replace(
        year=timezone.localdate(page.first_published_at).year + 1
    )


@pytest.mark.parametrize(
    "published, expected",
    [
        (datetime.datetime(2026, 3, 1, 9, tzinfo=LONDON), datetime.date(2027, 3, 1)),
        (datetime.datetime(2028, 2, 29, 9, tzinfo=LONDON), datetime.date(2029, 2, 28)),
        # 23:30 UTC on 30 June is 00:30 on 1 July in London: the local day counts.
        (datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC), datetime.date(2027, 7, 1)),
    ],
)
def test_review_date_after(published, expected):
    assert review_date_after(published) == expected


def test_drafts_have_no_review_date(db):
    page = standard_page("Not yet", publish=False)
    assert page.first_published_at is None
    assert page.review_by is None


def test_an_editors_date_is_kept_on_publish(db):
    page = standard_page("Reviewed")
    page.review_by = datetime.date(2030, 1, 15)
    page.save_revision().publish()
    assert StandardPage.objects.get(pk=page.pk).review_by == datetime.date(2030, 1, 15)


def test_the_edit_form_shows_the_date_set_at_publication(client, editor):
    page = standard_page("Shown in the form")
    # The revision was saved before publication, without a date.
    assert page.latest_revision.content.get("review_by") is None
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert f'value="{page.review_by:%Y-%m-%d}"' in html
    assert "Review by" in html


def test_already_published_pages_get_dates_once(db):
    old = standard_page("Published before review dates")
    draft = standard_page("Never published", publish=False)
    StandardPage.objects.filter(pk=old.pk).update(
        review_by=None, first_published_at=datetime.datetime(2024, 5, 6, 10, tzinfo=LONDON)
    )
    assert review.fill_missing_review_dates() >= 1
    assert StandardPage.objects.get(pk=old.pk).review_by == datetime.date(2025, 5, 6)
    assert StandardPage.objects.get(pk=draft.pk).review_by is None
    assert review.fill_missing_review_dates() == 0


def test_every_page_type_on_the_base_page_has_a_review_date():
    names = {model.__name__ for model in review.page_models()}
    assert {"HomePage", "StandardPage", "CaseStudyPage", "ProjectPage"} <= names
    assert {"NewsletterIssuePage", "PrizeRoundPage", "WardIndexPage"} <= names


# --- Which pages are overdue ------------------------------------------------------------------


def test_overdue_pages_are_live_past_their_date_oldest_first(db):
    newest = standard_page("Overdue by a day", review_by=days_before(1))
    oldest = standard_page("Overdue by a year", review_by=days_before(365))
    standard_page("Due today", review_by=timezone.localdate())
    standard_page("Due next month", review_by=days_before(-30))
    draft = standard_page("A draft", publish=False)
    StandardPage.objects.filter(pk=draft.pk).update(review_by=days_before(100))
    issue = nf.issue()  # another page type, in another table
    type(issue).objects.filter(pk=issue.pk).update(review_by=days_before(30))
    overdue = list(review.overdue_pages())
    assert [p.pk for p in overdue] == [oldest.pk, issue.pk, newest.pk]
    assert overdue[0].review_date == days_before(365)


def test_overdue_pages_is_one_query(db, django_assert_num_queries):
    for n in range(3):
        standard_page(f"Page {n}", review_by=days_before(10 + n))
    with django_assert_num_queries(1):
        assert len(list(review.overdue_pages())) == 3


# --- The report -------------------------------------------------------------------------------


@pytest.fixture
def overdue(db):
    return [
        standard_page("Health inequalities explained", review_by=days_before(40)),
        standard_page("Our priorities", review_by=days_before(3)),
    ]


def test_anonymous_is_sent_to_sign_in(client, overdue):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_partners_never_reach_the_report(client, overdue):
    org = pf.organisation("Organisation A")
    client.force_login(pf.member(org))
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("who", ["editor", "site_admin"])
def test_editors_and_administrators_see_the_report(client, overdue, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    first, second = overdue
    assert html.index(first.title) < html.index(second.title)
    assert reverse("wagtailadmin_pages:edit", args=[first.pk]) in html
    assert "40 days" in html and "3 days" in html
    menu = client.get("/admin/").content.decode()
    assert "Overdue content" in menu


def test_a_plain_admin_user_without_page_permissions_is_refused(client, overdue):
    user = factories.user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"  # back on the dashboard, with a message
    assert "Overdue content" not in client.get("/admin/").content.decode()


def test_the_report_reads_well_when_nothing_is_overdue(client, editor):
    standard_page("Fresh", review_by=days_before(-100))
    client.force_login(editor)
    html = client.get(REPORT).content.decode()
    assert "No page is past its review date." in html
    assert "Fresh" not in html


def test_csv_export(client, editor, overdue):
    client.force_login(editor)
    response = client.get(REPORT + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Title", "Review by", "Days overdue", "Type", "Last published"]
    assert [row[0] for row in rows[1:]] == [page.title for page in overdue]
    assert rows[1][1] == str(days_before(40))
    assert rows[1][2] == "40"
    assert rows[1][3] == "Standard page"


def test_xlsx_export(client, editor, overdue):
    client.force_login(editor)
    response = client.get(REPORT + "?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


# --- The weekly reminder ----------------------------------------------------------------------


def at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


MONDAY = datetime.date(2026, 11, 30)


def reminder_emails():
    return list(OutgoingEmail.objects.filter(kind="review_reminder").order_by("pk"))


@pytest.fixture
def editors(db):
    return [factories.editor(), factories.editor()]


def make_overdue(day=MONDAY):
    return [
        standard_page("Health inequalities explained", review_by=days_before(40, day)),
        standard_page("Our priorities", review_by=days_before(3, day)),
    ]


def test_reminder_lists_what_is_overdue_and_goes_to_each_editor(editors, settings):
    pages = make_overdue()
    reminder = review.send_review_reminder(at(MONDAY, 8))
    assert reminder.week == "2026-W49"
    assert reminder.overdue_count == 2
    emails = reminder_emails()
    assert sorted(e.recipients for e in emails) == sorted(u.email for u in editors)
    assert emails[0].subject == "2 pages past their review date"
    body = emails[0].message["body"]
    assert body.index(pages[0].title) < body.index(pages[1].title)
    assert "40 days overdue" in body
    assert f"http://testserver/admin/pages/{pages[0].pk}/edit/" in body
    assert "http://testserver" + REPORT in body


def test_reminder_goes_once_per_iso_week(editors):
    make_overdue()
    assert review.send_review_reminder(at(MONDAY, 8)) is not None
    count = len(reminder_emails())
    # Later that week, or a second worker, or a restarted worker: nothing more.
    for moment in (at(MONDAY, 8), at(MONDAY, 9), at(datetime.date(2026, 12, 6), 23)):
        assert review.send_review_reminder(moment) is None
    assert len(reminder_emails()) == count
    # The next week it goes again.
    assert review.send_review_reminder(at(datetime.date(2026, 12, 7), 8)).week == "2026-W50"
    assert len(reminder_emails()) == 2 * count


def test_reminder_waits_for_monday_morning(editors):
    make_overdue()
    assert review.send_review_reminder(at(MONDAY, 6)) is None
    assert reminder_emails() == []
    # A worker that was stopped on Monday sends it when it comes back later in the week.
    assert review.send_review_reminder(at(datetime.date(2026, 12, 2), 10)) is not None


def test_no_reminder_when_nothing_is_overdue(editors):
    standard_page("Fresh", review_by=days_before(-10, MONDAY))
    assert review.send_review_reminder(at(MONDAY, 8)) is None
    assert reminder_emails() == []
    assert not ReviewReminder.objects.exists()


def test_a_worker_that_loses_the_race_sends_nothing(editors, monkeypatch):
    make_overdue()
    real = review.reminder_recipients

    def another_worker_sends_first():
        ReviewReminder.objects.create(week="2026-W49")
        return real()

    monkeypatch.setattr(review, "reminder_recipients", another_worker_sends_first)
    assert review.send_review_reminder(at(MONDAY, 8)) is None
    assert reminder_emails() == []
    assert ReviewReminder.objects.count() == 1


def test_the_worker_sends_it_from_its_housekeeping(editors):
    make_overdue()
    run_housekeeping("worker-1", now=at(MONDAY, 8))
    run_housekeeping("worker-2", now=at(MONDAY, 8))
    assert ReviewReminder.objects.get().week == "2026-W49"
    assert len(reminder_emails()) == len(editors)


def test_partners_are_not_reminded(editors):
    org = pf.organisation("Organisation A")
    member = pf.member(org)
    make_overdue()
    review.send_review_reminder(at(MONDAY, 8))
    assert member.email not in {e.recipients for e in reminder_emails()}
    assert Page.objects.live().count() > 2
