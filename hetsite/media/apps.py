from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MediaConfig(AppConfig):
    name = "hetsite.media"
    label = "hetsite_media"
    verbose_name = "Media privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(
            signals.build_public_images_once, sender=self, dispatch_uid="hetsite-media-build"
        )
