from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Public API"

    def ready(self):
        from django.db.models.signals import pre_delete

        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import purge

        # Anonymous API responses are shared-cacheable like pages (hetsite.httpcache). A
        # change to a watched model (wards, figures, organisations, taxonomy, view
        # restrictions) already bans the whole site, /api/ included; a page change
        # bans the API here, as any page can show in it (its own item, a project's
        # priority group or organisation, the ward and indicator page addresses).
        page_published.connect(purge.ban_api, dispatch_uid="api-ban-published")
        page_unpublished.connect(purge.ban_api, dispatch_uid="api-ban-unpublished")
        post_page_move.connect(purge.ban_api, dispatch_uid="api-ban-moved")
        pre_delete.connect(purge.ban_api_for_deleted_page, dispatch_uid="api-ban-deleted")
