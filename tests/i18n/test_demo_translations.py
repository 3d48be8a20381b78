"""The demo translations: five English pages in every other language, made through
wagtail-localize from the demo catalogue, and shown as awaiting a translator's review."""

from io import StringIO

import polib
import pytest

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.html import escape

from wagtail.models import Locale, Page

from hetsite.core.management.commands.load_demo_content import DemoContext
from hetsite.core.models import HomePage
from hetsite.i18n import demo
from hetsite.i18n.models import TranslationRecord

NOTICE = (
    "This translation is a demonstration: it has not yet been checked by a qualified "
    "translator. The English page is the authoritative version."
)
LANGUAGES = ["ur", "pl", "ro", "bn"]
PAGES = [
    ("", "Luton Health Equity Town"),
    ("about", "About the Health Equity Town"),
    ("how-to-apply", "How to apply"),
    ("accessibility-statement", "Accessibility statement"),
    ("privacy-notice", "Privacy notice"),
]


@pytest.fixture(scope="module")
def demo_loaded(module_db, django_db_blocker):
    """The demo site, loaded once for the module (every test here wants it)."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", "--skip-index", stdout=StringIO())


@pytest.fixture
def english(demo_loaded, db):
    """{slug: the English demo page}, "" for the home page."""
    home = HomePage.objects.get(locale__language_code="en-gb")
    pages = {page.slug: page for page in demo.english_pages(Page.objects.get(pk=home.pk))}
    pages[""] = pages.pop(home.slug)
    return pages


def catalogue_file(code):
    return polib.pofile(str(demo.CATALOGUE_DIR / f"{code}.po"))


def test_the_demo_translates_into_every_other_language_of_the_site():
    assert demo.demo_languages() == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("slug,english_title", PAGES)
def test_each_page_is_served_in_the_language_marked_awaiting_review(
    english, client, code, slug, english_title
):
    url = f"/{code}/{slug}/" if slug else f"/{code}/"
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    title = demo.catalogue(code)[english_title]
    assert title != english_title
    assert escape(title) in html
    assert f'<html lang="{code}"' in html
    with translation.override(code):
        assert escape(translation.gettext(NOTICE)) in html
    assert response.context["page"].locale.language_code == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_segment_is_translated_and_the_record_follows_the_english_revision(english, code):
    from wagtail_localize.models import Translation

    locale = Locale.objects.get(language_code=code)
    for slug, page in english.items():
        translated = page.get_translation(locale)
        assert translated.live
        job = Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)
        po = job.export_po()
        assert len(po) > 0
        assert [entry.msgid for entry in po if not entry.msgstr] == [], slug
        total, done = job.get_progress()
        assert total == done, slug
        record = TranslationRecord.objects.get(page=translated)
        assert record.awaiting_review
        assert record.source_page_id == page.pk
        assert record.source_revision_id == page.live_revision_id, slug
        assert not record.is_out_of_date


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_demo_catalogue_is_complete_and_labelled_a_demonstration(code):
    po = catalogue_file(code)
    assert po.metadata["Language"] == code
    assert "awaiting review" in po.metadata["X-Hetsite-Status"]
    assert "not yet checked by a qualified translator" in po.header
    assert [entry.msgid for entry in po if not entry.msgstr] == []
    assert [entry.msgid for entry in po if entry.fuzzy or entry.obsolete] == []
    # The page addresses stay the English ones: /pl/about/ as /about/.
    for slug, _title in PAGES[1:]:
        assert po.find(slug).msgstr == slug


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_catalogue_covers_every_segment_of_the_english_demo_pages(english, code):
    """A change to the English demo text fails here until the catalogue has it too."""
    from wagtail_localize.models import StringSegment

    strings = demo.catalogue(code)
    missing = []
    extracted = set()
    for page in english.values():
        source = demo.source_for(page)
        for segment in StringSegment.objects.filter(source=source).select_related("string"):
            extracted.add(segment.string.data)
            if segment.string.data not in strings:
                missing.append((page.slug, segment.string.data))
    assert missing == []
    # And nothing in it that the pages no longer say.
    assert sorted(set(strings) - extracted) == []


def test_running_the_loader_again_adds_no_translation(english):
    """Idempotent (the whole demo loading twice is tests/core/test_demo.py)."""
    before = Page.objects.count(), TranslationRecord.objects.count()
    out = StringIO()
    demo.load(DemoContext(BaseCommand(stdout=out), with_users=False))
    assert (Page.objects.count(), TranslationRecord.objects.count()) == before
    assert TranslationRecord.objects.filter(awaiting_review=True).count() == 20
    assert out.getvalue() == ""
