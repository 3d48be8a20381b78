"""RSS feeds of priority-group progress updates: all groups, and one per group."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext

from hetsite.core.localized import children_in_language, in_language

from .models import (
    PriorityGroupPage,
    PriorityIndexPage,
    PriorityUpdatePage,
    attach_groups,
    newest_first,
)

FEED_LENGTH = 30


class PriorityUpdatesFeed(Feed):
    """``/priorities/feed/`` (every group) and ``/priorities/<group-slug>/feed/``."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, group_slug=None):
        if group_slug is None:
            return None
        # The group named by its slug in any language, in the reader's language.
        named = PriorityGroupPage.objects.filter(slug=group_slug).values("translation_key")
        group = (
            in_language(PriorityGroupPage.objects.live().public())
            .filter(translation_key__in=named)
            .first()
        )
        if group is None:
            raise Http404("No such priority group")
        return group

    def title(self, group):
        if group is None:
            return gettext("Health Equity Town priority group updates")
        return gettext("%(group)s: progress updates") % {"group": group.title}

    def description(self, group):
        if group is None:
            return gettext(
                "Dated progress updates from Luton's Health Equity Town priority groups."
            )
        return gettext("Dated progress updates from the %(group)s priority group.") % {
            "group": group.title
        }

    def link(self, group):
        if group is not None:
            return group.url
        index = in_language(PriorityIndexPage.objects.live().public()).first()
        return index.url if index is not None else "/priorities/"

    def items(self, group):
        # One feed per language: the updates in the reader's language, English otherwise.
        updates = PriorityUpdatePage.objects.live().public()
        if group is not None:
            updates = children_in_language(updates, group)
        else:
            updates = in_language(updates)
        return attach_groups(newest_first(updates)[:FEED_LENGTH])

    def item_title(self, item):
        if item.group is not None:
            return f"{item.group.title}: {item.title}"
        return item.title

    def item_description(self, item):
        return gettext("Status: %(status)s. %(progress)s") % {
            "status": item.get_status_display(),
            "progress": item.progress,
        }

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_status_display()]
