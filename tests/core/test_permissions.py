"""The editor groups, tried as real signed-in users against the Wagtail admin."""

import pytest

from django.contrib.auth.models import Group

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from hetsite.core.groups import EDITORS_GROUP, SITE_ADMINS_GROUP
from hetsite.core.models import MarmotPrinciple, StandardPage
from tests import factories
from tests.core import factories as core_factories

USER_ADMIN_URLS = ["/admin/users/", "/admin/groups/", "/admin/workflows/list/"]
SETTINGS_URL = "/admin/settings/core/sitesettings/"


def denied(client, url):
    """The admin refuses: a 403, or a redirect to the dashboard or the login page."""
    response = client.get(url, follow=True)
    final_path = response.request["PATH_INFO"]
    return response.status_code == 403 or final_path in ("/admin/", "/admin/login/")


def test_groups_exist_after_migrate(db):
    assert Group.objects.filter(name=EDITORS_GROUP).exists()
    assert Group.objects.filter(name=SITE_ADMINS_GROUP).exists()


def test_anonymous_and_plain_users_cannot_open_the_admin(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(factories.user())
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/" in response["Location"]
    assert client.get("/admin/pages/").status_code == 302


def test_editor_can_open_the_admin_but_not_users_groups_or_settings(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    for url in [*USER_ADMIN_URLS, SETTINGS_URL]:
        assert denied(client, url), url


def test_editor_edits_and_publishes_a_page(client, home_page, editor):
    page = core_factories.standard_page(title="Old title", slug="old")
    client.force_login(editor)
    url = f"/admin/pages/{page.pk}/edit/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "New title",
            "slug": "old",
            "introduction": "Changed.",
            "body": streamfield([("paragraph", rich_text("<p>New body.</p>"))]),
        }
    )
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.content[:2000]
    page.refresh_from_db()
    assert page.title == "New title" and page.live and not page.has_unpublished_changes
    assert "New body." in client.get("/old/").content.decode()


def test_editor_adds_a_page_under_the_home_page(client, home_page, editor):
    client.force_login(editor)
    url = f"/admin/pages/add/core/standardpage/{home_page.pk}/"
    data = nested_form_data(
        {
            "title": "Draft idea",
            "slug": "draft-idea",
            "introduction": "",
            "body": streamfield([("heading", {"text": "Hello", "level": "h2"})]),
        }
    )
    assert client.post(url, data).status_code == 302
    page = StandardPage.objects.get(slug="draft-idea")
    assert not page.live  # saved as a draft without the publish action


def test_editor_manages_taxonomy_snippets(client, editor):
    client.force_login(editor)
    assert client.get("/admin/snippets/core/marmotprinciple/").status_code == 200
    assert client.get("/admin/snippets/core/ward/").status_code == 200
    response = client.post(
        "/admin/snippets/core/marmotprinciple/add/",
        {"number": 8, "name": "Pursue sustainability", "short_name": "", "slug": "sust"},
    )
    assert response.status_code == 302
    assert MarmotPrinciple.objects.filter(number=8, slug="sust").exists()


def test_site_admin_manages_users_groups_workflows_and_settings(client, site_admin):
    client.force_login(site_admin)
    for url in ["/admin/", *USER_ADMIN_URLS, "/admin/users/new/", SETTINGS_URL]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "/admin/login/" not in response.request["PATH_INFO"], url
    from hetsite.core.models import SiteSettings

    response = client.post(
        f"/admin/settings/core/sitesettings/{SiteSettings.load().pk}/",
        {"contact_email": "team@example.org", "contact_phone": "", "footer_text": "Hi"},
        follow=True,
    )
    assert response.status_code == 200
    assert SiteSettings.objects.get().contact_email == "team@example.org"


@pytest.mark.parametrize("username", ["editor", "siteadmin"])
def test_demo_users_sign_in(client, db, username):
    from io import StringIO

    from hetsite.core import demo
    from hetsite.core.management.commands.load_demo_content import Command, DemoContext

    demo.load(DemoContext(Command(stdout=StringIO()), with_users=True))
    # Through the admin's sign-in form (django-axes needs the request: no client.login).
    response = client.post("/admin/login/", {"username": username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
