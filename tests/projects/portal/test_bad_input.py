"""Hostile and broken input: a clear message by the field, nothing stored, never a 500."""

import io

import pytest
from PIL import Image as PILImage

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from projects.models import ProjectPage

from . import factories as pf


def png_bytes(size=(20, 20), mode="RGB"):
    buf = io.BytesIO()
    PILImage.new(mode, size).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def member_client(member_a):
    client = Client()
    client.force_login(member_a)
    return client


def counts():
    return (get_image_model().objects.count(), Page.objects.count(), Revision.objects.count())


def post_new(client, files=None, **data):
    payload = pf.project_post_data(**data)
    payload.update(files or {})
    return client.post(reverse("projects:portal_project_new"), payload)


def field_errors(response, name):
    return response.context["form"].errors.get(name) if "form" in response.context else None


@pytest.mark.parametrize(
    ("upload", "alt", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"this is not an image at all"),
            "A photo",
            "valid image",
        ),
        (
            SimpleUploadedFile("big.png", png_bytes((8000, 7500), "1")),
            "A photo",
            "too many pixels",
        ),
        (
            SimpleUploadedFile("huge.png", png_bytes() + b"\0" * (11 * 1024 * 1024)),
            "A photo",
            "too big",
        ),
        (SimpleUploadedFile("ok.gif", b"GIF89a" + b"\0" * 20), "A photo", "Not a supported"),
        (SimpleUploadedFile("ok.png", png_bytes()), "", "alt text"),
    ],
    ids=["not-an-image", "60-megapixels", "11-MB", "gif", "no-alt-text"],
)
def test_bad_images_are_refused_and_nothing_is_stored(member_client, org_a, upload, alt, message):
    before = counts()
    response = post_new(member_client, {"new-image": upload, "new-alt_text": alt})
    assert response.status_code == 400
    upload_form = response.context["upload_form"]
    errors = " ".join(str(e) for e in upload_form.errors.values())
    assert message in errors
    html = response.content.decode()
    # The message sits by the field it is about, linked for assistive technology.
    field = "new-alt_text" if message == "alt text" else "new-image"
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html
    assert counts() == before


def test_good_image_is_stored_in_the_partner_collection(member_client, member_a, org_a):
    response = post_new(
        member_client,
        {"new-image": SimpleUploadedFile("walk.png", png_bytes()), "new-alt_text": "Walkers"},
    )
    assert response.status_code == 302
    page = ProjectPage.objects.get()
    image = get_image_model().objects.get()
    assert image.collection.name == "Partner uploads"
    assert image.uploaded_by_user == member_a
    draft = page.get_latest_revision_as_object()
    assert [(i.image_id, i.alt_text) for i in draft.images.all()] == [(image.pk, "Walkers")]


def test_webp_is_accepted(member_client, org_a):
    buf = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(buf, "WEBP")
    response = post_new(
        member_client,
        {"new-image": SimpleUploadedFile("a.webp", buf.getvalue()), "new-alt_text": "Dots"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "x" * 300}, "title", "at most 255 characters"),
        ({"title": ""}, "title", "required"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a"),
        ({"website": "data:text/html,hi"}, "website", "Enter a"),
        ({"start_date": "2025-05-01", "end_date": "2025-01-01"}, "end_date", "on or after"),
        ({"start_date": "not a date"}, "start_date", "valid date"),
        ({"status": "bogus"}, "status", "valid choice"),
        ({"wards": "999999"}, "wards", "valid choice"),
    ],
)
def test_bad_fields_get_a_message_and_nothing_is_stored(
    member_client, org_a, data, field, message
):
    before = counts()
    response = post_new(member_client, **data)
    assert response.status_code == 400
    assert any(message in e for e in field_errors(response, field))
    assert f'id="id_{field}_error"' in response.content.decode()
    assert counts() == before


def test_script_is_shown_escaped_on_page_dashboard_and_emails(
    member_client, member_a, org_a, editor, on_commit
):
    hostile = '<script>alert("x")</script>'
    post_new(member_client, title=f"Walks {hostile}", summary=hostile, action="submit")
    page = ProjectPage.objects.get()
    assert page.draft_title == f"Walks {hostile}"
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    dashboard = member_client.get(reverse("projects:portal_dashboard")).content.decode()
    assert escaped in dashboard and hostile not in dashboard
    form = member_client.get(reverse("projects:portal_page_edit", args=[page.pk])).content.decode()
    assert hostile not in form

    editor_client = Client()
    editor_client.force_login(editor)
    with on_commit():
        pf.admin_action(editor_client, page, "approve")
    public = Client().get(pf.fresh(page).url).content.decode()
    assert "&lt;script&gt;" in public and hostile not in public
    email = mail.outbox[-1]
    assert email.to == [member_a.email]
    html = email.alternatives[0][0]
    assert hostile not in html and "&lt;script&gt;" in html


def test_other_organisations_ids_are_not_found(member_client, org_b):
    other = pf.project(org_b, title="B's secret draft")
    for name in ("portal_page_edit", "portal_page_preview"):
        response = member_client.get(reverse(f"projects:{name}", args=[other.pk]))
        assert response.status_code == 404
        assert b"secret" not in response.content
    response = member_client.post(
        reverse("projects:portal_page_edit", args=[other.pk]), pf.project_post_data()
    )
    assert response.status_code == 404
    assert (
        member_client.post(reverse("projects:portal_page_withdraw", args=[other.pk])).status_code
        == 404
    )
    # Pages outside any organisation are not found either (the home page, say).
    home = Page.objects.get(depth=2)
    assert (
        member_client.get(reverse("projects:portal_page_edit", args=[home.pk])).status_code == 404
    )
    assert (
        member_client.get(reverse("projects:portal_page_edit", args=[999999])).status_code == 404
    )


def test_forms_need_a_csrf_token(member_a, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    assert post_new(client).status_code == 403
    assert Client(enforce_csrf_checks=True).post(reverse("projects:apply"), {}).status_code == 403
