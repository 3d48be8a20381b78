"""Translations for the i18n tests: the way wagtail-localize's admin makes them, and a quick
one with Wagtail's own copy_for_translation (``translate``)."""

import polib
from wagtail_localize.models import Translation, TranslationSource

from wagtail.models import Locale, Page


def locale(code):
    return Locale.objects.get(language_code=code)


def start_translation(page, code, on_commit, user=None):
    """ "Translate this page" into ``code``: the source extracted, a Translation made and
    its target saved with the English strings (published, its parents copied as needed),
    as wagtail-localize's submit view does."""
    target_locale = locale(code)
    with on_commit():
        source, _ = TranslationSource.get_or_create_from_instance(page.specific)
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=target_locale
        )
        translation.save_target(user=user, publish=True)
    return translation


def import_title(translation, title, on_commit, user=None, publish=True):
    """A translator's PO file with ``title`` for the page title, imported and published."""
    po = polib.pofile(str(translation.export_po()))
    entries = [entry for entry in po if entry.msgctxt == "title"]
    assert entries, "the page title is not among the strings to translate"
    for entry in entries:
        entry.msgstr = title
    warnings = translation.import_po(po, user=user)
    assert warnings == []
    with on_commit():
        translation.save_target(user=user, publish=publish)
    return translated_page(translation)


def translated_page(translation):
    source_page = translation.source.get_source_instance()
    return Page.objects.get(
        translation_key=source_page.translation_key, locale=translation.target_locale
    ).specific


def sync(page, code, on_commit, user=None):
    """ "Sync translated pages" after the English page changed: the source re-extracted
    and the translation saved again from it."""
    with on_commit():
        source, _ = TranslationSource.update_or_create_from_instance(page.specific)
        source.create_or_update_translation(
            locale(code), user=user, publish=True, fallback=True, copy_parent_pages=True
        )


LANGUAGES = ["ur", "pl", "ro", "bn"]


def translate(page, code, title=None, publish=True, publish_parents=True, **fields):
    """``page``'s copy in language ``code`` with Wagtail's ``copy_for_translation`` (its
    untranslated parents copied too), titled ``title`` (or "<title> [<code>]"), with
    ``fields`` set, and published. The parents copied along the way start as drafts:
    published too unless ``publish_parents`` is false. An existing translation is
    returned as it is."""
    locale = Locale.objects.get(language_code=code)
    page = Page.objects.get(pk=page.pk).specific
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=True).specific
    copy.title = title or f"{page.title} [{code}]"
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if publish:
        copy.save_revision().publish()
    if publish_parents:
        for ancestor in copy.get_ancestors().filter(depth__gt=1, live=False):
            ancestor.specific.save_revision().publish()
    return type(copy).objects.get(pk=copy.pk)


def translate_home(home, code):
    """The home page in ``code``, live: the root of that language's pages."""
    return translate(home, code, title=f"Home [{code}]")


def translate_alone(page, code, **kwargs):
    """``translate``, leaving the parents it had to copy as drafts (the English index
    stands in for them under the language's prefix)."""
    return translate(page, code, publish_parents=False, **kwargs)
