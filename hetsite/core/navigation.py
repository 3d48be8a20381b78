from django.core.cache import cache

from wagtail.models import Page, Site

from hetsite.core import content_version
from hetsite.core.languages import (
    active_language,
    default_language,
    html_lang,
    is_default,
    locale_id,
    reader_url,
    url_language,
)
from hetsite.core.models.base import public_pages

NAV_CACHE_KEY = "hetsite:navigation"
NAV_CACHE_SECONDS = 60 * 60
REQUEST_ATTRIBUTE = "_hetsite_navigation"
# Pages the footer links to, by their fixed slugs under the home page.
FOOTER_SLUGS = ["about", "how-to-apply", "accessibility-statement", "privacy-notice"]


def _item(page, request, lang=None):
    """A link: ``lang`` names the title's language when it is not the reader's (an
    English page in another language's menu), for screen readers."""
    return {
        "title": page.title,
        # Plain Page objects (not BasePage): the reader's prefix is added here.
        "url": reader_url(page, page.get_url(request=request)),
        "path": page.url_path,
        "lang": lang,
    }


def build_navigation(request, site):
    """The header menu, the footer links and the site's sections, in one query.

    The menu is the home page and its live, public children marked "show in menus";
    the footer links are the fixed-slug pages that exist, so no link is ever broken.
    The sections are all those children by page type (the libraries and other index
    pages), for pages that link to them: ``site_section()``.
    """
    from django.contrib.contenttypes.models import ContentType

    root = site.root_page
    fields = ("id", "title", "slug", "url_path", "path", "depth", "show_in_menus", "content_type")
    children = list(public_pages(root.get_children().live()).only(*fields, "translation_key"))
    # In another language, each page's translation where there is one (one more query);
    # an untranslated page keeps its English title, at its address in that language.
    local = {}
    language = active_language()
    if not is_default(language):
        local = {
            page.translation_key: page
            for page in Page.objects.live()
            .filter(
                locale_id=locale_id(language),
                translation_key__in=[root.translation_key, *(c.translation_key for c in children)],
            )
            .only(*fields, "translation_key", "locale_id")
        }
    english = None if is_default(language) else html_lang(default_language())
    menu = [_item(local.get(root.translation_key, root), request)]
    footer = {}
    sections = {}
    for page in children:
        shown = local.get(page.translation_key)
        item = _item(shown, request) if shown else _item(page, request, lang=english)
        if page.show_in_menus:
            menu.append(item)
        if page.slug in FOOTER_SLUGS:
            footer[page.slug] = item
        label = ContentType.objects.get_for_id(page.content_type_id).model_class()
        if label is not None:
            sections.setdefault(label._meta.label_lower, page)
    return {
        "menu": menu,
        "footer": [footer[s] for s in FOOTER_SLUGS if s in footer],
        "sections": sections,
    }


def _cache_key(request, site_id):
    language = f"{active_language()}:{url_language() or ''}"
    return f"{NAV_CACHE_KEY}:{site_id}:{language}:{content_version.current(request)}"


def navigation(request):
    """The navigation bundle for this request's site: read once per request, cached
    in the shared cache per content version (publishing, moving or deleting a page,
    or changing the site, bumps the version, so nothing has to be deleted)."""
    nav = getattr(request, REQUEST_ATTRIBUTE, None)
    if nav is None:
        site = Site.find_for_request(request)
        if site is None:
            nav = {"menu": [], "footer": [], "sections": {}}
        else:
            nav = cache.get(_cache_key(request, site.pk))
            if nav is None:
                nav = build_navigation(request, site)
                cache.set(_cache_key(request, site.pk), nav, NAV_CACHE_SECONDS)
        setattr(request, REQUEST_ATTRIBUTE, nav)
    return nav


def site_section(request, model):
    """The live, public page of type ``model`` just under the home page, or None.

    The libraries and index pages (``max_count = 1``) live there. Pages that link to
    them ask here instead of querying: the answer comes with the header menu.
    ``model`` is a page class or its label ("places.WardIndexPage"), so a lower app
    can link to a higher one's page without importing it.
    """
    label = model.lower() if isinstance(model, str) else model._meta.label_lower
    return navigation(request)["sections"].get(label)


def site_navigation(request):
    """Header menu and footer links for templates, built lazily (see ``navigation``)."""
    return {
        "primary_navigation": lambda: navigation(request)["menu"],
        "footer_navigation": lambda: navigation(request)["footer"],
        # For fragment cache keys: {% wagtailpagecache 3600 "name" content_version %}.
        # With the language: a fragment holds interface text and links in one language.
        "content_version": lambda: (
            f"{content_version.current(request)}-{active_language()}-{url_language() or ''}"
        ),
    }
