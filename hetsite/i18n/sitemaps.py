"""sitemap.xml: every language's pages, each with its translations as hreflang alternates."""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from hetsite.core.languages import default_language, html_lang, locale_codes


class PageSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        # The home page in each language: the English one is the site's root page, the
        # others its translations (siblings at the top of the page tree).
        homes = Page.objects.filter(translation_key=site.root_page.translation_key)
        in_any_home = Q()
        for path in homes.values_list("path", flat=True):
            in_any_home |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_any_home)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        codes = locale_codes()
        # One query for every language version of the pages on this sitemap page.
        versions = {}
        for version in (
            Page.objects.live()
            .filter(translation_key__in={item.translation_key for item in items})
            .only("id", "url_path", "path", "depth", "translation_key", "locale_id")
            .order_by("locale_id")
        ):
            versions.setdefault(version.translation_key, []).append(version)

        urls, last_mods = [], set()
        for item in items:
            base = item.get_full_url(self.request)
            others = [
                (codes.get(version.locale_id), version.get_full_url(self.request))
                for version in versions.get(item.translation_key, [])
            ]
            for url_info in item.get_sitemap_urls(self.request):
                location = url_info["location"]
                if base and location.startswith(base) and len(others) > 1:
                    suffix = location[len(base) :]
                    url_info["alternates"] = [
                        {"lang_code": html_lang(code), "location": f"{url}{suffix}"}
                        for code, url in others
                        if code and url
                    ] + [
                        {"lang_code": "x-default", "location": f"{url}{suffix}"}
                        for code, url in others
                        if code == default_language() and url
                    ]
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
