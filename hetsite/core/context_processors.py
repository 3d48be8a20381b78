from django.core.cache import cache

from wagtail.models import Site

NAV_CACHE_KEY = "hetsite:primary-navigation"


def site_navigation(request):
    """The header menu: the home page's live, in-menu children, cached until a publish."""

    def build():
        site = Site.find_for_request(request)
        if site is None:
            return []
        root = site.root_page
        items = [
            {"title": root.title, "url": root.get_url(request=request), "path": root.url_path}
        ]
        for page in (
            root.get_children()
            .live()
            .in_menu()
            .public()
            .only("id", "title", "url_path", "path", "depth")
        ):
            items.append(
                {"title": page.title, "url": page.get_url(request=request), "path": page.url_path}
            )
        return items

    def lazy():
        items = cache.get(NAV_CACHE_KEY)
        if items is None:
            items = build()
            cache.set(NAV_CACHE_KEY, items, 300)
        return items

    return {"primary_navigation": lazy}
