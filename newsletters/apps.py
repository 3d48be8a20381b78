from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from hetsite.core.groups import register_editor_permissions

        register_editor_permissions(
            "newsletters",
            ["view_subscriber", "delete_subscriber", "view_delivery", "send_newsletter"],
        )
