"""Builders for partner portal tests, on top of tests/factories.py."""

from django.contrib.auth.models import Group

from wagtail.models import Page

from portal.applications import silence_admin_notifications
from projects.models import OrganisationPage, PartnerIndexPage, PartnerOrganisation, ProjectPage
from projects.moderation import PARTNER_GROUP_PREFIX, ensure_partner_workflow
from tests import factories

PASSWORD = "correct-horse-battery"


def partner_index():
    index = PartnerIndexPage.objects.first()
    if index is None:
        home = factories.home_page()
        index = factories.add_page(home, PartnerIndexPage(title="Partners", slug="partners"))
    ensure_partner_workflow()
    return index


def organisation(name="Organisation A", sector="vcsfe"):
    index = partner_index()
    group = Group.objects.create(name=f"{PARTNER_GROUP_PREFIX}{name}")
    org = PartnerOrganisation.objects.create(name=name, sector=sector, group=group)
    factories.add_page(
        index,
        OrganisationPage(title=name, organisation=org, description=f"What {name} does."),
    )
    return org


def member(org, username=None, **kwargs):
    user = factories.user(username or factories.unique("member"), password=PASSWORD, **kwargs)
    user.groups.add(org.group)
    silence_admin_notifications(user)
    return user


def org_page(org):
    return OrganisationPage.objects.get(organisation=org)


def project(org, title="Community gardening", publish=False, user=None, **fields):
    defaults = {"summary": "A summary.", "description": "A description."}
    defaults.update(fields)
    page = ProjectPage(title=title, owner=user, **defaults)
    parent = org_page(org)
    page.slug = factories.unique("project")
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
    return Page.objects.get(pk=page.pk).specific


def project_post_data(**overrides):
    data = {
        "title": "Walk and talk",
        "summary": "Weekly walks in Wardown Park.",
        "description": "We meet on Wednesdays.",
        "status": "active",
        "action": "save",
    }
    data.update(overrides)
    return data


def admin_action(client, page, action, comment=""):
    """Approve or request changes as an editor would, through the admin's workflow URL."""
    from django.urls import reverse

    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def fresh(page):
    return Page.objects.get(pk=page.pk).specific
