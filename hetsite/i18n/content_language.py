"""The language a partner wrote a page's text in, when it is not the page's own.

Partners write in whichever language they work in; the page then marks its text with
``lang`` (and ``dir``), so screen readers read it in that language's voice (WCAG 3.1.2,
language of parts). The list is Django's languages (``LANG_INFO``) with a few of Luton's
community languages it lacks, each named in itself.
"""

from functools import cache

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html

from .fields import SourceOnlyField

DEFAULT_CONTENT_LANGUAGE = "en"

# Languages spoken in Luton that Django's list lacks (or names only in English).
EXTRA_LANGUAGES = {
    "am": {"name": "Amharic", "name_local": "አማርኛ", "bidi": False},
    "gu": {"name": "Gujarati", "name_local": "ગુજરાતી", "bidi": False},
    "pa": {"name": "Punjabi", "name_local": "ਪੰਜਾਬੀ", "bidi": False},
    "ps": {"name": "Pashto", "name_local": "پښتو", "bidi": True},
    "so": {"name": "Somali", "name_local": "Soomaali", "bidi": False},
    "ti": {"name": "Tigrinya", "name_local": "ትግርኛ", "bidi": False},
}
# Regional variants are left out (the text's language is what matters); script
# variants stay, as they read differently.
SCRIPT_SUFFIXES = ("hans", "hant", "latn")


@cache
def content_languages():
    """{code: {"name", "name_local", "bidi"}} for every language a partner can choose."""
    found = {}
    for code, info in LANG_INFO.items():
        if "name_local" not in info:
            continue
        if "-" in code and code.split("-", 1)[1] not in SCRIPT_SUFFIXES:
            continue
        found[code] = {
            "name": info["name"],
            "name_local": info["name_local"],
            "bidi": info["bidi"],
        }
    found.update(EXTRA_LANGUAGES)
    return found


def content_language_choices():
    """(code, name in itself) for each language, sorted by that name."""
    languages = content_languages()
    return sorted(
        ((code, info["name_local"]) for code, info in languages.items()),
        key=lambda choice: (choice[1].casefold(), choice[0]),
    )


def validate_content_language(value):
    if value and value not in content_languages():
        raise ValidationError(
            "Choose a language from the list.", code="invalid_choice", params={"value": value}
        )


def primary_subtag(code):
    return (code or "").split("-", 1)[0].lower()


def content_language_attrs(code, page_language):
    """{"lang", "dir"} for text written in ``code`` on a page in ``page_language``, or
    None when they are the same language (or the text's language is not given)."""
    if not code or primary_subtag(code) == primary_subtag(page_language):
        return None
    info = content_languages().get(code)
    if info is None:
        return None
    return {"lang": code, "dir": "rtl" if info["bidi"] else "ltr"}


class WrittenInMixin(models.Model):
    """A page whose text a partner may have written in another language than the
    page's own (a project, a case study)."""

    content_language = models.CharField(
        "language of the text",
        max_length=12,
        blank=True,
        choices=content_language_choices,
        validators=[validate_content_language],
        help_text="The language the text is written in, if not the page's language. "
        "The page marks it, so screen readers read it in that language.",
    )

    # A translation is written in its own locale's language: it starts blank and
    # wagtail-localize leaves it alone on sync (not copied from the English page).
    content_language_translatable_fields = [SourceOnlyField("content_language")]

    class Meta:
        abstract = True

    def content_language_attrs(self):
        from hetsite.core.languages import default_language, locale_codes

        page_language = locale_codes().get(self.locale_id, default_language())
        return content_language_attrs(self.content_language, page_language)

    @property
    def content_language_html(self):
        """` lang="pl" dir="ltr"` for the element around the page's text, or ""."""
        attrs = self.content_language_attrs()
        if attrs is None:
            return ""
        return format_html(' lang="{}" dir="{}"', attrs["lang"], attrs["dir"])
