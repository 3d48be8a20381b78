from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from hetsite.core.localized import in_language

from .models import NewsletterIndexPage

FEED_LENGTH = 20


class NewsletterFeed(Feed):
    """/newsletters/feed/: the latest issues as RSS 2.0."""

    feed_type = Rss201rev2Feed
    title = _("Luton Health Equity Town quarterly newsletter")
    description = _("Good practice and updates from Luton's health equity system.")

    def get_object(self, request, *args, **kwargs):
        # One feed per language: the archive (and its issues) in the reader's language.
        index = in_language(NewsletterIndexPage.objects.live().public()).first()
        if index is None:
            raise Http404("There is no newsletter archive.")
        self.request = request
        return index

    def link(self, obj):
        return obj.get_url(self.request)

    def feed_url(self, obj):
        return self.request.path

    def items(self, obj):
        return obj.live_issues().select_related("pdf")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.issue_date, time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [f"{item.year} Q{item.quarter}"]

    def item_enclosure_url(self, item):
        return self.request.build_absolute_uri(item.pdf.url) if item.pdf_id else None

    def item_enclosure_length(self, item):
        return item.pdf.get_file_size() if item.pdf_id else None

    def item_enclosure_mime_type(self, item):
        return "application/pdf" if item.pdf_id else None
