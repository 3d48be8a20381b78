"""Every link in the portal's emails starts at the site's configured root URL.

In development ``load_demo_content --site-port`` sets the default Site to the running
port; links must follow it, whatever host the triggering request came from and whatever
WAGTAILADMIN_BASE_URL says. Production takes WAGTAILADMIN_BASE_URL from its environment.
"""

import re

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import Site

from portal.applications import approve_application
from portal.tasks import send_password_reset
from projects.models import PartnerApplication, ProjectPage
from tests.core.test_security import PRODUCTION_ENV, run

from . import factories as pf
from .test_applications import APPLY, application_data

ROOT = "http://127.0.0.1:8123/"
URL = re.compile(r"https?://[^\s<>\"']+")


@pytest.fixture
def site_on_port_8123(db, settings):
    pf.partner_index()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 8123
    site.save()
    # A different fixed address, as base.py used to have: it must not be used.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.EDITOR_NOTIFICATION_EMAILS = ["editors@example.org"]
    return site


def links(message):
    found = URL.findall(message.body)
    for html, _ in message.alternatives:
        found += [u for u in URL.findall(html) if "w3.org" not in u]
    return found


def assert_links_on_root(messages, expected_kinds):
    assert messages, "no email was sent"
    for message in messages:
        found = links(message)
        assert found, message.subject
        for url in found:
            # Links partners type into the form (their own website) are theirs.
            if url.startswith("https://walks.example.org"):
                continue
            assert url.startswith(ROOT), (message.subject, url)
    subjects = " | ".join(m.subject for m in messages)
    for kind in expected_kinds:
        assert kind in subjects, subjects


def test_application_emails_link_to_the_configured_root(site_on_port_8123, editor, on_commit):
    client = Client(HTTP_HOST="localhost")  # the request's host must not leak in
    with on_commit():
        assert client.post(APPLY, application_data()).status_code == 302
    notification = next(m for m in mail.outbox if m.to == ["editors@example.org"])
    assert f"{ROOT}admin/partner_applications/inspect/" in notification.body

    mail.outbox.clear()
    with on_commit():
        approve_application(PartnerApplication.objects.get().pk, editor)
    assert_links_on_root(mail.outbox, ["partner account is ready"])
    assert f"{ROOT}partners/portal/" in mail.outbox[0].body


def test_review_emails_link_to_the_configured_root(
    site_on_port_8123, org_a, member_a, editor, on_commit
):
    member = Client()
    member.force_login(member_a)
    reviewer = Client()
    reviewer.force_login(editor)
    member.post(reverse("projects:portal_project_new"), pf.project_post_data(action="submit"))
    page = ProjectPage.objects.get(title="Walk and talk")

    mail.outbox.clear()
    with on_commit():
        pf.admin_action(reviewer, page, "reject", "Please add the times.")
    member.post(
        reverse("projects:portal_page_edit", args=[page.pk]),
        pf.project_post_data(action="submit"),
    )
    with on_commit():
        pf.admin_action(reviewer, pf.fresh(page), "approve")
    mine = [m for m in mail.outbox if m.to == [member_a.email]]
    assert_links_on_root(mine, ["Changes requested", "Published"])
    published = next(m for m in mine if m.subject.startswith("Published"))
    assert f"{ROOT}partners/" in published.body  # the live page itself


def test_password_reset_links_to_the_configured_root(
    site_on_port_8123, org_a, member_a, on_commit
):
    member_a.email = "member@example.org"
    member_a.save()
    mail.outbox.clear()
    # The request's host (passed on by the view) is not where the link points.
    with on_commit():
        send_password_reset("member@example.org", domain="localhost:9999", use_https=False)
    assert_links_on_root(mail.outbox, ["password"])
    assert f"{ROOT}partners/portal/" in mail.outbox[0].body


def test_production_takes_the_base_url_from_its_environment():
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    args = ["-c", f"import django; django.setup(); {code}"]
    given = run(args, {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://het.example.org"})
    assert given.returncode == 0, given.stderr
    assert given.stdout.strip() == "https://het.example.org"
    default = run(args, PRODUCTION_ENV)
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "https://healthequity.example.org"


def test_development_follows_the_port_it_is_run_on():
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    env = {"DJANGO_SETTINGS_MODULE": "hetsite.settings.dev", "PORT": "8123"}
    result = run(["-c", f"import django; django.setup(); {code}"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8123"
