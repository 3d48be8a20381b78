"""Submitting, reviewing and publishing partner pages through Wagtail's workflow."""

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry, Revision, WorkflowState

from projects.models import ProjectPage
from projects.moderation import WORKFLOW_NAME, PageState, page_state

from . import factories as pf


def edit_url(page):
    return reverse("projects:portal_page_edit", args=[page.pk])


@pytest.fixture
def member_client(member_a):
    client = Client()
    client.force_login(member_a)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_workflow_is_assigned_to_the_partner_directory(org_a):
    index = pf.partner_index()
    assert index.get_workflow().name == WORKFLOW_NAME
    assert pf.org_page(org_a).get_workflow().name == WORKFLOW_NAME


def test_submit_then_approve_makes_the_page_live(
    member_client, member_a, editor_client, org_a, on_commit
):
    response = member_client.post(
        reverse("projects:portal_project_new"), pf.project_post_data(action="submit")
    )
    assert response.status_code == 302
    page = ProjectPage.objects.get(title="Walk and talk")
    assert not page.live
    assert page.owner == member_a
    assert page.get_parent().pk == pf.org_page(org_a).pk
    assert page.latest_revision.user == member_a
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == WORKFLOW_NAME
    assert state.requested_by == member_a
    assert page_state(page)[0] == PageState.AWAITING

    mail.outbox.clear()
    with on_commit():
        response = pf.admin_action(editor_client, page, "approve")
    assert response.status_code == 302
    page = pf.fresh(page)
    assert page.live
    assert page.url  # now public
    public = Client().get(page.url)
    assert public.status_code == 200
    assert b"Walk and talk" in public.content
    # The member is emailed the decision (and Wagtail's own admin-linking email is not sent).
    assert [m.to for m in mail.outbox] == [[member_a.email]]
    assert "Published: Walk and talk" in mail.outbox[0].subject
    assert "/admin/" not in mail.outbox[0].body
    # Everything is in Wagtail's audit log.
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.edit", "wagtail.workflow.start"} <= actions
    assert {"wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_changes_requested_then_resubmit_then_approve(
    member_client, member_a, editor_client, org_a, on_commit
):
    member_client.post(
        reverse("projects:portal_project_new"), pf.project_post_data(action="submit")
    )
    page = ProjectPage.objects.get(title="Walk and talk")
    mail.outbox.clear()
    comment = "Please add <b>when</b> the walks start & finish."
    with on_commit():
        pf.admin_action(editor_client, page, "reject", comment)
    page = pf.fresh(page)
    assert not page.live
    assert page_state(page) == (PageState.CHANGES, comment)

    # The member is emailed the comment...
    assert len(mail.outbox) == 1
    assert comment in mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;b&gt;when&lt;/b&gt;" in html and "<b>when" not in html
    # ... and sees it, escaped, on the dashboard and the edit form.
    dashboard = member_client.get(reverse("projects:portal_dashboard")).content.decode()
    assert "Changes requested" in dashboard
    assert "Please add &lt;b&gt;when&lt;/b&gt; the walks start &amp; finish." in dashboard
    assert "&lt;b&gt;when" in member_client.get(edit_url(page)).content.decode()

    response = member_client.post(
        edit_url(page),
        pf.project_post_data(description="Wednesdays, 10am to 11am.", action="submit"),
    )
    assert response.status_code == 302
    page = pf.fresh(page)
    assert page_state(page)[0] == PageState.AWAITING
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1  # resumed

    with on_commit():
        pf.admin_action(editor_client, page, "approve", "Thanks!")
    page = pf.fresh(page)
    assert page.live and page.description == "Wednesdays, 10am to 11am."
    assert "Thanks!" in mail.outbox[-1].body


def test_live_page_edits_stay_private_until_approved(member_client, editor_client, org_a):
    page = pf.project(org_a, title="Park run", publish=True, description="Old text.")
    assert page.live
    response = member_client.post(
        edit_url(page),
        pf.project_post_data(title="Park run", description="New text.", action="save"),
    )
    assert response.status_code == 302
    page = pf.fresh(page)
    assert page.description == "Old text."  # the live version
    assert page.get_latest_revision_as_object().description == "New text."
    assert page_state(page)[0] == PageState.LIVE_DRAFT
    assert b"New text." not in Client().get(page.url).content

    member_client.post(
        edit_url(page),
        pf.project_post_data(title="Park run", description="New text.", action="submit"),
    )
    page = pf.fresh(page)
    assert page_state(page)[0] == PageState.LIVE_AWAITING
    public = Client().get(page.url).content
    assert b"Old text." in public and b"New text." not in public

    pf.admin_action(editor_client, page, "approve")
    assert b"New text." in Client().get(pf.fresh(page).url).content


def test_a_page_awaiting_review_cannot_be_changed_until_withdrawn(member_client, org_a):
    member_client.post(
        reverse("projects:portal_project_new"), pf.project_post_data(action="submit")
    )
    page = ProjectPage.objects.get(title="Walk and talk")
    revisions = Revision.objects.count()
    response = member_client.post(edit_url(page), pf.project_post_data(title="Changed"))
    assert response.status_code == 302
    assert Revision.objects.count() == revisions

    response = member_client.post(reverse("projects:portal_page_withdraw", args=[page.pk]))
    assert response.status_code == 302
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "cancelled"
    assert page_state(pf.fresh(page))[0] == PageState.DRAFT
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.cancel").exists()
    # Now it can be edited and submitted again.
    member_client.post(edit_url(page), pf.project_post_data(title="Changed", action="submit"))
    assert page_state(pf.fresh(page))[0] == PageState.AWAITING


def test_save_draft_and_come_back_later(member_client, org_a):
    response = member_client.post(
        reverse("projects:portal_project_new"), pf.project_post_data(title="Half done")
    )
    page = ProjectPage.objects.get(title="Half done")
    assert response.url == edit_url(page)
    assert not page.live and not WorkflowState.objects.exists()
    form = member_client.get(edit_url(page)).content.decode()
    assert 'value="Half done"' in form
    assert "Weekly walks in Wardown Park." in form
    assert "Draft" in member_client.get(reverse("projects:portal_dashboard")).content.decode()


def test_case_study_form_asks_the_reports_questions_in_order(member_client, org_a):
    html = member_client.get(reverse("projects:portal_case_study_new")).content.decode()
    questions = [
        "Project title",
        "Tell us about your project",
        "What did you do?",
        "What have you achieved?",
        "What have you learnt?",
        "Acknowledgements",
        "What&#x27;s next?",
    ]
    positions = [html.index(q) for q in questions]
    assert positions == sorted(positions)
    response = member_client.post(
        reverse("projects:portal_case_study_new"),
        {
            "title": "Our hub",
            "organisation_name": "Organisation A",
            "about": "About.",
            "what_we_did": "Did.",
            "achievements": "Achieved.",
            "learning": "Learnt.",
            "year": "2024",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    from casestudies.models import CaseStudyPage

    case_study = CaseStudyPage.objects.get(title="Our hub")
    assert case_study.organisation == org_a
    assert case_study.current_workflow_state.status == "in_progress"


def test_profile_edit_goes_through_review(member_client, editor_client, org_a):
    page = pf.org_page(org_a)
    response = member_client.post(
        reverse("projects:portal_profile"),
        {
            "description": "We run community sessions.",
            "website": "https://example.org",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    page = pf.fresh(page)
    assert page.description == "What Organisation A does."
    pf.admin_action(editor_client, page, "approve")
    page = pf.fresh(page)
    assert page.description == "We run community sessions."
    assert page.website == "https://example.org"


def test_member_deactivation_is_audited(editor_client, member_a, org_a):
    url = reverse("partner_organisations:members", args=[org_a.pk])
    assert member_a.username in editor_client.get(url).content.decode()
    editor_client.post(url, {"member": member_a.pk, "action": "deactivate"})
    member_a.refresh_from_db()
    assert not member_a.is_active
    assert ModelLogEntry.objects.filter(action="projects.member.deactivate").exists()


def test_member_previews_the_latest_draft_of_a_live_page(member_client, org_a):
    page = pf.project(org_a, title="Park run", publish=True, description="Old text.")
    member_client.post(
        edit_url(page), pf.project_post_data(title="Park run", description="Draft text.")
    )
    response = member_client.get(reverse("projects:portal_page_preview", args=[page.pk]))
    assert response.status_code == 200
    assert b"Draft text." in response.content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
