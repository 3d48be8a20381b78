"""Keeping the HTTP cache's copies of the API fresh: every page change bans /api/v2/.

Sent through ``hetsite.httpcache.purge`` (after the commit, one connection per batch,
nothing when no cache is configured), like every other purge.
"""

from wagtail.models import Page

from hetsite.httpcache.purge import safely, schedule

API_PREFIX = "/api/v2/"


@safely
def ban_api(sender=None, **kwargs):
    schedule(prefixes=[API_PREFIX])


@safely
def ban_api_for_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        schedule(prefixes=[API_PREFIX])
