"""Sign-up, double opt-in and unsubscribing, as a resident would do them."""

import re
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest

from django.core import mail, signing
from django.test import Client, TestCase
from django.utils import timezone

from newsletters import subscriptions
from newsletters.forms import SubscribeForm
from newsletters.models import Subscriber
from tests.core.factories import trap_fields
from tests.newsletters import factories as nf

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletters/subscribe/"


def sign_up(client, email="resident@example.org", **extra):
    """Post the form; the emails it queues are sent as when the request commits."""
    data = {"email": email, "consent": "on", "website": "", **trap_fields(SubscribeForm), **extra}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(SUBSCRIBE, data)


def link_in(message, kind):
    match = re.search(rf"http://testserver(/newsletters/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_form_page(client, home_page):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert subscriptions.CONSENT_WORDING in html
    assert 'name="website"' in html  # the honeypot
    assert 'autocomplete="email"' in html


def test_subscribe_confirm_lifecycle(client, home_page):
    response = sign_up(client, "Resident@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/newsletters/subscribe/thanks/"
    assert client.get(response["Location"]).status_code == 200

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "resident@example.org"
    assert subscriber.state == Subscriber.State.PENDING
    assert subscriber.consent_wording == subscriptions.CONSENT_WORDING
    assert subscriber.consent_source == "/newsletters/subscribe/ (newsletter sign-up form)"
    assert subscriber.consent_given_at is not None
    assert subscriber.confirmed_at is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["resident@example.org"]
    assert "Confirm" in message.subject
    html = message.alternatives[0][0]
    assert 'href="http://testserver/newsletters/confirm/' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    confirm_path = link_in(message, "confirm")
    # Opening the link (or a mail scanner fetching it) does not confirm: a button does.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"Confirm subscription" in page.content
    assert page["Referrer-Policy"] == "same-origin"
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.PENDING

    done = client.post(confirm_path)
    assert done.status_code == 200
    assert b"You are subscribed" in done.content
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_confirm_link_is_single_use(client, home_page):
    sign_up(client)
    path = link_in(mail.outbox[0], "confirm")
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 400
    assert b"already been used" in again.content
    assert b"already been used" in client.get(path).content


def test_confirm_link_expires_after_three_days(client, home_page):
    sign_up(client)
    path = link_in(mail.outbox[0], "confirm")
    later = timezone.now() + timedelta(days=3, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(path)
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "nonsense",
        lambda token: signing.TimestampSigner(salt="other").sign_object({"s": 1, "n": "x"}),
    ],
)
def test_tampered_confirm_links_do_nothing(client, home_page, mangle):
    sign_up(client)
    token = link_in(mail.outbox[0], "confirm").split("/")[-2]
    response = client.post(f"/newsletters/confirm/{mangle(token)}/")
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_confirm_link_for_another_subscriber_id_is_rejected(client, home_page):
    sign_up(client)
    other = nf.subscriber("other@example.org", state=Subscriber.State.PENDING, confirm_nonce="n")
    forged = signing.TimestampSigner(salt="wrong-salt").sign_object({"s": other.pk, "n": "n"})
    assert client.post(f"/newsletters/confirm/{forged}/").status_code == 400
    other.refresh_from_db()
    assert other.state == Subscriber.State.PENDING


def test_page_never_reveals_whether_an_address_is_subscribed(home_page):
    nf.subscriber("confirmed@example.org")
    nf.subscriber("gone@example.org", state=Subscriber.State.UNSUBSCRIBED)
    responses = {}
    for email in ["new@example.org", "confirmed@example.org", "gone@example.org"]:
        response = sign_up(Client(), email)
        responses[email] = (response.status_code, response["Location"])
    assert len(set(responses.values())) == 1
    # Each address gets one email (same behaviour); the confirmed one is told it is
    # already on the list and nothing about it changes.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(responses)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "already subscribed" in by_address["confirmed@example.org"].subject
    assert "/confirm/" not in by_address["confirmed@example.org"].body
    assert Subscriber.objects.get(email="confirmed@example.org").state == "confirmed"
    # An unsubscribed address can subscribe again, through the same confirmation step.
    assert Subscriber.objects.get(email="gone@example.org").state == "pending"
    assert "/confirm/" in by_address["gone@example.org"].body


def test_one_email_per_address_per_window(home_page):
    sign_up(Client(), "busy@example.org")
    sign_up(Client(), "busy@example.org")
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


def test_honeypot_looks_like_success_but_does_nothing(client, home_page):
    response = sign_up(client, "bot@example.org", website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_client(home_page):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(5):
        assert sign_up(client, f"person{n}@example.org").status_code == 302
    response = sign_up(client, "person6@example.org")
    assert response.status_code == 429
    assert b"too many sign-ups" in response.content
    assert not Subscriber.objects.filter(email="person6@example.org").exists()
    # Another client is not affected.
    assert sign_up(Client(REMOTE_ADDR="203.0.113.8"), "else@example.org").status_code == 302


@pytest.mark.parametrize(
    "email",
    [
        "victim@example.org\r\nBcc: everyone@example.org",
        "victim@example.org\nBcc: everyone@example.org",
        "victim@example.org\n",
        "victim@example.org%0ABcc:x@example.org",
        "victim@example.org\x00",
    ],
)
def test_header_injection_in_the_address_is_rejected(client, home_page, email):
    response = sign_up(client, email)
    assert response.status_code == 400
    assert b'aria-invalid="true"' in response.content
    assert b"newsletters-email-error" in response.content
    assert not Subscriber.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "", "consent": "on"}, "email"),
        ({"email": "not-an-address", "consent": "on"}, "email"),
        ({"email": "a" * 250 + "@example.org", "consent": "on"}, "email"),
        ({"email": "<script>alert(1)</script>@example.org", "consent": "on"}, "email"),
        ({"email": "ok@example.org"}, "consent"),
    ],
)
def test_bad_input_gets_an_error_next_to_the_field(client, home_page, data, field):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="newsletters-{field}-error"' in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert "<script>alert(1)</script>" not in html
    assert not Subscriber.objects.exists()


def test_unsubscribe_get_shows_a_button_and_post_unsubscribes(client):
    subscriber = nf.subscriber("reader@example.org")
    path = f"/newsletters/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}/"
    page = client.get(path)
    assert page.status_code == 200
    assert b"r\xe2\x80\xa2" in page.content and b"@example.org" in page.content  # masked
    assert b"reader@example.org" not in page.content
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(path).status_code == 403  # the normal form needs its token

    done = client.post(path)
    assert done.status_code == 200
    assert b"You have been unsubscribed" in done.content
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    # Using the link again is harmless.
    assert client.post(path).status_code == 200
    assert b"already unsubscribed" in client.get(path).content


def test_one_click_unsubscribe_needs_no_csrf_token_or_sign_in():
    subscriber = nf.subscriber("reader@example.org")
    token = subscriptions.unsubscribe_token(subscriber)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/newsletters/unsubscribe/{token}/one-click/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    # A client that only opens the URL is shown the normal page.
    opened = client.get(f"/newsletters/unsubscribe/{token}/one-click/")
    assert opened.status_code == 302
    assert opened["Location"] == f"/newsletters/unsubscribe/{token}/"


def test_tampered_unsubscribe_links_do_nothing(client):
    subscriber = nf.subscriber("reader@example.org")
    token = subscriptions.unsubscribe_token(subscriber)
    other = nf.subscriber("other@example.org")
    forged = signing.Signer(salt="newsletters.unsubscribe").sign_object(
        {"s": other.pk, "k": subscriber.unsubscribe_key}
    )
    for bad in [token[:-3] + "abc", forged, "preview", "x"]:
        assert client.post(f"/newsletters/unsubscribe/{bad}/").status_code == 400
        assert client.post(f"/newsletters/unsubscribe/{bad}/one-click/").status_code == 400
    assert set(Subscriber.objects.values_list("state", flat=True)) == {"confirmed"}


def test_confirmation_after_unsubscribing_needs_a_new_sign_up(client, home_page):
    sign_up(client)
    confirm_path = link_in(mail.outbox[0], "confirm")
    subscriber = Subscriber.objects.get()
    subscriptions.unsubscribe(subscriptions.unsubscribe_token(subscriber))
    assert client.post(confirm_path).status_code == 400
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
