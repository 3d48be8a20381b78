from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "hetsite.core"
    label = "core"
    verbose_name = "Site core"

    def ready(self):
        from . import content_version
        from .database import analyze_after_migrate
        from .groups import ensure_groups, register_editor_permissions
        from .models import MarmotPrinciple, Neighbourhood, PopulationGroup, SiteSettings, Ward

        content_version.connect()
        # Shown on most pages: the footer, filters, cards.
        content_version.watch(SiteSettings, MarmotPrinciple, Neighbourhood, PopulationGroup, Ward)

        # Editors see the outbox (failed and retrying emails) and can retry an email.
        register_editor_permissions("core", ["view_outgoingemail", "change_outgoingemail"])

        # Once per migrate, after every app's tables and permissions exist.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="hetsite-ensure-groups")
        post_migrate.connect(
            analyze_after_migrate, sender=self, dispatch_uid="hetsite-analyze-after-migrate"
        )
