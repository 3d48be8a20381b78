from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Partners and projects"

    def ready(self):
        from hetsite.core import content_version
        from hetsite.core.groups import register_editor_permissions

        from . import moderation
        from .models import PartnerIndexPage, PartnerOrganisation

        # Organisation names and sectors show on every listing card and facet.
        content_version.watch(PartnerOrganisation)

        # Editors review partner applications and manage partner members; the review
        # itself uses Wagtail's page permissions, which editors already have.
        register_editor_permissions(
            "projects",
            [
                "view_partnerapplication",
                "review_partnerapplication",
                "view_partnerorganisation",
                "change_partnerorganisation",
            ],
        )
        post_migrate.connect(
            moderation.ensure_partner_workflow,
            sender=self,
            dispatch_uid="projects-ensure-partner-workflow",
        )
        post_save.connect(
            moderation.on_partner_index_saved,
            sender=PartnerIndexPage,
            dispatch_uid="projects-partner-index-workflow",
        )
