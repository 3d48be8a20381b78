from django import template
from django.conf import settings
from django.utils.translation import override

from wagtail.models import Page

from hetsite.core.languages import (
    active_language,
    default_language,
    direction,
    html_lang,
    language_name,
    locale_codes,
    own_addresses,
    reader_url,
)

register = template.Library()

REQUEST_ATTRIBUTE = "_hetsite_page_languages"


@register.filter(name="html_lang")
def html_lang_filter(code):
    """ "en-gb" → "en-GB", for ``lang`` and ``hreflang`` attributes."""
    return html_lang(code or default_language())


def _languages(request, page):
    """The languages ``page`` is published in, for the switcher and the hreflang links:
    one query (the translations, with their translation records)."""
    active = active_language()
    codes = locale_codes()
    page_code = codes.get(page.locale_id, default_language())
    versions = list(
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("translation_record")
        .order_by("locale_id")
    )
    if not any(version.pk == page.pk for version in versions):
        versions.append(page)  # a draft being previewed
    here = page.get_url(request) or ""
    path = getattr(request, "path", "")
    # A routable page's route (/wards/biscot/) keeps its place in every language.
    suffix = path[len(here) :] if here and path.startswith(here) else ""
    links = []
    for version in versions:
        code = codes.get(version.locale_id)
        if code is None:
            continue
        with override(code), own_addresses():
            url = version.get_url(request)
            full_url = version.get_full_url(request)
        if not url:
            continue
        links.append(
            {
                "code": code,
                "lang": html_lang(code),
                "dir": direction(code),
                "name": language_name(code),
                "url": f"{url}{suffix}",
                "full_url": f"{full_url}{suffix}",
                "current": code == active,
            }
        )
    order = {code: i for i, code in enumerate(code for code, _name in settings.LANGUAGES)}
    links.sort(key=lambda link: order.get(link["code"], len(order)))
    awaiting_review = False
    for version in versions:
        if version.pk == page.pk and version is not page:
            try:
                awaiting_review = version.translation_record.awaiting_review
            except Page.translation_record.RelatedObjectDoesNotExist:
                pass
    return {
        "links": links,
        "english": next((link for link in links if link["code"] == default_language()), None),
        # Shown in English inside another language's interface (hetsite.i18n.views).
        "fallback": page_code != active,
        # The language the page's main content is rendered in: its own (base.html).
        "content_code": page_code,
        "page_lang": html_lang(page_code),
        "page_dir": direction(page_code),
        "current_name": language_name(active),
        "awaiting_review": awaiting_review,
    }


@register.simple_tag(takes_context=True)
def page_languages(context):
    """``{% page_languages as languages %}``: the switcher's links, whether the page is
    shown in English as a fallback, and whether its translation awaits review."""
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page) or not page.pk:
        return {
            "links": [],
            "english": None,
            "fallback": False,
            "awaiting_review": False,
            "content_code": active_language(),
        }
    found = getattr(request, REQUEST_ATTRIBUTE, None)
    if found is None or found[0] != page.pk:
        found = (page.pk, _languages(request, page))
        setattr(request, REQUEST_ATTRIBUTE, found)
    return found[1]


@register.filter
def source_language_url(page):
    """The page's full URL in its own language: an English page shown under another
    language's prefix names its English address as canonical. A URL (a route's own
    canonical address) is returned as it is."""
    if isinstance(page, str):
        return page
    if not isinstance(page, Page):
        return ""
    code = locale_codes().get(page.locale_id, default_language())
    with override(code), own_addresses():
        return page.full_url


@register.simple_tag(takes_context=True)
def reader_pageurl(context, page):
    """``{% pageurl %}`` for any page, plain ``Page`` objects included, keeping the
    reader's language prefix (``hetsite.core.languages.reader_url``)."""
    return reader_url(page, page.get_url(request=context.get("request")))
