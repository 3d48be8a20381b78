"""Translating test pages the way editors do: Wagtail's ``copy_for_translation``."""

from wagtail.models import Locale


def translate(page, code, title=None, publish=True, **fields):
    """``page``'s copy in language ``code`` (its untranslated parents copied too, as
    drafts), retitled and published; the parents stay drafts unless translated first."""
    locale = Locale.objects.get(language_code=code)
    copy = page.specific.copy_for_translation(locale, copy_parents=True)
    copy.title = title or f"{page.title} [{code}]"
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if publish:
        copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def translate_home(home, code):
    """The home page in ``code``, live: the root of that language's pages."""
    return translate(home, code, title=f"Home [{code}]")
