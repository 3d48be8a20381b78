"""Sending in plain sight, the per-issue delivery log, and no secrets in subscriber views."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletters.models import Delivery, Subscriber
from tests import factories
from tests.newsletters import factories as nf
from tests.newsletters.backends import FlakyBackend
from tests.projects.portal import factories as portal

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter_subscribers/"


def admin_only_user():
    group, _ = Group.objects.get_or_create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return factories.user(groups=[group.name])


def partner_user():
    return portal.member(portal.organisation())


# role: (make the user, may send)
ROLES = {
    "editor": (factories.editor, True),
    "site administrator": (factories.site_admin, True),
    "partner": (partner_user, False),
    "admin access only": (admin_only_user, False),
}


def links_to(html, url):
    return BeautifulSoup(html, "html.parser").find_all("a", href=url)


def in_a_dropdown(link):
    """Inside a "…" menu (Wagtail's dropdown controller), so hidden until opened."""
    return any("w-dropdown" in (parent.get("data-controller") or "") for parent in link.parents)


@pytest.mark.parametrize("role", ROLES)
def test_send_action_is_visible_only_to_those_allowed(role):
    issue = nf.issue()
    make, may_send = ROLES[role]
    client = Client()
    client.force_login(make())
    send_url = reverse("newsletters_admin:send", args=[issue.pk])

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    listing = client.get(reverse("wagtailadmin_explore", args=[issue.get_parent().pk]))
    if may_send:
        assert edit.status_code == 200 and listing.status_code == 200
        panel = BeautifulSoup(edit.content, "html.parser").select_one(".newsletters-send-panel")
        assert panel is not None and panel.find("a", href=send_url).text == "Send newsletter"
        visible = [a for a in links_to(listing.content, send_url) if not in_a_dropdown(a)]
        assert len(visible) == 1
        assert client.get(send_url).status_code == 200
    else:
        for response in (edit, listing):
            assert not links_to(response.content, send_url)
            assert b"newsletters-send-panel" not in response.content
        assert client.get(send_url).status_code in (302, 403)


def test_an_editor_who_may_read_the_log_but_not_send_sees_only_the_log():
    group, _ = Group.objects.get_or_create(name="Newsletter readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_delivery"),
    )
    user = factories.user(groups=[group.name])
    issue = nf.issue()
    client = Client()
    client.force_login(user)
    log_url = reverse("newsletters_admin:log", args=[issue.pk])
    assert client.get(log_url).status_code == 200
    assert client.get(reverse("newsletters_admin:send", args=[issue.pk])).status_code in (302, 403)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def log_rows(client, issue):
    html = client.get(reverse("newsletters_admin:log", args=[issue.pk])).content
    table = BeautifulSoup(html, "html.parser").select_one("table.newsletters-delivery-log")
    if table is None:
        return []
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")] for row in table.tbody("tr")
    ]


def test_the_delivery_log_matches_what_the_mailbox_received(client, editor, settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    FlakyBackend.refuse = {"refused@example.org"}
    try:
        issue = nf.issue(title="Winter newsletter")
        for address in ["amira@example.org", "ben@example.org", "refused@example.org"]:
            nf.subscriber(address)
        nf.subscriber("gone@example.org", state=Subscriber.State.UNSUBSCRIBED)
        client.force_login(editor)
        assert client.get(log_url := reverse("newsletters_admin:log", args=[issue.pk]))
        assert log_rows(client, issue) == []

        client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))
    finally:
        FlakyBackend.reset()

    received = sorted(message.to[0] for message in mail.outbox)
    assert received == ["amira@example.org", "ben@example.org"]
    rows = log_rows(client, issue)
    assert sorted(row[0] for row in rows if row[1] == "Sent") == received
    assert {row[0] for row in rows} == {
        "amira@example.org",
        "ben@example.org",
        "refused@example.org",
    }
    refused = next(row for row in rows if row[0] == "refused@example.org")
    assert refused[1] == "Queued" and refused[2] == "" and refused[3] == "1"
    assert "Mailbox unavailable" in refused[4]
    for row in rows:
        if row[1] == "Sent":
            assert row[2]  # a time
            assert row[3] == "1"

    export = client.get(log_url, {"export": "csv"})
    assert export.status_code == 200
    assert "deliveries.csv" in export["Content-Disposition"]
    table = list(csv.reader(io.StringIO(body(export).decode())))
    assert table[0] == ["Address", "State", "Sent at", "Attempts", "Last error"]
    assert sorted(row[0] for row in table[1:] if row[1] == "Sent") == received
    assert len(table) - 1 == Delivery.objects.filter(issue=issue).count() == 3


@pytest.mark.parametrize("role", ["partner", "admin access only"])
def test_others_cannot_read_or_export_the_log(role):
    issue = nf.issue()
    nf.subscriber("amira@example.org")
    Delivery.objects.create(
        issue=issue, subscriber=Subscriber.objects.get(), state=Delivery.State.SENT
    )
    client = Client()
    client.force_login(ROLES[role][0]())
    for query in ({}, {"export": "csv"}):
        response = client.get(reverse("newsletters_admin:log", args=[issue.pk]), query)
        assert response.status_code in (302, 403)
        assert b"amira@example.org" not in body(response)


def test_subscriber_views_never_show_tokens_nonces_or_keys(client, site_admin):
    pending = nf.subscriber(
        "ben@example.org", state=Subscriber.State.PENDING, confirm_nonce="nonce-" + "x" * 20
    )
    confirmed = nf.subscriber("amira@example.org")
    secrets = [pending.confirm_nonce, pending.unsubscribe_key, confirmed.unsubscribe_key]
    from newsletters import subscriptions

    secrets += [
        subscriptions.confirm_token(pending),
        subscriptions.unsubscribe_token(confirmed),
        subscriptions.preferences_token(confirmed),
    ]
    client.force_login(site_admin)  # sees the most: may also edit the state
    pages = [SUBSCRIBERS, SUBSCRIBERS + "?export=csv"]
    for subscriber in (pending, confirmed):
        pages += [f"{SUBSCRIBERS}inspect/{subscriber.pk}/", f"{SUBSCRIBERS}edit/{subscriber.pk}/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = body(response).decode()
        assert "ben@example.org" in html or "amira@example.org" in html
        for secret in secrets:
            assert secret not in html, url
    inspect = client.get(f"{SUBSCRIBERS}inspect/{pending.pk}/").content.decode()
    assert "Consent wording" in inspect  # the inspect view still shows the record


ALERTS_LOG = "/admin/newsletter_alert_deliveries/"


@pytest.mark.parametrize("role", ROLES)
def test_the_weekly_alerts_log_is_read_only_and_for_editors(role):
    from datetime import timedelta

    from django.utils import timezone

    from newsletters.models import Digest, DigestDelivery

    now = timezone.now()
    week = Digest.objects.create(
        week_start=now.date(), period_start=now - timedelta(days=7), period_end=now
    )
    delivery = DigestDelivery.objects.create(
        digest=week, email="amira@example.org", state=DigestDelivery.State.SENT, items=2
    )
    make, is_staff = ROLES[role]
    client = Client()
    client.force_login(make())
    listing = client.get(ALERTS_LOG)
    export = client.get(ALERTS_LOG, {"export": "csv"})
    if is_staff:
        assert listing.status_code == 200 and b"amira@example.org" in listing.content
        assert b"amira@example.org" in body(export)
    else:
        assert listing.status_code in (302, 403)
        assert b"amira@example.org" not in body(export)
    for url in [f"{ALERTS_LOG}new/", f"{ALERTS_LOG}edit/{delivery.pk}/"]:
        assert client.get(url).status_code in (302, 403, 404)
    assert client.post(f"{ALERTS_LOG}delete/{delivery.pk}/").status_code in (302, 403, 404)
    assert DigestDelivery.objects.filter(pk=delivery.pk).exists()
