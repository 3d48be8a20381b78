from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "hetsite.media"
    label = "hetsite_media"
    verbose_name = "Media privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
