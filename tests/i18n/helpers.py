"""Translations for tests, made with Wagtail's own copy_for_translation (no localize)."""

from wagtail.models import Locale, Page

LANGUAGES = ["ur", "pl", "ro", "bn"]


def translate(page, code, title=None, publish=True):
    """A published translation of ``page`` into ``code`` (its parents translated as
    needed), titled ``title``."""
    locale = Locale.objects.get(language_code=code)
    page = Page.objects.get(pk=page.pk).specific
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation = translation.specific
    if title:
        translation.title = title
    revision = translation.save_revision()
    if publish:
        revision.publish()
    # Parents copied along the way start as drafts: publish them too.
    for ancestor in translation.get_ancestors().filter(depth__gt=1, live=False):
        ancestor.specific.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)
