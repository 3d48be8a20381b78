"""Emails to applicants, members and editors.

Each email is a plain-text template (``templates/projects/emails/<name>.txt``, whose
first line is the subject) plus an HTML alternative made from that text with
autoescaping, so whatever a partner typed can never become markup in a mail client.

Nothing here talks to the mail server: each email is put in the outbox
(``hetsite.core.outbox.queue_email``) in the caller's transaction and sent by a task
once it commits, with retries. The template name is the email's kind.

Every link is absolute on the default Site's root URL (``site_root_url``), so it points at
the running site in development and at the configured host in production.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from hetsite.core.outbox import queue_email


def site_root_url():
    """The default Site's root URL (``load_demo_content --site-port`` sets its port in
    development; editors set it under Settings > Sites), or WAGTAILADMIN_BASE_URL (from
    the environment in production) when there is no Site yet."""
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def absolute_url(path):
    """``path`` on the site's configured root URL: every link in an email is built here,
    never from the request that happened to trigger the email."""
    return site_root_url() + path


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


def send_application_to_editors(application):
    recipients = list(getattr(settings, "EDITOR_NOTIFICATION_EMAILS", []))
    if not recipients:
        return
    review_url = absolute_url(reverse("partner_applications:inspect", args=[application.pk]))
    # In English, the editors' language, whatever language the applicant used.
    with translation.override(settings.LANGUAGE_CODE):
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
