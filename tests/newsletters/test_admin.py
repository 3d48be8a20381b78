"""The Wagtail admin side: subscribers for editors only, and the send screens."""

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from hetsite.core.models import OutgoingEmail
from newsletters.models import Delivery, IssueSend, Subscriber
from tests import factories
from tests.newsletters import factories as nf

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter_subscribers/"


@pytest.fixture
def admin_only_user(db):
    """Someone who can open the Wagtail admin but is not a Public health editor."""
    user = factories.user()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def some_subscribers(db):
    return [
        nf.subscriber("amira@example.org"),
        nf.subscriber("ben@example.org", state=Subscriber.State.PENDING),
        nf.subscriber("chloe@example.org", state=Subscriber.State.UNSUBSCRIBED),
    ]


def test_editors_can_list_search_filter_and_export_subscribers(client, editor, some_subscribers):
    client.force_login(editor)
    listing = client.get(SUBSCRIBERS)
    assert listing.status_code == 200
    for subscriber in some_subscribers:
        assert subscriber.email in listing.content.decode()

    found = client.get(SUBSCRIBERS, {"q": "amira"}).content.decode()
    assert "amira@example.org" in found and "ben@example.org" not in found

    pending = client.get(SUBSCRIBERS, {"state": "pending"}).content.decode()
    assert "ben@example.org" in pending and "amira@example.org" not in pending

    export = client.get(SUBSCRIBERS, {"export": "csv"})
    assert export.status_code == 200
    assert "newsletter-subscribers.csv" in export["Content-Disposition"]
    csv_text = b"".join(export.streaming_content).decode()
    assert "Consent wording" in csv_text.splitlines()[0]
    assert "amira@example.org" in csv_text and "chloe@example.org" in csv_text


def test_editors_cannot_add_subscribers_by_hand(client, editor):
    client.force_login(editor)
    assert client.get(SUBSCRIBERS + "new/").status_code in (302, 403)


@pytest.mark.parametrize("who", ["admin_only_user", "partner", "anonymous"])
def test_others_cannot_see_subscribers(client, request, some_subscribers, who):
    if who == "admin_only_user":
        client.force_login(request.getfixturevalue("admin_only_user"))
    elif who == "partner":
        client.force_login(factories.user())
    for url in [SUBSCRIBERS, SUBSCRIBERS + "?export=csv"]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"amira@example.org" not in response.content


def test_editor_test_sends_then_sends_to_everyone_once(client, editor, some_subscribers):
    issue = nf.issue(title="Autumn 2024 newsletter")
    client.force_login(editor)
    status_url = reverse("newsletters_admin:send", args=[issue.pk])

    # The edit screen links to the send screen.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    assert status_url in edit.content.decode()

    status = client.get(status_url)
    assert status.status_code == 200
    assert b"Not sent to subscribers yet" in status.content
    assert b"1 confirmed subscriber has not been sent" in status.content

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("newsletters_admin:send_test", args=[issue.pk]))
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert OutgoingEmail.objects.get().kind == "newsletter_test"
    assert mail.outbox[0].subject.startswith("[Test] Autumn 2024 newsletter")
    assert not Delivery.objects.exists()

    confirm_url = reverse("newsletters_admin:send_confirm", args=[issue.pk])
    confirm = client.get(confirm_url)
    assert b"to 1 confirmed subscriber" in confirm.content
    assert len(mail.outbox) == 1  # the confirm step sends nothing

    response = client.post(confirm_url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox[1:]] == [["amira@example.org"]]
    assert IssueSend.objects.get(issue=issue).requested_by == editor

    client.post(confirm_url)  # pressing it again sends nobody a second copy
    assert len(mail.outbox) == 2
    status = client.get(status_url).content.decode()
    assert "Sent 1 of 1" in status
    assert "Every confirmed subscriber has been sent this issue" in status


def test_unpublished_issues_cannot_be_sent(client, editor, some_subscribers):
    issue = nf.issue(publish=False)
    client.force_login(editor)
    response = client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))
    assert response.status_code == 302
    client.post(reverse("newsletters_admin:send_test", args=[issue.pk]))
    assert not mail.outbox
    assert not Delivery.objects.exists()


def test_failures_are_listed_for_the_editor(client, editor, some_subscribers):
    issue = nf.issue()
    Delivery.objects.create(
        issue=issue,
        subscriber=some_subscribers[0],
        state=Delivery.State.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    client.force_login(editor)
    html = client.get(reverse("newsletters_admin:send", args=[issue.pk])).content.decode()
    assert "Sent 0 of 1; 1 failed" in html
    assert "mailbox unavailable" in html


def test_non_editors_cannot_send(client, admin_only_user, some_subscribers):
    issue = nf.issue()
    client.force_login(admin_only_user)
    for name in ["send", "send_confirm"]:
        response = client.get(reverse(f"newsletters_admin:{name}", args=[issue.pk]))
        assert response.status_code == 302
    client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))
    client.post(reverse("newsletters_admin:send_test", args=[issue.pk]))
    assert not mail.outbox
    assert not Delivery.objects.exists()
