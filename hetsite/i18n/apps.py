from django.apps import AppConfig
from django.db.models.signals import post_migrate


class I18nConfig(AppConfig):
    name = "hetsite.i18n"
    label = "i18n"
    verbose_name = "Languages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import Locale

        from hetsite.core import content_version
        from hetsite.core.groups import register_editor_permissions
        from hetsite.core.languages import ensure_locales

        from . import signals

        # The switcher, the navigation and the page URLs depend on which locales exist.
        content_version.watch(Locale)
        signals.connect()
        # Editors commission translations ("Translate this page", wagtail-localize).
        register_editor_permissions("wagtail_localize", ["submit_translation"])
        post_migrate.connect(ensure_locales, sender=self, dispatch_uid="hetsite-ensure-locales")
