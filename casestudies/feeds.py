"""RSS 2.0 feed of the latest case studies (optionally filtered like the library)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from hetsite.core.localized import in_language

from .filters import CaseStudyFilterSet, listing_queryset

FEED_SIZE = 20


class CaseStudyFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Luton Health Equity Town: case studies")
    description = _(
        "The latest case studies from Luton's health equity system: what partners did, "
        "what they achieved and what they learnt."
    )

    def get_object(self, request, *args, **kwargs):
        # One feed per language (/pl/case-studies/feed/: the library's items in Polish,
        # English where untranslated), its <language> Django's active language.
        self.request = request
        return CaseStudyFilterSet(request.GET, queryset=listing_queryset(), request=request)

    def link(self, filterset):
        from .models import CaseStudyIndexPage

        index = in_language(CaseStudyIndexPage.objects.live().public()).first()
        return index.get_url(request=self.request) if index else "/case-studies/"

    def feed_url(self, filterset):
        """The feed's own address with its filters (atom:link rel="self")."""
        return self.request.get_full_path()

    def items(self, filterset):
        return list(filterset.results()[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.get_listing_summary()

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"case-study-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        # The organisation, never the named authors (see the exports).
        return item.organisation_name

    def item_categories(self, item):
        return [principle.name for principle in item.principles.all()]
