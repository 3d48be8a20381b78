"""Sending an issue: exactly once per confirmed subscriber, whatever happens."""

import io
import re
from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.utils import timezone

from newsletters import sending
from newsletters.models import Delivery, Subscriber
from newsletters.tasks import send_issue_task
from tests import factories
from tests.newsletters import factories as nf
from tests.newsletters.backends import FlakyBackend, SimulatedCrash

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def flaky_backend(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    yield FlakyBackend
    FlakyBackend.reset()


@pytest.fixture
def readers():
    confirmed = [nf.subscriber(f"reader{n}@example.org") for n in range(7)]
    nf.subscriber("pending@example.org", state=Subscriber.State.PENDING)
    nf.subscriber("left@example.org", state=Subscriber.State.UNSUBSCRIBED)
    return confirmed


def received():
    return Counter(message.to[0] for message in mail.outbox)


def expected(readers):
    return Counter({reader.email: 1 for reader in readers})


def pass_the_lease():
    """Pretend the crashed worker's lease has run out."""
    Delivery.objects.exclude(claimed_at=None).update(
        claimed_at=timezone.now() - sending.LEASE - timedelta(minutes=1)
    )


def test_sending_twice_sends_each_confirmed_subscriber_one_email(readers):
    issue = nf.issue()
    first = sending.send_issue(issue.pk, batch_size=3)
    assert (first.sent, first.total, first.failed) == (7, 7, 0)
    second = sending.send_issue(issue.pk, batch_size=3)
    assert second.sent == 7
    assert received() == expected(readers)
    assert "pending@example.org" not in received()
    assert "left@example.org" not in received()
    assert Delivery.objects.filter(issue=issue).count() == 7
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert all(d.sent_at and d.attempts == 1 for d in Delivery.objects.all())


def test_the_task_does_the_same_and_reports_progress(readers):
    issue = nf.issue()
    result = send_issue_task.enqueue(issue.pk)
    assert result.return_value["sent"] == 7
    send_issue_task.enqueue(issue.pk)
    assert received() == expected(readers)


def test_subscribers_who_confirm_later_get_it_on_the_next_send(readers):
    issue = nf.issue()
    sending.send_issue(issue.pk)
    late = nf.subscriber("late@example.org")
    sending.send_issue(issue.pk)
    assert received() == expected([*readers, late])


def test_crash_after_the_server_took_a_message_never_resends_it(readers, flaky_backend):
    issue = nf.issue()
    flaky_backend.crash_after_handoff = 4
    with pytest.raises(SimulatedCrash):
        sending.send_issue(issue.pk, batch_size=3)
    assert len(mail.outbox) == 4
    # Restarting straight away leaves the dead worker's rows alone (its lease holds)...
    flaky_backend.crash_after_handoff = None
    sending.send_issue(issue.pk, batch_size=3)
    # ...and once the lease has passed, the rest are sent and nobody gets two.
    pass_the_lease()
    result = sending.send_issue(issue.pk, batch_size=3)
    assert received() == expected(readers)
    assert result.sent == 6
    assert result.interrupted == 1  # it went out, but the worker died before recording it
    interrupted = Delivery.objects.get(state=Delivery.State.INTERRUPTED)
    assert "may have been sent" in interrupted.last_error


def test_crash_between_batches_resumes_where_it_stopped(readers):
    issue = nf.issue()
    real_claim = sending.claim_batch
    calls = {"n": 0}

    def crash_on_third_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SimulatedCrash
        return real_claim(*args, **kwargs)

    with mock.patch.object(sending, "claim_batch", crash_on_third_batch):
        with pytest.raises(SimulatedCrash):
            sending.send_issue(issue.pk, batch_size=2)
    assert len(mail.outbox) == 4
    result = sending.send_issue(issue.pk, batch_size=2)
    assert received() == expected(readers)
    assert (result.sent, result.interrupted) == (7, 0)


def test_crash_while_handing_over_is_not_resent_and_is_reported(readers, flaky_backend):
    issue = nf.issue()
    flaky_backend.crash_before_handoff = 3
    with pytest.raises(SimulatedCrash):
        sending.send_issue(issue.pk, batch_size=5)
    flaky_backend.crash_before_handoff = None
    pass_the_lease()
    result = sending.send_issue(issue.pk, batch_size=5)
    counts = received()
    assert max(counts.values()) == 1  # nobody twice
    assert sum(counts.values()) == 6
    assert result.interrupted == 1  # the one in doubt is shown to the editor, not guessed
    # Claimed-but-untouched rows of the crashed batch were released and sent.
    assert result.sent == 6


def test_two_workers_never_claim_the_same_rows(readers):
    issue = nf.issue()
    sending.queue_deliveries(issue)
    now = timezone.now()
    first = sending.claim_batch(issue, "run-a", now, size=4)
    second = sending.claim_batch(issue, "run-b", now, size=4)
    assert len(first) == 4 and len(second) == 3
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert sending.claim_batch(issue, "run-c", now, size=4) == []


def test_a_failing_address_is_retried_later_and_does_not_stop_the_rest(readers, flaky_backend):
    issue = nf.issue()
    bad = readers[2].email
    flaky_backend.refuse = {bad}
    result = sending.send_issue(issue.pk, batch_size=3)
    assert result.sent == 6
    assert result.waiting == 1
    delivery = Delivery.objects.get(subscriber__email=bad)
    assert delivery.state == Delivery.State.QUEUED
    assert delivery.attempts == 1
    assert "SMTPRecipientsRefused" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()

    # Running again before its time does not retry it.
    sending.send_issue(issue.pk)
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1

    # When its time comes it is retried, up to MAX_ATTEMPTS, then marked failed.
    for attempt in range(2, sending.MAX_ATTEMPTS + 1):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        sending.send_issue(issue.pk)
        assert Delivery.objects.get(pk=delivery.pk).attempts == attempt
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    final = sending.send_issue(issue.pk)
    assert Delivery.objects.get(pk=delivery.pk).attempts == sending.MAX_ATTEMPTS
    assert (final.sent, final.failed) == (6, 1)
    assert bad not in received()
    assert received() == expected([r for r in readers if r.email != bad])


def test_a_retry_that_succeeds_is_sent_once(readers, flaky_backend):
    issue = nf.issue()
    flaky_backend.refuse = {readers[0].email}
    sending.send_issue(issue.pk)
    flaky_backend.refuse = set()
    Delivery.objects.filter(state=Delivery.State.QUEUED).update(next_attempt_at=timezone.now())
    result = sending.send_issue(issue.pk)
    assert result.sent == 7
    assert received() == expected(readers)


def test_unsubscribing_after_queueing_means_no_email(readers):
    issue = nf.issue()
    sending.queue_deliveries(issue)
    Subscriber.objects.filter(pk=readers[0].pk).update(state=Subscriber.State.UNSUBSCRIBED)
    result = sending.send_issue(issue.pk)
    assert readers[0].email not in received()
    assert (result.sent, result.skipped) == (6, 1)


def test_only_published_issues_are_sent(readers):
    draft = nf.issue(publish=False)
    with pytest.raises(sending.NotPublished):
        sending.send_issue(draft.pk)
    assert not mail.outbox


def test_the_email_has_absolute_links_alt_text_and_unsubscribe_headers(readers):
    case_study = nf.case_study(title="GoodGym Luton", listing_image=factories.image())
    issue = nf.issue(
        body=[
            nf.section(
                "News", f'<p>Read <a linktype="page" id="{case_study.pk}">the case study</a>.</p>'
            ),
            nf.featured("case_study", case_study),
            nf.image_block(factories.image(), "Runners in Wardown Park"),
            nf.call_to_action(page=case_study),
        ]
    )
    sending.send_issue(issue.pk)
    message = next(m for m in mail.outbox if m.to == [readers[0].email])
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert links
    assert all(link.startswith("http://testserver/") for link in links), links
    assert "http://testserver/case-studies/goodgym-luton/" in links
    assert 'alt="Runners in Wardown Park"' in html
    assert all(re.search(r'\balt="', tag) for tag in re.findall(r"<img[^>]*>", html))
    assert "<table" in html and 'style="' in html
    # Plain-text alternative with the same links spelt out.
    assert "http://testserver/case-studies/goodgym-luton/" in message.body
    assert not re.search(r"\(/", message.body)
    # RFC 8058 one-click unsubscribe, personal to the reader.
    header = message.extra_headers["List-Unsubscribe"]
    one_click = re.search(
        r"<(http://testserver/newsletters/unsubscribe/[^>]+/one-click/)>", header
    )
    assert one_click
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page_link = re.search(r"http://testserver(/newsletters/unsubscribe/[^/\"]+/)", html).group(1)
    assert page_link in message.body
    # The links work, without signing in.
    client = Client(enforce_csrf_checks=True)
    assert client.post(one_click.group(1).removeprefix("http://testserver")).status_code == 200
    assert Subscriber.objects.get(pk=readers[0].pk).state == Subscriber.State.UNSUBSCRIBED
    # Each reader gets their own link.
    other = next(m for m in mail.outbox if m.to == [readers[1].email])
    assert other.extra_headers["List-Unsubscribe"] != header


def test_management_command_by_quarter_with_progress(readers):
    issue = nf.issue(year=2024, quarter=3)
    out = io.StringIO()
    call_command("send_newsletter", "2024-Q3", "--batch-size", "3", stdout=out)
    output = out.getvalue()
    assert "[##############################] sent 7 of 7" in output
    assert "sent 3 of 7" in output  # one line per batch when not a terminal
    assert "\r" not in output
    assert "Done: sent 7 of 7." in output
    call_command("send_newsletter", str(issue.pk), stdout=io.StringIO())
    assert received() == expected(readers)


def test_management_command_test_send_and_bad_input(readers):
    issue = nf.issue(year=2024, quarter=2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(
            "send_newsletter", "2024q2", "--test-to", "editor@example.org", stdout=io.StringIO()
        )
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert mail.outbox[0].subject.startswith("[Test]")
    assert not Delivery.objects.exists()
    for bad in ["2024-Q5", "nonsense", "99999"]:
        with pytest.raises(CommandError):
            call_command("send_newsletter", bad, stdout=io.StringIO())
    draft = nf.issue(year=2023, quarter=1, publish=False)
    with pytest.raises(CommandError, match="not published"):
        call_command("send_newsletter", str(draft.pk), stdout=io.StringIO())
    assert issue.live
