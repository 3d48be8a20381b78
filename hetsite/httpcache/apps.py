from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class HttpCacheConfig(AppConfig):
    name = "hetsite.httpcache"
    label = "httpcache"
    verbose_name = "HTTP cache"

    def ready(self):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
            pre_page_move,
        )

        from hetsite.core import content_version

        from . import purge

        page_published.connect(purge.on_page_changed, dispatch_uid="httpcache-published")
        page_unpublished.connect(purge.on_page_changed, dispatch_uid="httpcache-unpublished")
        pre_page_move.connect(purge.on_page_moving, dispatch_uid="httpcache-moving")
        post_page_move.connect(purge.on_page_changed, dispatch_uid="httpcache-moved")
        page_slug_changed.connect(purge.on_slug_changed, dispatch_uid="httpcache-slug")
        pre_delete.connect(purge.on_page_deleted, dispatch_uid="httpcache-page-deleted")
        for signal in (post_save, post_delete):
            signal.connect(
                purge.on_redirect_changed, sender=Redirect, dispatch_uid=f"httpcache-{signal}"
            )
        # Whatever bumps the content version for a model (taxonomy, organisations,
        # settings, sites, view restrictions: hetsite.core.content_version.watch) can
        # show on any page: ban the whole site.
        content_version.watched_model_changed.connect(
            purge.on_site_wide_change, dispatch_uid="httpcache-ban-all"
        )
