"""Applying at /partners/apply/ and editors deciding in the Wagtail admin."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

from portal.applications import approve_application
from portal.forms import ApplicationForm
from projects.models import OrganisationPage, PartnerApplication, PartnerOrganisation
from tests.core.factories import trap_fields

from . import factories as pf

APPLY = reverse("projects:apply")


def application_data(**overrides):
    data = {
        "organisation_name": "Stopsley Walking Group",
        "sector": "vcsfe",
        "registration_number": "1234567",
        "contact_name": "Amina Khan",
        "contact_email": "amina@example.org",
        "description": "Weekly walks for older people in Stopsley.",
        "website": "https://walks.example.org",
        **trap_fields(ApplicationForm),
    }
    data.update(overrides)
    return data


@pytest.fixture
def application(db):
    fields = [f.name for f in PartnerApplication._meta.get_fields()]
    return PartnerApplication.objects.create(
        **{k: v for k, v in application_data().items() if k in fields}
    )


def test_apply_stores_and_emails(db, client, on_commit, settings):
    settings.EDITOR_NOTIFICATION_EMAILS = ["editors@example.org"]
    with on_commit():
        response = client.post(APPLY, application_data())
    assert response.status_code == 302
    assert response.url == reverse("projects:apply_done")
    assert PartnerApplication.objects.get().status == "pending"
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "editors@example.org"]
    notification = next(m for m in mail.outbox if m.to == ["editors@example.org"])
    assert "/admin/" in notification.body


def test_apply_form_renders_with_honeypot_hidden(db, client):
    html = client.get(APPLY).content.decode()
    assert re.search(r'<div hidden>\s*<label for="id_fax_number">', html)
    assert 'tabindex="-1"' in html and 'name="form_started"' in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_name", "", "required"),
        ("organisation_name", "x" * 201, "at most 200"),
        ("contact_email", "not-an-email", "valid email"),
        ("website", "javascript:alert(1)", "Enter a"),
        ("sector", "pirates", "valid choice"),
        ("description", "x" * 2001, "at most 2000"),
    ],
)
def test_apply_validation(db, client, field, value, message):
    response = client.post(APPLY, application_data(**{field: value}))
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not PartnerApplication.objects.exists()


def test_honeypot_stores_nothing_but_looks_the_same(db, client, on_commit):
    with on_commit():
        response = client.post(APPLY, application_data(fax_number="0800 SPAM"))
    assert response.status_code == 302
    assert not PartnerApplication.objects.exists()
    assert not mail.outbox


def test_double_submit_is_harmless(db, client, on_commit):
    with on_commit():
        client.post(APPLY, application_data())
        client.post(
            APPLY,
            application_data(
                organisation_name="  stopsley   WALKING group ", contact_email="AMINA@example.org"
            ),
        )
    assert PartnerApplication.objects.count() == 1
    assert len(mail.outbox) == 2  # one confirmation, one notification


def test_apply_is_rate_limited_per_address(db, client):
    for i in range(5):
        client.post(APPLY, application_data(organisation_name=f"Group {i}"))
    response = client.post(APPLY, application_data(organisation_name="Group 6"))
    assert response.status_code == 429
    assert PartnerApplication.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(APPLY, application_data(organisation_name="Group 7")).status_code == 302


def test_approval_creates_everything_in_one_go(application, editor, on_commit):
    pf.partner_index()
    with on_commit():
        organisation = approve_application(application.pk, editor)
    application.refresh_from_db()
    assert application.status == "approved" and application.organisation == organisation
    page = OrganisationPage.objects.get(organisation=organisation)
    assert page.live and page.description == application.description
    assert page.get_parent().slug == "partners"
    assert organisation.group.name == "Partner: Stopsley Walking Group"
    member = application.member
    assert not member.has_usable_password()
    assert list(member.groups.all()) == [organisation.group]
    assert not member.has_perm("wagtailadmin.access_admin")
    (email,) = mail.outbox
    assert email.to == ["amina@example.org"]
    link = re.search(r"http://testserver(/partners/portal/set-password/\S+)", email.body).group(1)
    assert ModelLogEntry.objects.filter(action="projects.application.approve").exists()

    # Approving again does nothing more.
    with on_commit():
        assert approve_application(application.pk, editor) is None
    assert PartnerOrganisation.objects.count() == 1
    assert get_user_model().objects.filter(email="amina@example.org").count() == 1
    assert len(mail.outbox) == 1

    # The emailed link lets the member choose a password and signs them in.
    client = Client()
    response = client.get(link, follow=True)
    assert response.status_code == 200 and b"Choose your password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a long walk in the park", "new_password2": "a long walk in the park"},
    )
    assert response.status_code == 302
    assert client.get(reverse("projects:portal_dashboard")).status_code == 200
    # The link works once.
    assert b"already been used" in Client().get(link, follow=True).content


def test_approval_fails_cleanly_when_the_name_is_taken(application, editor, org_a):
    PartnerOrganisation.objects.filter(pk=org_a.pk).update(name="Stopsley Walking Group")
    groups = Group.objects.count()
    from portal.applications import ApplicationError

    with pytest.raises(ApplicationError):
        approve_application(application.pk, editor)
    application.refresh_from_db()
    assert application.status == "pending"
    assert Group.objects.count() == groups


def test_editor_approves_and_rejects_in_the_admin(application, editor, on_commit):
    pf.partner_index()
    client = Client()
    client.force_login(editor)
    index = client.get(reverse("partner_applications:index"))
    assert index.status_code == 200 and b"Stopsley Walking Group" in index.content
    inspect = client.get(reverse("partner_applications:inspect", args=[application.pk]))
    assert inspect.status_code == 200
    approve_url = reverse("partner_applications:approve", args=[application.pk])
    assert approve_url.encode() in inspect.content
    assert client.get(approve_url).status_code == 200
    with on_commit():
        assert client.post(approve_url).status_code == 302
    assert PartnerOrganisation.objects.filter(name="Stopsley Walking Group").exists()
    # Editors cannot add or edit applications by hand.
    assert client.get(reverse("partner_applications:add")).status_code in (302, 403)

    other = PartnerApplication.objects.create(
        organisation_name="Spam Ltd <b>",
        sector="business",
        contact_name="X",
        contact_email="x@example.org",
        description="Nothing.",
    )
    reject_url = reverse("partner_applications:reject", args=[other.pk])
    response = client.post(reject_url, {"reason": ""})
    assert (
        response.status_code == 200
        and not PartnerApplication.objects.filter(status="rejected").exists()
    )
    mail.outbox.clear()
    with on_commit():
        client.post(reject_url, {"reason": "You are not based in Luton <sorry>."})
    other.refresh_from_db()
    assert other.status == "rejected"
    (email,) = mail.outbox
    assert "You are not based in Luton <sorry>." in email.body
    assert "&lt;sorry&gt;" in email.alternatives[0][0]


def test_members_cannot_review_applications(application, member_a):
    client = Client()
    client.force_login(member_a)
    for url in (
        reverse("partner_applications:index"),
        reverse("partner_applications:approve", args=[application.pk]),
    ):
        response = client.post(url)
        assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "pending"
