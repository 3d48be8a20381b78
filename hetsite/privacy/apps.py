from django.apps import AppConfig
from django.db.models.signals import post_save


class PrivacyConfig(AppConfig):
    name = "hetsite.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self):
        from django.apps import apps

        from .retention import on_subscriber_saved

        # A person who unsubscribed may subscribe again by confirming: their confirmed
        # subscription replaces the suppression record.
        post_save.connect(
            on_subscriber_saved,
            sender=apps.get_model("newsletters", "Subscriber"),
            dispatch_uid="privacy-subscriber-confirmed",
        )
