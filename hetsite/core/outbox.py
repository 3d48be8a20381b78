"""The outbox: no request talks to the mail server.

``queue_email(message, kind=...)`` stores a Django ``EmailMessage`` (headers, HTML
alternative and attachments kept) as an :class:`OutgoingEmail` row in the caller's
transaction, and enqueues :func:`hetsite.core.tasks.send_outgoing_email` when that
transaction commits: a rolled-back request sends nothing, and a request whose data is
saved never fails because the mail server is down.

The task makes one attempt. A failure is recorded (``last_error``) and the email waits
for its next attempt (``RETRY_DELAYS``: 1, 5, 15, 60 minutes, then 3, 6, 12 hours);
after ``MAX_ATTEMPTS`` it is marked failed and editors see it under Reports → Emails,
where they can retry it. Due retries are sent by the worker's housekeeping
(``manage.py run_worker``), so they need no deferred-task support from the backend.

An attempt first moves the row queued → sending with a conditional UPDATE, so two
workers never send the same row. A worker that dies while sending leaves the row
"sending"; after ``LEASE`` it is queued again (a transactional email is better sent
twice than lost: newsletters, which go to many people, follow the opposite rule).

After a successful send the message itself is deleted (set-password links are
credentials); kind, recipients, subject, state and times stay as the delivery log until
``purge_sent_before`` removes them.

``QueueingEmailBackend`` puts emails sent by code we do not own (Wagtail's workflow
notifications, Django's password reset) through the same outbox: production sets it as
``EMAIL_BACKEND`` and the real backend as ``OUTBOX_DELIVERY_BACKEND``.
"""

import base64
import logging
import smtplib
from datetime import timedelta
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 720)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
LEASE = timedelta(minutes=10)
ERROR_LENGTH = 1000
SUBJECT_LENGTH = 255
DUE_BATCH = 50
KIND_HEADER = "X-Hetsite-Email-Kind"  # removed before sending; used by the backend below
# Errors that say the mail server cannot be reached at all: stop a round of retries.
CONNECTION_ERRORS = (OSError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)

State = OutgoingEmail.State


# --- Serialising messages -------------------------------------------------------------


def _encode(content):
    if isinstance(content, bytes):
        return {"b64": base64.b64encode(content).decode("ascii")}
    return {"text": content}


def _decode(data):
    if "b64" in data:
        return base64.b64decode(data["b64"])
    return data["text"]


def serialise(message):
    """A Django EmailMessage as JSON-safe data (no connection)."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise ValueError("MIMEBase attachments cannot be queued; attach bytes instead.")
        filename, content, mimetype = attachment
        attachments.append({"filename": filename, "mimetype": mimetype, **_encode(content)})
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {k: str(v) for k, v in message.extra_headers.items() if k != KIND_HEADER},
        "content_subtype": message.content_subtype,
        "alternatives": [
            {"mimetype": mimetype, **_encode(content)}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def deserialise(data, connection=None):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for alternative in data["alternatives"]:
        message.attach_alternative(_decode(alternative), alternative["mimetype"])
    for attachment in data["attachments"]:
        message.attach(attachment["filename"], _decode(attachment), attachment["mimetype"])
    return message


# --- Queueing -------------------------------------------------------------------------


def queue_email(message, *, kind="other"):
    """Put ``message`` (an EmailMessage) in the outbox; it is sent once the caller commits.

    Returns the :class:`OutgoingEmail`. Never talks to the mail server itself.
    """
    recipients = [*message.to, *message.cc, *message.bcc]
    email = OutgoingEmail.objects.create(
        kind=kind[:50],
        recipients=", ".join(recipients),
        subject=" ".join(str(message.subject).split())[:SUBJECT_LENGTH],
        message=serialise(message),
    )
    transaction.on_commit(lambda: _enqueue(email.pk), robust=True)
    return email


def _enqueue(email_id):
    from .tasks import send_outgoing_email

    send_outgoing_email.enqueue(email_id)


class QueueingEmailBackend(BaseEmailBackend):
    """An EMAIL_BACKEND that puts every message in the outbox instead of sending it."""

    def send_messages(self, email_messages):
        for message in email_messages:
            kind = message.extra_headers.pop(KIND_HEADER, "") or "other"
            queue_email(message, kind=kind)
        return len(email_messages)


# --- Sending --------------------------------------------------------------------------


def delivery_connection():
    """A connection to the real mail backend (never the queueing one)."""
    path = getattr(settings, "OUTBOX_DELIVERY_BACKEND", "") or settings.EMAIL_BACKEND
    if issubclass(import_string(path), QueueingEmailBackend):
        raise ImproperlyConfigured(
            "OUTBOX_DELIVERY_BACKEND must name the real email backend (e.g. SMTP) when "
            "EMAIL_BACKEND is the queueing backend."
        )
    return get_connection(backend=path)


def _due(now):
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def send_queued(email_id, *, connection=None, now=None):
    """Make one attempt at a queued email whose time has come.

    Returns the new state, or None if the email was not due or another worker has it.
    Raises nothing for a mail error: it is recorded on the row.
    """
    now = now or timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id, state=State.QUEUED)
        .filter(_due(now))
        .update(state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        deserialise(email.message, connection=connection or delivery_connection()).send()
    except Exception as exc:  # any mail error: recorded, retried later
        error = f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
        if email.attempts >= MAX_ATTEMPTS:
            state, next_attempt_at = State.FAILED, None
            logger.error("Email %s (%s) failed for good: %s", email.pk, email.kind, error)
        else:
            state = State.QUEUED
            next_attempt_at = now + RETRY_DELAYS[min(email.attempts, MAX_ATTEMPTS - 1) - 1]
            logger.warning("Email %s (%s) not sent, will retry: %s", email.pk, email.kind, error)
        OutgoingEmail.objects.filter(pk=email.pk, state=State.SENDING).update(
            state=state, next_attempt_at=next_attempt_at, last_error=error, claimed_at=None
        )
        email.state, email.last_error = state, error
        email.connection_error = isinstance(exc, CONNECTION_ERRORS)
        return email
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=State.SENT,
        sent_at=timezone.now(),
        message={},
        last_error="",
        next_attempt_at=None,
        claimed_at=None,
    )
    email.state = State.SENT
    email.connection_error = False
    return email


def release_stale(now=None):
    """Queue again emails left "sending" by a worker that died (see the module docstring)."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(state=State.SENDING, claimed_at__lt=now - LEASE).update(
        state=State.QUEUED,
        claimed_at=None,
        next_attempt_at=None,
        last_error="The worker stopped while sending this email; it is sent again.",
    )


def send_due(now=None, limit=DUE_BATCH):
    """Send queued emails whose attempt is due (the worker runs this every minute).

    Stops at the first error that says the mail server cannot be reached, so a server
    that is down costs one attempt per round, not one per email. Returns the number sent.
    """
    now = now or timezone.now()
    release_stale(now)
    ids = list(
        OutgoingEmail.objects.filter(state=State.QUEUED)
        .filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    sent = 0
    connection = delivery_connection()
    try:
        for email_id in ids:
            result = send_queued(email_id, connection=connection, now=now)
            if result is None:
                continue
            if result.state == State.SENT:
                sent += 1
            elif result.connection_error:
                break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: S110 - closing a broken connection
            pass
    return sent


def retry_now(email_id):
    """An editor's "retry now": queue a failed or waiting email for an attempt at once.

    A failed email gets one more attempt (if that fails it is failed again). Returns
    False for an email that has been sent or is being sent.
    """
    updated = OutgoingEmail.objects.filter(
        pk=email_id, state__in=[State.QUEUED, State.FAILED]
    ).update(state=State.QUEUED, next_attempt_at=None)
    if updated:
        transaction.on_commit(lambda: _enqueue(email_id), robust=True)
    return bool(updated)


# --- Retention ------------------------------------------------------------------------


def purge_sent_before(cutoff):
    """Delete the delivery log of emails sent before ``cutoff``. Returns how many."""
    deleted, _ = OutgoingEmail.objects.filter(state=State.SENT, sent_at__lt=cutoff).delete()
    return deleted


def purge_failed_before(cutoff):
    """Delete failed emails (their messages included) created before ``cutoff``."""
    deleted, _ = OutgoingEmail.objects.filter(state=State.FAILED, created_at__lt=cutoff).delete()
    return deleted
