"""The site's languages: which exist, how each is named and written, and page URLs in them.

English (``settings.LANGUAGE_CODE``) is the source language and has no URL prefix; every
other language in ``settings.LANGUAGES`` is served under ``/<code>/``. A Wagtail locale
exists for each (``ensure_locales`` after every migrate), so editors can translate into
any of them at once.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, get_language_info

from hetsite.core import content_version

LOCALES_CACHE_KEY = "hetsite:locales"
LOCALES_SCOPE = "locales"
_memo = {"codes": None, "version": None, "marker": None}
_REQUEST_MARKER = contextvars.ContextVar("hetsite_locales_request", default=None)
# The language of the URL prefix of the request being served (None for English and for
# requests outside the language-prefixed URLs, such as the admin): set by
# hetsite.i18n.middleware.LocaleMiddleware.
URL_LANGUAGE = contextvars.ContextVar("hetsite_url_language", default=None)


def url_language():
    """The language prefix links on this request's page keep (None: no prefix)."""
    return URL_LANGUAGE.get()


@contextlib.contextmanager
def own_addresses():
    """Page URLs as Wagtail makes them, each in its own language, for the switcher, the
    hreflang links and canonical addresses."""
    token = URL_LANGUAGE.set(None)
    try:
        yield
    finally:
        URL_LANGUAGE.reset(token)


def default_language():
    return settings.LANGUAGE_CODE


def active_language():
    """The language of this request (Django's active language), or the default."""
    return get_language() or settings.LANGUAGE_CODE


def is_default(code):
    return code == settings.LANGUAGE_CODE


def language_name(code):
    """The language named in itself ("اردو", "Polski"), as the switcher shows it."""
    return dict(settings.LANGUAGES).get(code, code)


def direction(code):
    return "rtl" if get_language_info(code)["bidi"] else "ltr"


def html_lang(code):
    """A BCP 47 tag for ``lang`` and ``hreflang`` attributes: "en-GB", "ur"."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def ensure_locales(**kwargs):
    """A Wagtail locale for every language the site is configured with (after migrate)."""
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def locale_codes():
    """{locale id: language code}, so pages compare their locale with the reader's
    language without a query.

    Kept in this process, and checked against the "locales" version (a locale's change
    bumps it; publishing a page does not) once per request (``new_request``) — and on
    every call outside a request; read from the shared cache, or the database, only when
    the version changed.
    """
    marker = _REQUEST_MARKER.get()
    if _memo["codes"] is not None and marker is not None and _memo["marker"] is marker:
        return _memo["codes"]
    version = content_version.current(scope=LOCALES_SCOPE)
    if _memo["codes"] is None or _memo["version"] != version:
        key = f"{LOCALES_CACHE_KEY}:{version}"
        codes = cache.get(key)
        if codes is None:
            from wagtail.models import Locale

            codes = dict(Locale.objects.values_list("id", "language_code"))
            cache.set(key, codes, 60 * 60)
        _memo.update(codes=codes, version=version)
    _memo["marker"] = marker
    return _memo["codes"]


def new_request():
    """Mark the start of a request (LocaleMiddleware): the locales are checked again
    on first use. Returns the token to reset with ``URL_LANGUAGE``'s."""
    return _REQUEST_MARKER.set(object())


def end_request(token):
    _REQUEST_MARKER.reset(token)


def forget_locales(**kwargs):
    """Drop this process's copy (a locale was saved or deleted here)."""
    _memo.update(codes=None, version=None, marker=None)


def locale_id(code):
    for pk, language_code in locale_codes().items():
        if language_code == code:
            return pk
    return None


def prefixed(url, code=None):
    """``url`` (a site-relative English address) under the language prefix of ``code``
    (the active language by default); unchanged for English and for absolute URLs."""
    code = code or active_language()
    if is_default(code) or not url.startswith("/") or url.startswith(f"/{code}/"):
        return url
    return f"/{code}{url}"


def reader_url(page, url):
    """``url`` (``page``'s address as Wagtail makes it) as a link on the page being
    served: an English page linked from a page under /<code>/ keeps that prefix, so
    the reader stays in their language (the page is shown in English there, with a
    notice, or redirects to its translation). Unchanged outside such a request."""
    language = url_language()
    if not url or language is None or page.locale_id != locale_id(default_language()):
        return url
    return prefixed(url, language)
