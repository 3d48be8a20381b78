"""/wards/ and /indicators/: routable index pages over the ward list and the figures.

Wards, neighbourhoods and indicators are data editors manage as snippets, so their
pages are routes of one page each rather than a page per ward: an editor writes the
introductions, and a ward added to the list has its page at once.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from hetsite.core.models import IndexPage


class RoutesInSitemap:
    """Lists a routable page's routes in the sitemap beside the page itself."""

    def sitemap_routes(self):
        return []

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base or not urls:
            return urls
        lastmod = urls[0].get("lastmod")
        return urls + [
            {"location": f"{base}{route}", "lastmod": lastmod} for route in self.sitemap_routes()
        ]


class WardIndexPage(RoutesInSitemap, RoutablePageMixin, IndexPage):
    """/wards/: every ward by neighbourhood, with a page for each ward and neighbourhood."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "wards and neighbourhoods page"

    @path("")
    def index(self, request):
        from places import views

        return self.render(request, context_overrides=views.ward_index(self, request))

    @path("neighbourhoods/<slug:slug>/")
    def neighbourhood(self, request, slug):
        from places import views

        return self.render(
            request,
            context_overrides=views.neighbourhood(self, request, slug),
            template="places/neighbourhood_page.html",
        )

    @path("<slug:slug>/")
    def ward(self, request, slug):
        from places import views

        return self.render(
            request,
            context_overrides=views.ward(self, request, slug),
            template="places/ward_page.html",
        )

    def sitemap_routes(self):
        from hetsite.core.models import Neighbourhood, Ward

        return [f"{ward.slug}/" for ward in Ward.objects.only("slug")] + [
            f"neighbourhoods/{n.slug}/" for n in Neighbourhood.objects.only("slug")
        ]


class IndicatorIndexPage(RoutesInSitemap, RoutablePageMixin, IndexPage):
    """/indicators/: the Marmot Town dashboard, a page per indicator, and the open data."""

    about_the_data = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Shown under the dashboard: where the figures come from and how often "
        "they change. Blank lines start paragraphs.",
    )

    content_panels = [*IndexPage.content_panels, FieldPanel("about_the_data")]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "indicator dashboard"

    @path("")
    def index(self, request):
        from places import views

        return self.render(request, context_overrides=views.dashboard(self, request))

    @path("<slug:slug>/")
    def indicator(self, request, slug):
        from places import views

        return self.render(
            request,
            context_overrides=views.indicator(self, request, slug),
            template="places/indicator_page.html",
        )

    def sitemap_routes(self):
        from .data import Indicator

        return [f"{indicator.slug}/" for indicator in Indicator.objects.only("slug")]
