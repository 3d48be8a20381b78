"""Listings and search in the reader's language, English standing in for the rest.

A translated page is a separate page in its locale sharing its source's
``translation_key``. A list shows, for each translation key, the page in the reader's
language when it is live and public, else the English page; never both, never a page in
a third language. Each helper narrows a queryset in SQL (one query however much content
there is), with lookups Wagtail's search backend accepts as filters (``locale``,
``translation_key`` and ``path``/``depth`` are filter fields of every page), so a
library can still be searched, counted and paginated as before.
"""

from django.db.models.functions import Substr

from wagtail.models import Page

from hetsite.core.languages import active_language, default_language, is_default, locale_id
from hetsite.core.models.base import public_pages


def in_language(queryset, code=None):
    """``queryset`` (pages in any locale) with, per translation key, the page in ``code``
    (the reader's language by default) if there is a live, public one, else the English.

    In English: the English pages only. Elsewhere: the pages in that language, and the
    English ones whose translation key has no live, public page in it (an uncorrelated
    sub-query on the (translation_key, locale) index).
    """
    code = code or active_language()
    source = locale_id(default_language())
    if source is None:  # no locales at all: nothing to choose between
        return queryset
    reader = None if is_default(code) else locale_id(code)
    if reader is None:
        return queryset.filter(locale_id=source)
    translated = public_pages(Page.objects.live().filter(locale_id=reader)).values(
        "translation_key"
    )
    return queryset.filter(locale_id__in=[source, reader]).exclude(
        locale_id=source, translation_key__in=translated
    )


def _family_paths(page):
    """The tree paths of ``page`` and of all its translations (live or not)."""
    return Page.objects.filter(translation_key=page.translation_key).values("path")


def children_in_language(queryset, parent, code=None):
    """The pages of ``queryset`` just below ``parent`` or below any of its translations,
    in the reader's language (``in_language``).

    A translated index has only the translated items below it, and an English index
    shown under /pl/ only the English ones: both list the items below the English index
    and their translations, wherever those sit. Translations mirror the English tree
    (``copy_for_translation``), so every translation of ``parent`` is at its depth.
    """
    return in_language(
        queryset.alias(parent_path=Substr("path", 1, len(parent.path))).filter(
            depth=parent.depth + 1, parent_path__in=_family_paths(parent)
        ),
        code,
    )


def descendants_in_language(queryset, parent, code=None):
    """As ``children_in_language``, for every depth below ``parent``."""
    return in_language(
        queryset.alias(parent_path=Substr("path", 1, len(parent.path))).filter(
            depth__gt=parent.depth, parent_path__in=_family_paths(parent)
        ),
        code,
    )


def translations_for(pages, code=None):
    """{English page id: its live translation into ``code``} for a list of ``pages``,
    in one query (none in English or when no page is English)."""
    code = code or active_language()
    reader = None if is_default(code) else locale_id(code)
    source = locale_id(default_language())
    keys = {page.translation_key: page.pk for page in pages if page.locale_id == source}
    if reader is None or not keys:
        return {}
    found = public_pages(Page.objects.live()).filter(
        locale_id=reader, translation_key__in=list(keys)
    )
    return {keys[page.translation_key]: page for page in found.specific()}
