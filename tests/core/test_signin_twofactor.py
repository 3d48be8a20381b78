"""Two-factor sign-in (TOTP and recovery codes) for the Wagtail admin."""

import re
from datetime import timedelta

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from hetsite.twofactor import devices
from tests import factories

ADMIN_LOGIN = reverse("wagtailadmin_login")
ADMIN_HOME = reverse("wagtailadmin_home")
SETUP = reverse("twofactor_setup")
VERIFY = reverse("twofactor_verify")
PASSWORD = "correct-horse-battery"


def code_for(device):
    """What the person's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device):
    return "000000" if code_for(device) != "000000" else "111111"


def signed_in(user):
    """A client signed in with the password only (the admin's own sign-in form)."""
    client = Client()
    response = client.post(ADMIN_LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 302 and response.url == ADMIN_HOME


def with_app(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


@pytest.fixture
def required(settings):
    settings.HETSITE_REQUIRE_2FA_FOR_ADMINS = True


@pytest.fixture
def superuser(db):
    return factories.user("root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("who", ["site_admin", "superuser"])
def test_administrator_without_an_app_is_sent_to_set_up_when_required(required, request, who):
    client = signed_in(request.getfixturevalue(who))
    for url in (ADMIN_HOME, reverse("wagtailadmin_explore_root"), "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == SETUP


def test_administrator_sets_up_an_app_and_gets_recovery_codes_once(required, site_admin):
    client = signed_in(site_admin)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=site_admin, confirmed=False)
    assert devices.manual_key(device) in html
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert client.post(SETUP, {"code": wrong_code(device)}).status_code == 400
        clock.move_to(start + timedelta(seconds=2))  # past django-otp's back-off
        response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    # Verified for this session: the dashboard opens.
    assert client.get(ADMIN_HOME).status_code == 200
    # The codes are never shown again.
    manage = client.get(reverse("twofactor_manage")).content.decode()
    assert "10 unused recovery codes" in manage
    assert not any(code in manage for code in codes)


def test_with_an_app_a_code_is_needed_before_the_dashboard(site_admin):
    device = with_app(site_admin)
    client = signed_in(site_admin)
    response = client.get(ADMIN_HOME)
    assert response.status_code == 302 and response.url == f"{VERIFY}?next={ADMIN_HOME}"
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 302
    # Nor can a second app be added by someone who only knows the password.
    assert client.get(SETUP).url.startswith(VERIFY)

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        wrong = client.post(VERIFY, {"code": wrong_code(device)})
        assert wrong.status_code == 400
        assert client.get(ADMIN_HOME).status_code == 302
        clock.move_to(start + timedelta(seconds=2))  # past django-otp's back-off
        response = client.post(VERIFY, {"code": code_for(device), "next": ADMIN_HOME})
        assert response.status_code == 302 and response.url == ADMIN_HOME
    assert client.get(ADMIN_HOME).status_code == 200


def test_verify_ignores_a_next_url_on_another_site(site_admin):
    device = with_app(site_admin)
    client = signed_in(site_admin)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == ADMIN_HOME


def test_a_recovery_code_works_once(site_admin):
    with_app(site_admin)
    codes = devices.new_recovery_codes(site_admin)
    first = signed_in(site_admin)
    response = first.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert first.get(ADMIN_HOME).status_code == 200
    assert devices.recovery_codes_left(site_admin) == 9

    second = signed_in(site_admin)
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert second.get(ADMIN_HOME).status_code == 302


def test_editors_are_not_forced_but_can_opt_in(required, editor):
    client = signed_in(editor)
    assert client.get(ADMIN_HOME).status_code == 200
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 200
    # From now on the editor needs a code at each sign-in.
    assert signed_in(editor).get(ADMIN_HOME).status_code == 302


def test_not_required_in_development_settings(site_admin):
    """The dev and test defaults: the demo logins open the admin at once."""
    assert signed_in(site_admin).get(ADMIN_HOME).status_code == 200


def test_required_administrators_cannot_turn_it_off(required, site_admin):
    device = with_app(site_admin)
    client = signed_in(site_admin)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.post(reverse("twofactor_manage"), {"action": "turn-off"})
    assert refused(response)
    assert devices.has_app(site_admin)


def test_an_editor_can_turn_it_off_after_verifying(editor):
    device = with_app(editor)
    client = signed_in(editor)
    assert client.post(reverse("twofactor_manage"), {"action": "turn-off"}).status_code == 302
    assert devices.has_app(editor)  # not verified yet: sent to verify instead
    client.post(VERIFY, {"code": code_for(device)})
    client.post(reverse("twofactor_manage"), {"action": "turn-off"})
    assert not devices.has_app(editor)


def test_members_of_the_portal_are_not_affected(db, required):
    from tests.projects.portal import factories as pf

    member = pf.member(pf.organisation("Organisation A"), "member-a")
    client = Client()
    client.post(reverse("projects:portal_login"), {"username": "member-a", "password": PASSWORD})
    assert client.get(reverse("projects:portal_dashboard")).status_code == 200
    assert not devices.has_app(member)


# --- Who may reset someone else's two-factor sign-in ---------------------------------

ACTORS_AND_TARGETS = [
    # actor, target, allowed
    ("superuser", "other_superuser", True),
    ("superuser", "site_admin", True),
    ("superuser", "editor", True),
    ("superuser", "superuser", False),  # yourself: from your own account page
    ("site_admin", "other_superuser", False),
    ("site_admin", "other_site_admin", True),
    ("site_admin", "editor", True),
    ("site_admin", "site_admin", False),
    ("editor", "site_admin", False),
    ("editor", "other_editor", False),
    ("editor", "editor", False),
]


@pytest.fixture
def people(db):
    return {
        "superuser": factories.user("root", is_superuser=True),
        "other_superuser": factories.user("root2", is_superuser=True),
        "site_admin": factories.site_admin("admin1"),
        "other_site_admin": factories.site_admin("admin2"),
        "editor": factories.editor("editor1"),
        "other_editor": factories.editor("editor2"),
    }


@pytest.mark.parametrize(("actor", "target", "allowed"), ACTORS_AND_TARGETS)
def test_who_can_reset_someone_elses_two_factor(people, actor, target, allowed):
    actor, target = people[actor], people[target]
    device = with_app(target)
    devices.new_recovery_codes(target)
    assert devices.can_reset(actor, target) is allowed
    client = Client()
    client.force_login(actor)
    if actor == target:
        client.post(VERIFY, {"code": code_for(device)})
    url = reverse("twofactor_reset", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200 if allowed else refused(page)
    response = client.post(url)
    if allowed:
        assert response.status_code == 302 and response.url == reverse("wagtailusers_users:index")
        assert not devices.has_app(target)
        assert not StaticDevice.objects.filter(user=target).exists()
        entry = ModelLogEntry.objects.get(action="twofactor.reset")
        assert (entry.object_id, entry.user_id) == (str(target.pk), actor.pk)
    else:
        assert refused(response)
        assert devices.has_app(target)
        assert not ModelLogEntry.objects.filter(action="twofactor.reset").exists()


def test_the_users_listing_offers_the_reset_to_those_allowed(people):
    client = Client()
    client.force_login(people["site_admin"])
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("twofactor_reset", args=[people["editor"].pk]) in html
    assert reverse("twofactor_reset", args=[people["superuser"].pk]) not in html
