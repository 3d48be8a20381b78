from django.apps import AppConfig
from django.db.models.signals import post_migrate


class I18nConfig(AppConfig):
    name = "hetsite.i18n"
    label = "i18n"
    verbose_name = "Languages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Locale

        from hetsite.core import content_version
        from hetsite.core.languages import LOCALES_SCOPE, ensure_locales, forget_locales

        from . import signals

        # The switcher, the navigation and the page URLs depend on which locales exist.
        # (Locales rarely change, so they have their own version: publishing a page
        # does not make every process read them again.)
        content_version.watch(Locale, scope=LOCALES_SCOPE)
        post_save.connect(forget_locales, sender=Locale, dispatch_uid="hetsite-forget-locales")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="hetsite-forget-locales-d")
        signals.connect()
        post_migrate.connect(ensure_locales, sender=self, dispatch_uid="hetsite-ensure-locales")
        # Editors commission translations ("Translate this page", wagtail-localize). Its
        # permission is made by a wagtail-localize migration, so a database flushed
        # between tests has lost it: made again here, after the groups exist.
        post_migrate.connect(
            ensure_translation_permission, sender=self, dispatch_uid="hetsite-translate-perm"
        )


def ensure_translation_permission(**kwargs):
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from hetsite.core.groups import EDITORS_GROUP, SITE_ADMINS_GROUP

    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for group in Group.objects.filter(name__in=[EDITORS_GROUP, SITE_ADMINS_GROUP]):
        group.permissions.add(permission)
