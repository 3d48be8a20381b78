"""Signing up, confirming and unsubscribing: the rules, kept apart from the views.

Confirmation links are signed with a timestamp (they expire) and carry the subscriber's
current ``confirm_nonce``; confirming clears the nonce, so a link works once. Unsubscribe
links are signed without an expiry (they sit in old emails) and carry the subscriber's
``unsubscribe_key``.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from hetsite.core.ratelimit import subscribe_email_limit

from .models import Subscriber

# Stored with each subscriber as what they agreed to: the sign-up view stores it in the
# language it was shown in.
CONSENT_WORDING = gettext_noop(
    "I would like to receive the Health Equity Town quarterly newsletter by email from "
    "Luton Borough Council's public health team. I can unsubscribe at any time with the "
    "link in every email."
)
CONFIRM_MAX_AGE = timedelta(days=3)
CONFIRM_SALT = "newsletters.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
PREFERENCES_SALT = "newsletters.preferences"
# One sign-up email per address per 10 minutes (``subscribe_email_limit``), whatever the
# address's state, so the form cannot be used to flood someone's inbox. If the cache is
# down the limit fails open: the form's honeypot and the per-client limit still apply.


class InvalidLink(Exception):
    """A confirmation or unsubscribe link that cannot be used; ``reason`` says why."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


EXPIRED = "expired"
USED = "used"
INVALID = "invalid"


def confirm_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"s": subscriber.pk, "n": subscriber.confirm_nonce}
    )


def unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"s": subscriber.pk, "k": subscriber.unsubscribe_key}
    )


def preferences_token(subscriber):
    """The "Choose what you hear about" link: like unsubscribe, no expiry, own salt."""
    return signing.Signer(salt=PREFERENCES_SALT).sign_object(
        {"s": subscriber.pk, "k": subscriber.unsubscribe_key}
    )


def _read_confirm_token(token):
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            token, max_age=CONFIRM_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise InvalidLink(EXPIRED) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidLink(INVALID) from exc
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise InvalidLink(INVALID)
    return data["s"], str(data.get("n") or "")


def check_confirm_token(token, *, for_update=False):
    """The pending subscriber a confirmation link is for, or ``InvalidLink``."""
    pk, nonce = _read_confirm_token(token)
    queryset = Subscriber.objects.select_for_update() if for_update else Subscriber.objects
    subscriber = queryset.filter(pk=pk).first()
    if subscriber is None:
        raise InvalidLink(INVALID)
    if (
        subscriber.state != Subscriber.State.PENDING
        or not subscriber.confirm_nonce
        or not secrets.compare_digest(subscriber.confirm_nonce, nonce)
    ):
        raise InvalidLink(USED)
    return subscriber


def confirm(token):
    """Confirm the subscription a link is for. The link cannot be used again."""
    with transaction.atomic():
        subscriber = check_confirm_token(token, for_update=True)
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.confirm_nonce = ""
        subscriber.save(update_fields=["state", "confirmed_at", "confirm_nonce"])
    return subscriber


def subscriber_for_unsubscribe_token(token, *, salt=UNSUBSCRIBE_SALT):
    try:
        data = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidLink(INVALID) from exc
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise InvalidLink(INVALID)
    subscriber = Subscriber.objects.filter(pk=data["s"]).first()
    if subscriber is None or not secrets.compare_digest(
        subscriber.unsubscribe_key, str(data.get("k") or "")
    ):
        raise InvalidLink(INVALID)
    return subscriber


def subscriber_for_preferences_token(token):
    return subscriber_for_unsubscribe_token(token, salt=PREFERENCES_SALT)


def set_preferences(subscriber, *, wards=(), principles=(), priority_groups=()):
    """What a subscriber hears about in the weekly digest (nothing chosen: no digest)."""
    subscriber.wards.set(wards)
    subscriber.principles.set(principles)
    subscriber.priority_groups.set(priority_groups)


def unsubscribe(token):
    """Unsubscribe whoever the link is for (idempotent). Returns the subscriber."""
    with transaction.atomic():
        subscriber = subscriber_for_unsubscribe_token(token)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.state != Subscriber.State.UNSUBSCRIBED:
            subscriber.state = Subscriber.State.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.confirm_nonce = ""
            subscriber.save(update_fields=["state", "unsubscribed_at", "confirm_nonce"])
    return subscriber


def request_subscription(
    email, *, source, wording=CONSENT_WORDING, base_url=None, preferences=None
):
    """Handle a sign-up. Whatever the address's state, the caller shows the same page.

    New, pending or unsubscribed addresses are sent a confirmation link (consent is
    recorded now, confirmed when the link is used); a confirmed address is sent a note
    saying it is already subscribed, so its owner learns of the attempt and nothing is
    changed. At most one email per address per ``subscribe_email_limit`` window.
    """
    from . import emails

    email = email.strip().lower()
    if not subscribe_email_limit.hit(email=email):
        return None
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "consent_given_at": now,
                "consent_source": source[:200],
                "consent_wording": wording,
                "confirm_nonce": secrets.token_urlsafe(16),
            },
        )
        already_confirmed = subscriber.state == Subscriber.State.CONFIRMED
        if not created and not already_confirmed:
            subscriber.consent_given_at = now
            subscriber.consent_source = source[:200]
            subscriber.consent_wording = wording
            if subscriber.state == Subscriber.State.UNSUBSCRIBED or not subscriber.confirm_nonce:
                subscriber.confirm_nonce = secrets.token_urlsafe(16)
            subscriber.state = Subscriber.State.PENDING
            subscriber.save()
        if preferences is not None and not already_confirmed:
            # A confirmed address is changed only through its own link, never by a form.
            set_preferences(subscriber, **preferences)
        # Queued in the same transaction; sent by a task once it commits.
        if already_confirmed:
            emails.send_already_subscribed_email(subscriber, base_url=base_url)
        else:
            emails.send_confirmation_email(subscriber, base_url=base_url)
    return subscriber
