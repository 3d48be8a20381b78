"""The review task partner content goes through (see ``projects.moderation``)."""

from django.db import transaction

from wagtail.models import GroupApprovalTask, TaskState


class PartnerReviewTask(GroupApprovalTask):
    """Wagtail's group approval task, made safe when two reviewers act at once.

    The task state row is locked before the decision, so a second "Approve" (or a
    member withdrawing at the same moment) finds the decision already made and does
    nothing, instead of publishing twice or failing.
    """

    class Meta:
        verbose_name = "partner content review task"
        verbose_name_plural = "partner content review tasks"

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        locked = (
            TaskState.objects.select_for_update()
            .filter(pk=task_state.pk, status=TaskState.STATUS_IN_PROGRESS)
            .first()
        )
        if locked is None:
            return None
        return super().on_action(locked.specific, user, action_name, **kwargs)
