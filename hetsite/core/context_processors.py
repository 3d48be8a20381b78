from django.core.cache import cache
from django.db.models import Q

from wagtail.models import Site

from hetsite.core import content_version
from hetsite.core.models.base import public_pages

NAV_CACHE_KEY = "hetsite:primary-navigation"
NAV_CACHE_SECONDS = 60 * 60
# Pages the footer links to, by their fixed slugs under the home page.
FOOTER_SLUGS = ["about", "accessibility-statement", "privacy-notice"]


def _item(page, request):
    return {"title": page.title, "url": page.get_url(request=request), "path": page.url_path}


def build_navigation(request, site):
    """The header menu and footer links from the page tree, in one query.

    The menu is the home page and its live, public children marked "show in menus";
    the footer links are the fixed-slug pages that exist, so no link is ever broken.
    """
    root = site.root_page
    menu = [_item(root, request)]
    footer = {}
    children = (
        public_pages(root.get_children().live())
        .filter(Q(show_in_menus=True) | Q(slug__in=FOOTER_SLUGS))
        .only("id", "title", "slug", "url_path", "path", "depth", "show_in_menus")
    )
    for page in children:
        if page.show_in_menus:
            menu.append(_item(page, request))
        if page.slug in FOOTER_SLUGS:
            footer[page.slug] = _item(page, request)
    return {"menu": menu, "footer": [footer[s] for s in FOOTER_SLUGS if s in footer]}


def _cache_key(request, site_id):
    return f"{NAV_CACHE_KEY}:{site_id}:{content_version.current(request)}"


def site_navigation(request):
    """Header menu and footer links, built lazily and cached per content version.

    Publishing, moving or deleting a page, or changing the site, bumps the version,
    so the next request builds them afresh; nothing has to be deleted.
    """
    state = {}

    def navigation():
        if "nav" not in state:
            site = Site.find_for_request(request)
            if site is None:
                state["nav"] = {"menu": [], "footer": []}
            else:
                nav = cache.get(_cache_key(request, site.pk))
                if nav is None:
                    nav = build_navigation(request, site)
                    cache.set(_cache_key(request, site.pk), nav, NAV_CACHE_SECONDS)
                state["nav"] = nav
        return state["nav"]

    return {
        "primary_navigation": lambda: navigation()["menu"],
        "footer_navigation": lambda: navigation()["footer"],
        # For fragment cache keys: {% wagtailpagecache 3600 "name" content_version %}
        "content_version": lambda: content_version.current(request),
    }
