"""The "Partner content review" workflow and partner groups.

Partners never use the Wagtail admin. Their pages still go through Wagtail's own
machinery: the portal saves revisions owned by the member and starts this workflow;
editors approve or request changes in the admin; the member is emailed each decision
(the portal app connects those emails, ``portal.signals``).

``ensure_partner_workflow`` runs after every ``migrate`` (see ``apps.ProjectsConfig``)
and is idempotent: it only creates what is missing.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import Collection, Page, Workflow, WorkflowPage, WorkflowTask

from hetsite.core.groups import EDITORS_GROUP, SITE_ADMINS_GROUP

WORKFLOW_NAME = "Partner content review"
TASK_NAME = "Public health editors review"
UPLOADS_COLLECTION = "Partner uploads"
PARTNER_GROUP_PREFIX = "Partner: "


def ensure_partner_workflow(**kwargs):
    """Create the review task and workflow, and assign it to /partners/ if it exists."""
    from .models import PartnerReviewTask

    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    admins, _ = Group.objects.get_or_create(name=SITE_ADMINS_GROUP)
    task = PartnerReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = PartnerReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(editors, admins)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    assign_workflow_to_partner_index(workflow)
    uploads_collection()
    return workflow


def partner_workflow():
    """The workflow partner pages go through (created if a flush removed it)."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    return workflow or ensure_partner_workflow()


def assign_workflow_to_partner_index(workflow=None):
    from .models import PartnerIndexPage

    index = PartnerIndexPage.objects.first()
    if index is None:
        return
    workflow = workflow or Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None and not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=workflow)


def on_partner_index_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(assign_workflow_to_partner_index)


def uploads_collection():
    """The collection every image uploaded through the portal goes into."""
    existing = Collection.objects.filter(name=UPLOADS_COLLECTION).first()
    if existing is not None:
        return existing
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return root.add_child(name=UPLOADS_COLLECTION)


# --- Members -----------------------------------------------------------------------------


def organisation_for(user):
    """The active partner organisation ``user`` is a member of, or None."""
    from .models import PartnerOrganisation

    if not user.is_authenticated or not user.is_active:
        return None
    return (
        PartnerOrganisation.objects.filter(is_active=True, group__user=user)
        .select_related("group", "page")
        .order_by("name")
        .first()
    )


def members_of(organisation):
    from django.contrib.auth import get_user_model

    if organisation.group_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(groups=organisation.group_id).order_by("username")


def set_member_active(member, active, by_user):
    """Deactivate or reactivate a partner member (an editor's action), with an audit entry."""
    member.is_active = active
    member.save(update_fields=["is_active"])
    log(
        instance=member,
        action="projects.member.reactivate" if active else "projects.member.deactivate",
        user=by_user,
    )


# --- Page states shown in the portal --------------------------------------------------------


class PageState:
    # Translators: the review state of a partner's page, shown in the partner portal.
    DRAFT = _("Draft")
    AWAITING = _("Awaiting review")
    CHANGES = _("Changes requested")
    LIVE = _("Live")
    LIVE_DRAFT = _("Live, with unsubmitted changes")
    LIVE_AWAITING = _("Live, with changes awaiting review")
    LIVE_CHANGES = _("Live, changes requested")


def page_state(page):
    """(state label, reviewer's comment or "") for a page in the portal.

    Uses ``current_workflow_state``, which ``prefetch_workflow_states()`` fills in for
    listings so that the dashboard's query count does not grow with its pages.
    """
    workflow_state = page.current_workflow_state
    comment = ""
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        comment = task_state.comment if task_state else ""
        return (PageState.LIVE_CHANGES if page.live else PageState.CHANGES), comment
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        return (PageState.LIVE_AWAITING if page.live else PageState.AWAITING), comment
    if page.live:
        return (PageState.LIVE_DRAFT if page.has_unpublished_changes else PageState.LIVE), comment
    return PageState.DRAFT, comment


def is_partner_page(page):
    """Whether ``page`` sits under an organisation page (a partner's own content)."""
    from .models import OrganisationPage

    return Page.objects.ancestor_of(page, inclusive=True).type(OrganisationPage).exists()
