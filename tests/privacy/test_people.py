"""Per-person export and erasure in the admin: contents, no trace left, permissions, audit."""

import json

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from wagtail.models import Comment, ModelLogEntry, Page, Revision

from hetsite.privacy import people
from hetsite.privacy.addresses import address_hash
from hetsite.privacy.models import PrivacyRequest
from newsletters.models import Subscriber
from projects.models import PartnerApplication
from projects.moderation import set_member_active
from tests import factories
from tests.newsletters import factories as nf
from tests.projects.portal import factories as pf

from . import factories as f

pytestmark = pytest.mark.django_db

PERSON = "Amina.Khan@Example.org"  # as she writes it; the site stored it in lower case
OTHER = "bob.jones@example.org"
INDEX = reverse("privacy_admin:index")
EXPORT = reverse("privacy_admin:export")
ERASE = reverse("privacy_admin:erase")


@pytest.fixture
def records(editor):
    """Amina's data everywhere, and Bob's beside it."""
    org = f.organisation("Stopsley Walkers")
    approved = f.application(
        PERSON.lower(), status="approved", organisation_name="Stopsley Walkers"
    )
    f.application(PERSON, organisation_name="Another group")
    f.application(OTHER, name="Bob Jones", organisation_name="Bob's group")
    amina = f.member(org, PERSON.lower())
    approved.member = amina
    approved.save()
    bob = f.member(org, OTHER, "Bob", "Jones")
    page = pf.project(org, title="Walk and talk", user=amina, publish=True)
    Comment.objects.create(
        page=page, user=amina, text="Please check the times.", contentpath="title"
    )
    set_member_active(amina, False, editor)
    nf.subscriber(PERSON.lower())
    nf.subscriber(OTHER)
    f.task_record(PERSON.lower())
    return {"amina": amina, "bob": bob, "page": page}


@pytest.fixture
def admin_client(client, site_admin):
    client.force_login(site_admin)
    return client


def test_export_holds_the_persons_data_and_nobody_elses(admin_client, records):
    response = admin_client.post(EXPORT, {"email": PERSON})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    data = json.loads(response.content)
    assert data["email"] == PERSON.lower()
    assert {a["organisation_name"] for a in data["partner_applications"]} == {
        "Stopsley Walkers",
        "Another group",
    }
    assert [s["state"] for s in data["newsletter_subscriptions"]] == ["confirmed"]
    [account] = data["accounts"]
    assert (account["first_name"], account["is_active"]) == ("Amina", False)
    assert account["groups"] == ["Partner: Stopsley Walkers"]
    assert [r["object"] for r in account["revisions"]] == ["Walk and talk"]
    assert [c["text"] for c in account["comments"]] == ["Please check the times."]
    text = response.content.decode().lower()
    assert "bob" not in text and OTHER not in text


def test_export_then_erasure_leaves_no_trace_of_the_address(admin_client, records):
    assert PERSON.lower() in f.dump().lower()  # the check below can fail
    assert admin_client.post(EXPORT, {"email": PERSON}).status_code == 200

    confirm = admin_client.post(ERASE, {"email": PERSON})
    assert confirm.status_code == 200
    assert b"Yes, erase it" in confirm.content
    assert PartnerApplication.objects.filter(contact_email__iexact=PERSON).count() == 2

    response = admin_client.post(ERASE, {"email": PERSON, "confirm": "yes"})
    assert response.status_code == 302 and response.url == INDEX

    dump = f.dump().lower()
    assert PERSON.lower() not in dump
    assert "amina" not in dump
    # Bob is untouched; the published page, its revision and the comment stay.
    assert OTHER in dump
    assert Subscriber.objects.get().email == OTHER
    page = Page.objects.get(pk=records["page"].pk)
    assert page.live
    erased = get_user_model().objects.get(pk=records["amina"].pk)
    assert erased.username == f"erased-user-{erased.pk}"
    assert Revision.objects.get(object_id=str(page.pk)).user == erased
    assert Comment.objects.get().user == erased


def test_audit_entries_hold_a_hash_never_the_address(admin_client, site_admin, records):
    admin_client.post(EXPORT, {"email": PERSON})
    admin_client.post(ERASE, {"email": PERSON, "confirm": "yes"})
    entries = list(PrivacyRequest.objects.order_by("created_at", "pk"))
    assert [e.action for e in entries] == ["export", "erase"]
    assert {e.address_hash for e in entries} == {address_hash(PERSON)}
    assert {e.requested_by for e in entries} == {site_admin}
    assert entries[1].counts["partner_applications_deleted"] == 2
    assert entries[1].counts["accounts_anonymised"] == 1
    logged = ModelLogEntry.objects.filter(action__startswith="privacy.").order_by("pk")
    assert [e.action for e in logged] == ["privacy.export", "privacy.erase"]
    assert all(e.user_id == site_admin.pk for e in logged)
    stored = json.dumps(
        [[e.address_hash, e.counts] for e in entries] + [[e.label, e.data] for e in logged]
    ).lower()
    assert "amina" not in stored and "example.org" not in stored
    listing = admin_client.get(INDEX)
    assert address_hash(PERSON)[:12].encode() in listing.content
    assert b"amina" not in listing.content.lower()
    assert b"Download their data (JSON)" in listing.content
    assert "Erase their data…".encode() in listing.content


def test_erasure_refuses_a_superuser(admin_client):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "x-long-password-1")
    response = admin_client.post(ERASE, {"email": "boss@example.org", "confirm": "yes"})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="boss").email == "boss@example.org"
    assert not PrivacyRequest.objects.exists()


def test_invalid_address_is_a_form_error(admin_client):
    response = admin_client.post(EXPORT, {"email": "not an address"})
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert not PrivacyRequest.objects.exists()


# --- Permission matrix ---------------------------------------------------------------------


def _member(db):
    return pf.member(pf.organisation("Matrix Org"))


USERS = {
    "anonymous": None,
    "partner member": _member,
    "editor": lambda db: factories.editor(),
    "site admin": lambda db: factories.site_admin(),
}
LOGIN = reverse("wagtailadmin_login")
HOME = reverse("wagtailadmin_home")
# What each kind of user gets: index page, export, erase (confirmed).
EXPECTED = {
    "anonymous": ("login", "login", "login"),
    "partner member": ("login", "login", "login"),
    "editor": ("home", "home", "home"),
    "site admin": (200, 200, 302),
}


@pytest.mark.parametrize("who", EXPECTED)
def test_permission_matrix(client, who, db):
    subscriber = nf.subscriber(OTHER)
    make = USERS[who]
    if make is not None:
        client.force_login(make(db))
    responses = [
        client.get(INDEX),
        client.post(EXPORT, {"email": OTHER}),
        client.post(ERASE, {"email": OTHER, "confirm": "yes"}),
    ]
    for response, expected in zip(responses, EXPECTED[who], strict=True):
        if expected == "login":
            assert response.status_code == 302 and response.url.startswith(LOGIN)
        elif expected == "home":
            assert response.status_code == 302 and response.url == HOME
        else:
            assert response.status_code == expected
    allowed = who == "site admin"
    assert Subscriber.objects.filter(pk=subscriber.pk).exists() is not allowed
    assert PrivacyRequest.objects.count() == (2 if allowed else 0)
    if allowed:
        assert json.loads(responses[1].content)["newsletter_subscriptions"][0]["email"] == OTHER


def test_an_editor_given_export_only_can_export_but_not_erase(client, editor):
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="privacy", codename="export_personal_data")
    )
    nf.subscriber(OTHER)
    client.force_login(editor)
    index = client.get(INDEX)
    assert index.status_code == 200
    assert b"Download their data" in index.content and b"Erase their data" not in index.content
    assert client.post(EXPORT, {"email": OTHER}).status_code == 200
    assert client.post(ERASE, {"email": OTHER, "confirm": "yes"}).url == HOME
    assert Subscriber.objects.filter(email=OTHER).exists()


def test_find_counts_what_erasure_would_touch(records):
    found = people.find(PERSON)
    assert found["partner_applications"] == 2
    assert found["newsletter_subscriptions"] == 1
    assert found["accounts"] == 1
    assert found["task_records_mentioning_address"] == 1
    assert found["log_entries_mentioning_address"] >= 1
