"""Review decisions on the partner workflow, emailed to the member who submitted.

Connected in ``apps.PortalConfig.ready`` to Wagtail's workflow signals.
"""

from wagtail.models import TaskState

from projects.moderation import WORKFLOW_NAME

from .emails import send_review_decision


def on_workflow_approved(sender, instance, user=None, **kwargs):
    """The page (or its new revision) is live: tell the member who submitted it."""
    if instance.workflow.name != WORKFLOW_NAME:
        return
    task_state = (
        instance.task_states.filter(status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-id")
        .first()
    )
    _notify(instance, approved=True, comment=task_state.comment if task_state else "")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """An editor requested changes: send the member the reviewer's comment."""
    if instance.workflow.name != WORKFLOW_NAME:
        return
    task_state = instance.current_task_state
    _notify(instance, approved=False, comment=task_state.comment if task_state else "")


def _notify(workflow_state, approved, comment):
    member = workflow_state.requested_by
    if member is None or not member.is_active or not member.email:
        return
    page = workflow_state.content_object.specific
    # Queued in the decision's transaction; sent by a task once it commits.
    send_review_decision(member, page, approved=approved, comment=comment)
