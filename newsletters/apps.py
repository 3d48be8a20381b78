from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from hetsite.core.groups import register_editor_permissions
        from hetsite.core.worker import housekeeping

        from .sending import resume_sends

        # The task worker resumes interrupted and waiting sends by itself.
        housekeeping.connect(resume_sends, dispatch_uid="newsletters-resume-sends")

        register_editor_permissions(
            "newsletters",
            [
                "view_subscriber",
                "delete_subscriber",
                "view_delivery",
                "send_newsletter",
                "view_digestdelivery",
            ],
        )
