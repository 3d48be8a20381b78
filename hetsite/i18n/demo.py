"""Demo translations: the home page, About, How to apply, the accessibility statement and
the privacy notice in every other language of the site, made through wagtail-localize as
a translator would (export the PO file, fill it in, import it, save the page).

The translated text is in ``demo_translations/<code>.po``, one entry per English segment
(``msgid`` is the English text exactly as wagtail-localize extracts it). These are
demonstration translations that no qualified translator has checked yet, so each page is
marked ``awaiting_review`` and readers see a notice saying so.

Runs after the content apps' demos (INSTALLED_APPS order), so every segment those add to
the pages (a ward link on About, say) is already there. A page already translated is left
alone, so a second run changes nothing and editors' changes survive.
"""

from pathlib import Path

import polib

from django.conf import settings

from wagtail.models import Locale, Page

from hetsite.core.languages import is_default

CATALOGUE_DIR = Path(__file__).resolve().parent / "demo_translations"
# The English pages translated, by their slugs under the home page ("" is the home page).
PAGE_SLUGS = ["", "about", "how-to-apply", "accessibility-statement", "privacy-notice"]


class CatalogueError(Exception):
    """The demo catalogue has no translation for a segment of an English demo page."""


def demo_languages():
    return [code for code, _name in settings.LANGUAGES if not is_default(code)]


def catalogue(code):
    """{English text: translation} from ``demo_translations/<code>.po``."""
    po = polib.pofile(str(CATALOGUE_DIR / f"{code}.po"), wrapwidth=0)
    return {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}


def english_pages(home):
    """The English demo pages, home first (its translation is the others' parent)."""
    pages = [home]
    for slug in PAGE_SLUGS[1:]:
        page = home.get_children().filter(slug=slug).first()
        if page is not None:
            pages.append(page)
    return [page.specific for page in pages]


def source_for(page):
    """The page's TranslationSource, brought up to date with the page as it is now."""
    from wagtail_localize.models import TranslationSource

    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    return source


def translate(page, locale, strings):
    """Translate ``page`` into ``locale`` with ``strings``, publish it and mark it a demo
    translation awaiting review. Returns the translated page, or None if it existed."""
    from wagtail_localize.models import Translation

    from .models import TranslationRecord

    if page.has_translation(locale):
        return None
    source = source_for(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    missing = []
    for entry in po:
        entry.msgstr = strings.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
    if missing:
        raise CatalogueError(
            f"demo_translations/{locale.language_code}.po has no translation for "
            f"{len(missing)} segment(s) of {page.url_path}: {missing[:3]}"
        )
    translation.import_po(po, tool_name="Demo catalogue")
    # Not save_target(publish=True): that publishes on commit, and the demo loads inside
    # one transaction. Missing strings raise instead of falling back to English.
    translated, _created = source.create_or_update_translation(
        locale, publish=False, copy_parent_pages=False, fallback=False
    )
    translated.get_latest_revision().publish()
    record = TranslationRecord.objects.get(page_id=translated.pk)
    record.awaiting_review = True
    record.save(update_fields=["awaiting_review", "updated_at"])
    return translated


def load(ctx):
    from hetsite.core.models import HomePage

    home = ctx.home
    if home is None:
        home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        return
    pages = english_pages(Page.objects.get(pk=home.pk))
    for code in demo_languages():
        locale = Locale.objects.get(language_code=code)
        strings = catalogue(code)
        made = [page for page in pages if translate(page, locale, strings) is not None]
        if made:
            ctx.log(f"Demo translations into {code}: {len(made)} pages")
