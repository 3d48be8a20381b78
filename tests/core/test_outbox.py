"""Email through the outbox: the mail server down, then back, then each email once.

The mail server is real: Django's SMTP backend talks to a closed port (refused, as when
the server is down), then to an aiosmtpd server brought up on that same port.
"""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from hetsite.core import outbox
from hetsite.core.models import OutgoingEmail
from newsletters.forms import SubscribeForm
from newsletters.models import Subscriber
from projects.models import PartnerApplication
from tests import factories
from tests.core.factories import trap_fields
from tests.mailserver import body_text, closed_port, smtp_server
from tests.projects.portal import factories as pf
from tests.projects.portal.test_applications import application_data

pytestmark = pytest.mark.django_db

State = OutgoingEmail.State


@pytest.fixture
def smtp_port(settings):
    """Real SMTP, pointed at a port where no server listens (yet)."""
    port = closed_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.EDITOR_NOTIFICATION_EMAILS = ["editors@example.org"]
    return port


def committed():
    """Run on_commit callbacks (the send tasks) as a committed request would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def later(minutes):
    return timezone.now() + timedelta(minutes=minutes)


def assert_queued_with_error(kinds):
    emails = OutgoingEmail.objects.order_by("pk")
    assert sorted(e.kind for e in emails) == sorted(kinds)
    for email in emails:
        assert email.state == State.QUEUED
        assert email.attempts == 1
        assert "ConnectionRefusedError" in email.last_error
        assert timezone.now() < email.next_attempt_at <= later(1)
        assert email.message  # kept until it has been sent


def deliver_when_server_is_back(port, recipients):
    """Bring the server up; the due retry delivers each email once, and no more after."""
    with smtp_server(port) as server:
        assert outbox.send_due(now=later(2)) == len(recipients)
        assert outbox.send_due(now=later(30)) == 0
    assert server.recipients() == {address: 1 for address in recipients}
    for email in OutgoingEmail.objects.all():
        assert email.state == State.SENT and email.sent_at and email.attempts == 2
        assert email.message == {} and email.last_error == ""
    return server


def test_apply_with_the_mail_server_down(client, smtp_port, home_page):
    data = application_data()
    with committed():
        response = client.post(reverse("projects:apply"), data)
    assert response.status_code == 302
    assert response.url == reverse("projects:apply_done")
    assert PartnerApplication.objects.get().status == "pending"
    assert_queued_with_error(["application_received", "application_notification"])
    deliver_when_server_is_back(smtp_port, ["amina@example.org", "editors@example.org"])


def test_subscribe_with_the_mail_server_down(client, smtp_port, home_page):
    with committed():
        response = client.post(
            "/newsletters/subscribe/",
            {"email": "resident@example.org", "consent": "on", **trap_fields(SubscribeForm)},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletters:subscribe_thanks")
    assert Subscriber.objects.get().state == Subscriber.State.PENDING
    assert_queued_with_error(["newsletter_confirm"])
    server = deliver_when_server_is_back(smtp_port, ["resident@example.org"])
    (message,) = server.parsed()
    assert "/newsletters/confirm/" in body_text(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # headers kept


def test_editor_approves_in_the_admin_with_the_mail_server_down(smtp_port, editor):
    pf.partner_index()
    application = PartnerApplication.objects.create(
        organisation_name="Stopsley Walking Group",
        sector="vcsfe",
        contact_name="Amina Khan",
        contact_email="amina@example.org",
        description="Weekly walks for older people in Stopsley.",
    )
    client = Client()
    client.force_login(editor)
    with committed():
        response = client.post(reverse("partner_applications:approve", args=[application.pk]))
    assert response.status_code == 302
    assert response.url == reverse("partner_applications:inspect", args=[application.pk])
    page = client.get(response.url).content.decode()
    assert "Approved: Stopsley Walking Group now has a profile page" in page
    application.refresh_from_db()
    assert application.status == "approved" and application.member is not None
    assert_queued_with_error(["application_approved"])
    link_path = reverse("projects:portal_set_password", args=["uid", "token"]).split("uid")[0]
    assert link_path in OutgoingEmail.objects.get().message["body"]

    server = deliver_when_server_is_back(smtp_port, ["amina@example.org"])
    (message,) = server.parsed()
    match = re.search(rf"http://testserver({re.escape(link_path)}\S+)", body_text(message))
    assert match, body_text(message)
    # The set-password link (a credential) is no longer stored anywhere in the outbox.
    stored = list(OutgoingEmail.objects.values_list("message", "subject", "last_error"))
    assert match.group(1) not in str(stored)
    # And it works: the member chooses a password.
    set_password = Client().get(match.group(1), follow=True)
    assert set_password.status_code == 200


def test_a_rolled_back_transaction_queues_and_sends_nothing():
    with committed() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.queue_email(EmailMultiAlternatives("Hi", "Body", to=["a@example.org"]))
            raise RuntimeError
    assert not callbacks
    assert not OutgoingEmail.objects.exists()
    assert not mail.outbox


def test_retries_back_off_then_fail_and_editors_see_it_and_can_retry(smtp_port, editor):
    with committed():
        outbox.queue_email(
            EmailMultiAlternatives("Your link", "secret-link-xyz", to=["m@example.org"]),
            kind="application_approved",
        )
    email = OutgoingEmail.objects.get()
    now = timezone.now()
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        email.refresh_from_db()
        due = email.next_attempt_at
        assert outbox.send_due(now=due - timedelta(seconds=1)) == 0  # not before its time
        assert OutgoingEmail.objects.get().attempts == attempt - 1
        outbox.send_due(now=due)
        email.refresh_from_db()
        assert email.attempts == attempt
        now = due
    assert email.state == State.FAILED and email.next_attempt_at is None
    waited = [d.total_seconds() / 60 for d in outbox.RETRY_DELAYS]
    assert waited[:4] == [1, 5, 15, 60]
    assert outbox.send_due(now=now + timedelta(days=2)) == 0  # failed: no more attempts

    client = Client()
    client.force_login(editor)
    listing = client.get(reverse("outgoing_emails:index") + "?state=failed")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "m@example.org" in html and "Your link" in html
    inspect = client.get(reverse("outgoing_emails:inspect", args=[email.pk])).content.decode()
    assert "ConnectionRefusedError" in inspect
    assert "secret-link-xyz" not in inspect + html  # never the message itself
    edit = client.get(reverse("outgoing_emails:edit", args=[email.pk]))
    assert edit.status_code == 302  # read only: no edit form, even for editors
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Emails that could not be sent" in dashboard and "m@example.org" in dashboard
    retry_url = reverse("outgoing_emails:retry", args=[email.pk])
    assert retry_url in inspect
    with smtp_server(smtp_port) as server, committed():
        assert client.post(retry_url).status_code == 302
    assert server.recipients() == {"m@example.org": 1}
    assert OutgoingEmail.objects.get().state == State.SENT
    # A sent email cannot be retried.
    with committed():
        client.post(retry_url)
    assert OutgoingEmail.objects.get().attempts == outbox.MAX_ATTEMPTS + 1


def test_only_editors_and_administrators_see_the_outbox(site_admin):
    outbox.queue_email(EmailMultiAlternatives("S", "B", to=["x@example.org"]))
    url = reverse("outgoing_emails:index")
    admin = Client()
    admin.force_login(site_admin)
    assert admin.get(url).status_code == 200
    org = pf.organisation()
    for user in (pf.member(org), factories.user("someone")):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302
        assert b"x@example.org" not in response.content


def test_a_worker_that_died_while_sending_leaves_the_email_to_be_sent_again():
    email = outbox.queue_email(EmailMultiAlternatives("S", "B", to=["x@example.org"]))
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=State.SENDING, attempts=1, claimed_at=timezone.now()
    )
    assert outbox.send_due() == 0  # within its lease: another worker may be sending it
    assert outbox.send_due(now=later(11)) == 1
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


def test_the_queueing_backend_puts_other_code_s_email_in_the_outbox(settings):
    settings.EMAIL_BACKEND = "hetsite.core.outbox.QueueingEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with committed():
        send_mail("Workflow notice", "Body", None, ["editor@example.org"])
        message = EmailMultiAlternatives(
            "Reset", "Link", to=["m@example.org"], headers={outbox.KIND_HEADER: "password_reset"}
        )
        message.send()
        assert not mail.outbox  # nothing sent inside the request
    assert [(e.kind, e.state) for e in OutgoingEmail.objects.order_by("pk")] == [
        ("other", State.SENT),
        ("password_reset", State.SENT),
    ]
    assert [m.to for m in mail.outbox] == [["editor@example.org"], ["m@example.org"]]
    assert outbox.KIND_HEADER not in mail.outbox[1].extra_headers


def test_purge_sent_before_keeps_recent_and_unsent_emails():
    now = timezone.now()
    rows = {}
    for name, state, sent_days_ago in [
        ("old", State.SENT, 40),
        ("recent", State.SENT, 5),
        ("waiting", State.QUEUED, None),
        ("failed", State.FAILED, None),
    ]:
        rows[name] = OutgoingEmail.objects.create(
            kind="test",
            recipients=f"{name}@example.org",
            state=state,
            created_at=now - timedelta(days=41),
            sent_at=now - timedelta(days=sent_days_ago) if sent_days_ago else None,
        )
    assert outbox.purge_sent_before(now - timedelta(days=30)) == 1
    assert set(OutgoingEmail.objects.values_list("recipients", flat=True)) == {
        "recent@example.org",
        "waiting@example.org",
        "failed@example.org",
    }
    assert outbox.purge_sent_before(now - timedelta(days=30)) == 0  # a second run: nothing
    assert outbox.purge_failed_before(now - timedelta(days=30)) == 1
