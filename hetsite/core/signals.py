from django.core.cache import cache
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .context_processors import NAV_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
def clear_navigation_cache(sender, **kwargs):
    cache.delete(NAV_CACHE_KEY)
