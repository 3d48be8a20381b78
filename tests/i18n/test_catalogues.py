"""The interface translations: every string the code marks is in each language's .po
file, translated, with nothing fuzzy; the files compile; the demo translations say
they need review by a qualified translator."""

import os
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from tests.i18n.helpers import LANGUAGES

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])


def catalogue(code):
    return polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings the code marks today, extracted with Django's makemessages into a
    scratch directory (the project's own .po files are left alone)."""
    tmp = tmp_path_factory.mktemp("locale")
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)
    try:
        with override_settings(LOCALE_PATHS=[str(tmp)]):
            call_command(
                "makemessages",
                locale=["pl"],
                # Not the project's own locale folders: makemessages would merge into them.
                ignore_patterns=[
                    ".venv",
                    "node_modules",
                    "staticfiles",
                    "tests",
                    "media",
                    "*/locale",
                ],
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    entries = polib.pofile(str(tmp / "pl" / "LC_MESSAGES" / "django.po"))
    return {key(entry) for entry in entries if not entry.obsolete}


def test_extraction_found_the_interface_strings(extracted):
    # A sanity check on the extraction itself: strings from base.html, the portal and
    # the places pages are there.
    msgids = {msgid for _ctx, msgid in extracted}
    assert "Skip to main content" in msgids
    assert "Languages" in msgids
    assert len(msgids) > 300


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_marked_string_is_translated(extracted, code):
    po = catalogue(code)
    have = {key(entry): entry for entry in po if not entry.obsolete}
    missing = sorted(extracted - set(have))
    assert not missing, f"{code}: {len(missing)} strings not in the .po file: {missing[:10]}"
    untranslated = [entry.msgid for entry in po.untranslated_entries() if not entry.obsolete]
    assert not untranslated, f"{code}: untranslated: {untranslated[:10]}"
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not fuzzy, f"{code}: fuzzy: {fuzzy[:10]}"
    for entry in po:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), f"{code}: plural forms of {entry.msgid}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_labelled_for_review_and_compiles(code, tmp_path):
    po = catalogue(code)
    assert "needs review by a qualified translator" in po.header.lower()
    assert po.metadata["Language"] == code
    mo = tmp_path / "django.mo"
    po.save_as_mofile(str(mo))
    assert polib.mofile(str(mo)).percent_translated() == 100


def test_compile_translations_makes_the_mo_files_django_reads(tmp_path):
    call_command("compile_translations", verbosity=0)
    for code in LANGUAGES:
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.mo").exists()
    with translation.override("pl"):
        assert translation.gettext("Languages") != "Languages"
