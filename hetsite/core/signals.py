from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .context_processors import clear_navigation_cache


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def page_tree_changed(sender, **kwargs):
    """The header menu and footer links are cached: rebuild them after any change."""
    clear_navigation_cache()


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        clear_navigation_cache()


@receiver(post_save, sender=Site)
def site_changed(sender, **kwargs):
    clear_navigation_cache()
