"""The retention purge under a frozen clock: what goes, what stays, and running it twice."""

import datetime
import io

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Revision

from hetsite.privacy import periods
from hetsite.privacy.addresses import address_hash
from hetsite.privacy.models import SuppressedAddress
from hetsite.privacy.tasks import purge_personal_data_task
from newsletters import subscriptions
from newsletters.models import Delivery, Subscriber
from projects.models import PartnerApplication, PartnerOrganisation
from projects.moderation import set_member_active
from tests.newsletters import factories as nf
from tests.projects.portal import factories as pf

from . import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def purge(*args):
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world(clock, editor):
    """Rows made at the start of the clock (all due by T0 + 13 months) and rows that stay.

    Returns (start, now): purge at ``now`` removes everything made at ``start`` and
    nothing made "recently" (just inside each period).
    """
    start = clock.now
    org = f.organisation()
    # --- made at the start: all of it is due later ---
    nf.subscriber("pending-old@example.org", state=Subscriber.State.PENDING)
    gone = nf.subscriber("gone@example.org")
    issue = nf.issue()
    # (Delivery.created_at's default is bound to the real clock: pass it.)
    Delivery.objects.create(
        issue=issue, subscriber=gone, state="sent", sent_at=start, created_at=start
    )
    reader = nf.subscriber("reader@example.org")
    Delivery.objects.create(
        issue=issue,
        subscriber=reader,
        state="sent",
        sent_at=start,
        claimed_by="run-1",
        created_at=start,
    )
    gone.state, gone.unsubscribed_at = Subscriber.State.UNSUBSCRIBED, start
    gone.save()
    rejected = f.application(
        "rejected-old@example.org", status="rejected", rejection_reason="Not local"
    )
    log(instance=rejected, action="projects.application.reject", data={"reason": "Not local"})
    approved = f.application("approved-old@example.org", status="approved")
    approved.organisation = org
    approved.save()
    old_member = f.member(org, "leaver@example.org")
    page = pf.project(org, title="Leaver's project", user=old_member)
    set_member_active(old_member, False, editor)
    back = f.member(org, "back@example.org")
    set_member_active(back, False, editor)
    f.task_record("old-task@example.org")
    # --- thirteen months on, the rows that must stay ---
    clock.set(datetime.datetime(2026, 2, 16, 12, 0, tzinfo=datetime.UTC))
    now = clock.now
    set_member_active(back, True, editor)
    clock.set(now - 6 * DAY)
    nf.subscriber("pending-new@example.org", state=Subscriber.State.PENDING)
    clock.set(now - 29 * DAY)
    recent = nf.subscriber("recent-gone@example.org", state=Subscriber.State.UNSUBSCRIBED)
    recent.unsubscribed_at = clock.now
    recent.save()
    f.task_record("new-task@example.org")
    f.task_record("waiting-task@example.org", finished=False)
    clock.set(datetime.datetime(2025, 8, 17, 12, 0, tzinfo=datetime.UTC))  # 6 months - 1 day
    f.application("rejected-new@example.org", status="rejected")
    clock.set(now - 300 * DAY)
    recent_member = f.member(org, "recent-leaver@example.org")
    set_member_active(recent_member, False, editor)
    clock.set(now)
    return {"start": start, "now": now, "old_member": old_member, "page": page, "org": org}


def test_purge_removes_what_is_due_and_keeps_the_rest(world):
    output = purge()
    assert "unconfirmed_subscribers" in output and "changed 1 row(s)" in output

    emails = set(Subscriber.objects.values_list("email", flat=True))
    assert emails == {"reader@example.org", "pending-new@example.org", "recent-gone@example.org"}
    # The unsubscribed address is now only a keyed hash with its date.
    suppressed = SuppressedAddress.objects.get()
    assert suppressed.address_hash == address_hash("Gone@Example.org")
    assert suppressed.unsubscribed_at == world["start"]
    # Delivery details are cleared; the record that stops a second send stays.
    delivery = Delivery.objects.get()
    assert (delivery.subscriber.email, delivery.state) == ("reader@example.org", "sent")
    assert (delivery.sent_at, delivery.claimed_by) == (None, "")

    applications = PartnerApplication.objects.order_by("pk")
    assert [a.contact_email for a in applications] == ["", "rejected-new@example.org"]
    rejection = ModelLogEntry.objects.get(action="projects.application.reject")
    assert rejection.data == {}  # the reason went with the application
    approved = applications[0]
    assert (approved.contact_name, approved.status) == ("", "approved")
    assert approved.organisation == world["org"]  # the organisation record stays
    assert PartnerOrganisation.objects.filter(pk=world["org"].pk).exists()

    User = get_user_model()
    leaver = User.objects.get(pk=world["old_member"].pk)
    assert (leaver.username, leaver.email, leaver.first_name) == (
        f"erased-user-{leaver.pk}",
        "",
        "",
    )
    assert not leaver.has_usable_password() and not leaver.groups.exists()
    # The page and its history stay, credited to the anonymised account.
    assert Revision.objects.filter(object_id=str(world["page"].pk)).get().user == leaver
    assert User.objects.filter(email="back@example.org", is_active=True).exists()
    assert User.objects.filter(email="recent-leaver@example.org", is_active=False).exists()

    assert sorted(DBTaskResult.objects.values_list("args_kwargs__args__0", flat=True)) == [
        "new-task@example.org",
        "waiting-task@example.org",
    ]
    dump = f.dump().lower()
    for gone in ("pending-old@", "gone@example", "rejected-old@", "approved-old@", "leaver@e"):
        assert gone not in dump.replace("recent-gone@", "").replace("recent-leaver@", "")


def test_second_run_changes_nothing(world):
    purge()
    before = f.dump()
    output = purge()
    assert f.dump() == before
    assert "0 row(s) changed in all" in output


def test_dry_run_lists_and_changes_nothing(world):
    before = f.dump()
    output = purge("--dry-run")
    assert f.dump() == before
    assert "unconfirmed_subscribers (older than 7 days" in output
    assert "deactivated_members (older than 12 months" in output
    assert "would change 1 row(s)" in output
    # Both old deliveries are listed; the real run clears one and deletes the other with
    # its unsubscribed subscriber (that rule runs first).
    assert "Dry run: nothing changed; 8 row(s) due in all." in output
    assert "7 row(s) changed in all" in purge()


def test_nothing_is_due_before_its_period(clock, world):
    clock.set(world["start"] + 6 * DAY)
    assert "0 row(s) due in all" in purge("--dry-run")


def test_task_runs_the_purge_and_logs_a_summary(world, caplog):
    with caplog.at_level("INFO", logger="hetsite.privacy.retention"):
        result = purge_personal_data_task.enqueue()
    [summary] = [r.getMessage() for r in caplog.records if r.name == "hetsite.privacy.retention"]
    assert "unconfirmed_subscribers=1" in summary and "total=7" in summary
    assert "@" not in summary
    assert result.return_value["unconfirmed_subscribers"] == 1
    assert result.return_value["deactivated_members"] == 1
    assert not Subscriber.objects.filter(email="pending-old@example.org").exists()


def test_unsubscribed_person_may_subscribe_again_by_confirming(clock):
    nf.index_page()
    gone = nf.subscriber("gone@example.org", state=Subscriber.State.UNSUBSCRIBED)
    gone.unsubscribed_at = clock.now
    gone.save()
    clock.advance(days=31)
    purge()
    assert not Subscriber.objects.exists()
    assert SuppressedAddress.objects.count() == 1

    # Signing up again makes a pending subscription: nothing is sent to it until the
    # person confirms, and the suppression record stays until then.
    subscriber = subscriptions.request_subscription("Gone@example.org", source="test")
    assert subscriber.state == Subscriber.State.PENDING
    assert not Subscriber.objects.confirmed().exists()
    assert SuppressedAddress.objects.count() == 1
    subscriptions.confirm(subscriptions.confirm_token(subscriber))
    assert Subscriber.objects.confirmed().get().email == "gone@example.org"
    assert not SuppressedAddress.objects.exists()


def test_cutoffs_count_calendar_months():
    march_31 = datetime.datetime(2025, 3, 31, 9, 0, tzinfo=datetime.UTC)
    assert periods.cutoff("1 month", march_31).date() == datetime.date(2025, 2, 28)
    assert periods.cutoff("12 months", march_31).date() == datetime.date(2024, 3, 31)
    assert periods.cutoff("1 year", march_31) == periods.cutoff("12 months", march_31)
    assert periods.cutoff("2 weeks", march_31).date() == datetime.date(2025, 3, 17)
    for bad in ("0 days", "six months", "3 fortnights", ""):
        with pytest.raises(ImproperlyConfigured):
            periods.cutoff(bad, march_31)


def test_every_period_is_configured(settings):
    from hetsite.privacy.retention import RULES

    assert {rule.key for rule in RULES} == set(settings.HETSITE_RETENTION)
