"""Who can do what to organisation A's pages, as real signed-in users.

Each action is tried through every route the user has: the partner portal, and the
Wagtail admin. A cell is True when any route lets the action happen.
"""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, Revision, WorkflowState

from projects.moderation import partner_workflow
from tests import factories

from . import factories as pf

SECRET = "Draft-only text 7f3a"
COMMENT = "Reviewer note 91bc"


def png(name="p.png"):
    buf = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def world(db):
    org_a = pf.organisation("Organisation A")
    org_b = pf.organisation("Organisation B")
    owner = pf.member(org_a, "owner-a")
    deactivated = pf.member(org_a, "gone-a")
    deactivated.is_active = False
    deactivated.save()
    users = {
        "anonymous": None,
        "member of A": pf.member(org_a, "member-a"),
        "second member of A": pf.member(org_a, "member-a2"),
        "member of B": pf.member(org_b, "member-b"),
        "deactivated member": deactivated,
        "editor": factories.editor(),
        "administrator": factories.site_admin(),
    }
    page = pf.project(org_a, title="A's project", user=owner, description=SECRET)
    editor = factories.editor()
    return {"page": page, "users": users, "owner": owner, "editor": editor}


def in_review(world):
    page = pf.fresh(world["page"])
    partner_workflow().start(page, world["owner"])
    return pf.fresh(page)


def changes_requested(world):
    page = in_review(world)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, world["editor"], "reject", comment=COMMENT)
    return pf.fresh(page)


def edit_url(page):
    return reverse("projects:portal_page_edit", args=[page.pk])


def view_draft(client, world):
    page = world["page"]
    portal = client.get(edit_url(page))
    admin = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    return any(r.status_code == 200 and SECRET in r.content.decode() for r in (portal, admin))


def edit(client, world):
    page = world["page"]
    before = Revision.objects.count()
    client.post(edit_url(page), pf.project_post_data(title="Edited"))
    admin = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return Revision.objects.count() > before or admin.status_code == 200


def submit(client, world):
    client.post(edit_url(world["page"]), pf.project_post_data(action="submit"))
    return WorkflowState.objects.filter(status="in_progress").exists()


def withdraw(client, world):
    page = in_review(world)
    client.post(reverse("projects:portal_page_withdraw", args=[page.pk]))
    return WorkflowState.objects.filter(status="cancelled").exists()


def approve(client, world):
    page = in_review(world)
    pf.admin_action(client, page, "approve")
    return pf.fresh(page).live


def publish(client, world):
    page = world["page"]
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
    )
    client.post(url, {"include_descendants": ""})
    return pf.fresh(page).live


def see_review_comments(client, world):
    page = changes_requested(world)
    portal = client.get(reverse("projects:portal_dashboard"))
    admin = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    return any(r.status_code == 200 and COMMENT in r.content.decode() for r in (portal, admin))


def upload_image(client, world):
    Image = get_image_model()
    before = Image.objects.count()
    client.post(
        edit_url(world["page"]),
        {**pf.project_post_data(), "new-image": png(), "new-alt_text": "A picture"},
    )
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Admin upload",
            "file": png(),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    return Image.objects.count() > before


def open_admin(client, world):
    return client.get("/admin/").status_code == 200


ACTIONS = {
    "view a draft": view_draft,
    "edit": edit,
    "submit": submit,
    "withdraw": withdraw,
    "approve": approve,
    "publish": publish,
    "see review comments": see_review_comments,
    "upload an image": upload_image,
    "open the Wagtail admin": open_admin,
}

T, F = True, False
# fmt: off
EXPECTED = {
    #                     view edit submit withdraw approve publish comments upload admin
    "anonymous":          (F,   F,   F,     F,       F,      F,      F,       F,     F),
    "member of A":        (T,   T,   T,     T,       F,      F,      T,       T,     F),
    "second member of A": (T,   T,   T,     T,       F,      F,      T,       T,     F),
    "member of B":        (F,   F,   F,     F,       F,      F,      F,       F,     F),
    "deactivated member": (F,   F,   F,     F,       F,      F,      F,       F,     F),
    "editor":             (T,   T,   F,     F,       T,      T,      T,       T,     T),
    "administrator":      (T,   T,   F,     F,       T,      T,      T,       T,     T),
}
# fmt: on

CASES = [
    pytest.param(role, action, EXPECTED[role][i], id=f"{role}-{action}")
    for role in EXPECTED
    for i, action in enumerate(ACTIONS)
]


@pytest.mark.parametrize(("role", "action", "allowed"), CASES)
def test_permission_matrix(world, role, action, allowed):
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    assert ACTIONS[action](client, world) is allowed
