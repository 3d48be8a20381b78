"""Signing in and out of the portal, throttling, resets and deactivated members."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from hetsite.core.signin import TOO_MANY_ATTEMPTS

from . import factories as pf

LOGIN = reverse("projects:portal_login")
DASHBOARD = reverse("projects:portal_dashboard")


def sign_in(client, username, password=pf.PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_sign_in_rotates_the_session_and_sign_out_ends_it(client, member_a):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen"
    response = sign_in(client, "member-a")
    assert response.status_code == 302 and response.url == DASHBOARD
    assert client.cookies["sessionid"].value != "attacker-chosen"
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(reverse("projects:portal_logout")).status_code == 405  # POST only
    client.post(reverse("projects:portal_logout"))
    assert client.get(DASHBOARD).status_code == 302


def test_wrong_password_and_unknown_account_look_the_same(client, member_a):
    wrong = sign_in(client, "member-a", "nope").content.decode()
    unknown = sign_in(client, "nobody-here", "nope").content.decode()
    message = "Please enter a correct username and password"
    assert message in wrong and message in unknown


def test_editors_cannot_use_the_portal_sign_in(client, editor):
    response = sign_in(client, editor.username)
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_ten_failures_lock_the_account_for_everyone(member_a):
    for i in range(10):
        sign_in(Client(REMOTE_ADDR=f"10.0.1.{i}"), "member-a", "wrong")
    # Even the right password from a new address is refused for now.
    response = sign_in(Client(REMOTE_ADDR="10.0.2.1"), "member-a")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 5 * 60
    assert TOO_MANY_ATTEMPTS in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_ten_failures_from_one_address_block_that_address(member_a, org_a):
    other = pf.member(org_a, "member-a2")
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for i in range(10):
        sign_in(attacker, f"guess-{i}", "wrong")
    refused = sign_in(attacker, other.username)
    assert refused.status_code == 429
    assert TOO_MANY_ATTEMPTS in refused.content.decode()
    assert sign_in(Client(REMOTE_ADDR="10.9.9.10"), other.username).status_code == 302


def test_nine_failures_then_success_is_fine(member_a):
    client = Client()
    for _ in range(9):
        sign_in(client, "member-a", "wrong")
    assert sign_in(client, "member-a").status_code == 302


def test_deactivated_member_is_signed_out_on_next_request(client, member_a):
    sign_in(client, "member-a")
    assert client.get(DASHBOARD).status_code == 200
    member_a.is_active = False
    member_a.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    # And cannot sign in again.
    assert sign_in(client, "member-a").status_code == 200


def test_member_removed_from_the_organisation_is_signed_out(client, member_a, org_a):
    sign_in(client, "member-a")
    member_a.groups.remove(org_a.group)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_editor_visiting_the_portal_gets_a_403_but_stays_signed_in(client, editor):
    client.force_login(editor)
    assert client.get(DASHBOARD).status_code == 403
    assert "_auth_user_id" in client.session


def test_password_reset_for_members_only(client, member_a, editor, on_commit):
    url = reverse("projects:portal_password_reset")
    assert client.get(url).status_code == 200
    with on_commit():
        client.post(url, {"email": editor.email})
    assert not mail.outbox  # editors reset their password in the admin
    with on_commit():  # the email is queued, and sent once the request commits
        response = client.post(url, {"email": member_a.email.upper()})
    assert response.status_code == 302
    (email,) = mail.outbox
    link = re.search(r"http://testserver(\S+)", email.body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "another long password", "new_password2": "another long password"},
    )
    assert response.status_code == 302
    assert sign_in(Client(), "member-a", "another long password").status_code == 302


def test_set_password_errors_are_shown_by_the_field(client, member_a):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    url = reverse(
        "projects:portal_set_password",
        args=[
            urlsafe_base64_encode(force_bytes(member_a.pk)),
            default_token_generator.make_token(member_a),
        ],
    )
    page = client.get(url, follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_new_password2_error"' in html


def test_members_never_get_the_wagtail_admin(client, member_a):
    sign_in(client, "member-a")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    fresh = Client()
    fresh.post("/admin/login/", {"username": "member-a", "password": pf.PASSWORD})
    response = fresh.get("/admin/pages/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not member_a.has_perm("wagtailadmin.access_admin")
