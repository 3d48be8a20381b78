from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The partner portal: applications, sign-in and partner-written pages.

    It edits projects and case studies, so it sits above both apps and nothing imports it.
    """

    name = "portal"
    label = "portal"
    verbose_name = "Partner portal"

    def ready(self):
        from wagtail.models import WorkflowState
        from wagtail.signals import workflow_approved, workflow_rejected

        from . import signals

        workflow_approved.connect(
            signals.on_workflow_approved,
            sender=WorkflowState,
            dispatch_uid="portal-workflow-approved-email",
        )
        workflow_rejected.connect(
            signals.on_workflow_rejected,
            sender=WorkflowState,
            dispatch_uid="portal-workflow-rejected-email",
        )
