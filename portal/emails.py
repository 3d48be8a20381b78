"""Emails to applicants, members and editors.

Each email is a plain-text template (``templates/projects/emails/<name>.txt``, whose
first line is the subject) plus an HTML alternative made from that text with
autoescaping, so whatever a partner typed can never become markup in a mail client.

Nothing here talks to the mail server: each email is put in the outbox
(``hetsite.core.outbox.queue_email``) in the caller's transaction and sent by a task
once it commits, with retries. The template name is the email's kind.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from hetsite.core.outbox import queue_email


def absolute_url(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send(name, to, context):
    """Render ``templates/projects/emails/<name>.txt`` and queue it."""
    text = render_to_string(f"projects/emails/{name}.txt", context)
    subject, _, body = text.lstrip().partition("\n")
    subject = " ".join(subject.split())[:200]
    body = body.strip() + "\n"
    html = render_to_string("projects/emails/email.html", {"subject": subject, "body": body})
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    queue_email(message, kind=name)
    return message


def send_application_received(application):
    send("application_received", [application.contact_email], {"application": application})


def send_application_to_editors(application, request=None):
    recipients = list(getattr(settings, "EDITOR_NOTIFICATION_EMAILS", []))
    if not recipients:
        return
    review_url = absolute_url(
        reverse("partner_applications:inspect", args=[application.pk]), request
    )
    send(
        "application_notification",
        recipients,
        {"application": application, "review_url": review_url},
    )


def send_application_approved(application, member, set_password_url):
    send(
        "application_approved",
        [application.contact_email],
        {"application": application, "member": member, "set_password_url": set_password_url},
    )


def send_application_rejected(application):
    send("application_rejected", [application.contact_email], {"application": application})


def send_review_decision(member, page, approved, comment):
    send(
        "review_approved" if approved else "review_changes_requested",
        [member.email],
        {
            "member": member,
            "page": page,
            "comment": comment,
            "dashboard_url": absolute_url(reverse("projects:portal_dashboard")),
            "edit_url": absolute_url(reverse("projects:portal_page_edit", args=[page.pk])),
            "page_url": page.full_url if approved else "",
        },
    )
