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
        from .review import fill_missing_review_dates, review_reminder_housekeeping
        from .worker import housekeeping

        content_version.connect()
        # Shown on most pages: the footer, filters, cards.
        content_version.watch(SiteSettings, MarmotPrinciple, Neighbourhood, PopulationGroup, Ward)

        # Editors see the outbox (failed and retrying emails) and can retry an email.
        register_editor_permissions("core", ["view_outgoingemail", "change_outgoingemail"])

        # Once per migrate, after every app's tables and permissions exist.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="hetsite-ensure-groups")
        # Published pages without a review date get their default one (once: then none).
        # The weekly reminder of overdue content, checked by the worker every minute.
        housekeeping.connect(review_reminder_housekeeping, dispatch_uid="hetsite-review-reminder")
        post_migrate.connect(
            fill_missing_review_dates, sender=self, dispatch_uid="hetsite-fill-review-dates"
        )
        post_migrate.connect(
            analyze_after_migrate, sender=self, dispatch_uid="hetsite-analyze-after-migrate"
        )
