"""The case study library's filters and querysets, on the site's one listing stack.

``CaseStudyFilterSet`` is a ``hetsite.core.filters.FacetFilterSet``: facet values in URLs
are slugs (``?ward=biscot&principle=best-start-in-life``, the year as a number), only
facets in use are offered, and an unknown value is an error next to its field while the
page still lists everything else. The library page, its feed and its exports all filter
through it, newest first.
"""

import django_filters

from django import forms
from django.db.models import CharField, F, Prefetch, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from hetsite.core.filters import (
    MAX_QUERY_LENGTH,
    Facet,
    FacetFilterSet,
    MultiFacet,
    facet_rows,
    linked,
    narrow,
    terms_in_use,
)
from hetsite.core.localized import in_language
from hetsite.core.models import MarmotPrinciple
from hetsite.core.models.base import public_pages

from .models import CaseStudyPage

PAGE_SIZE = 12
NEWEST_FIRST = ("-first_published_at", "-id")
CARD_IMAGE_SPEC = "fill-480x270"
# Listings show the title, organisation, year and summary: the long sections stay in
# the database (sorting 10,000 wide rows is what costs).
LONG_FIELDS = (
    "authors",
    "what_we_did",
    "partners",
    "achievements",
    "learning",
    "acknowledgements",
    "whats_next",
)


# "3. Short name" (MarmotPrinciple.label after its number), in SQL for facet_rows.
PRINCIPLE_LABEL = Concat(
    Cast("number", CharField()),
    Value(". "),
    Coalesce(NullIf("short_name", Value("")), "name"),
    output_field=CharField(),
)


class CaseStudyFilterSet(FacetFilterSet):
    q = django_filters.CharFilter(
        label=_("Search case studies"),
        max_length=MAX_QUERY_LENGTH,
        method="keep",
        widget=forms.SearchInput,
    )
    principle = MultiFacet(label=_("Marmot principle"), method="filter_principle")
    ward = MultiFacet(label=_("Ward"), method="filter_ward")
    neighbourhood = Facet(label=_("Neighbourhood"), method="filter_neighbourhood")
    priority = Facet(label=_("Priority group"), method="filter_priority")
    population_group = Facet(label=_("Population group"), method="filter_population_group")
    organisation = Facet(label=_("Organisation"), method="filter_organisation")
    year = Facet(label=_("Year"), method="filter_year")

    invalid_message = _("There are no case studies for “%(value)s”. Choose from the list.")
    error_id_suffix = "_error"

    class Meta:
        model = CaseStudyPage
        fields = []

    def facet_choices(self, pages):
        return facet_rows(
            principle=terms_in_use(pages, "principles", PRINCIPLE_LABEL, "number"),
            ward=terms_in_use(pages, "wards"),
            neighbourhood=terms_in_use(pages, "neighbourhood", sort="sort_order"),
            priority=terms_in_use(pages, "priority_group", "title"),
            population_group=terms_in_use(pages, "population_groups", sort="sort_order"),
            organisation=terms_in_use(pages, "organisation"),
            year=(
                CaseStudyPage.objects.filter(pk__in=pages).distinct(),
                "year",
                "year",
                -F("year"),
            ),
        )

    def active_label(self, name, label):
        # Translators: an active filter of the case study library, as "Ward: Biscot".
        return gettext("%(facet)s: %(value)s") % {
            "facet": self.filters[name].label,
            "value": label,
        }

    def _narrow(self, queryset, value, **lookups):
        return narrow(queryset, CaseStudyPage.objects, value, **lookups)

    def filter_principle(self, queryset, name, value):
        return linked(queryset, "principles", value)

    def filter_ward(self, queryset, name, value):
        return linked(queryset, "wards", value)

    def filter_neighbourhood(self, queryset, name, value):
        return self._narrow(queryset, value, neighbourhood__slug=value)

    def filter_priority(self, queryset, name, value):
        return self._narrow(queryset, value, priority_group__slug=value)

    def filter_population_group(self, queryset, name, value):
        return linked(queryset, "population_groups", [value] if value else [])

    def filter_organisation(self, queryset, name, value):
        return self._narrow(queryset, value, organisation__slug=value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=value) if value else queryset


def with_cards(queryset, principles=True):
    """``queryset`` with what a listing card shows, in a fixed number of queries."""
    renditions = get_image_model().get_rendition_model().objects
    prefetches = [
        Prefetch(
            "listing_image__renditions",
            queryset=renditions.filter(filter_spec=CARD_IMAGE_SPEC),
            to_attr="prefetched_renditions",
        )
    ]
    if principles:
        prefetches.append(
            Prefetch(
                "principles",
                queryset=MarmotPrinciple.objects.only(
                    "id", "number", "name", "short_name", "slug"
                ),
            )
        )
    return (
        queryset.defer(*LONG_FIELDS).select_related("listing_image").prefetch_related(*prefetches)
    )


def listing_queryset():
    """Live, public case studies in the reader's language (English for the untranslated),
    newest first, ready for listing cards."""
    return with_cards(
        in_language(public_pages(CaseStudyPage.objects.live())).order_by(*NEWEST_FIRST)
    )


def export_queryset():
    """Live, public case studies in the reader's language (as the library lists them),
    newest first, with every relation an export row needs."""
    return (
        in_language(public_pages(CaseStudyPage.objects.live()))
        .order_by(*NEWEST_FIRST)
        .select_related("neighbourhood", "priority_group", "organisation")
        .prefetch_related("principles", "wards", "population_groups")
    )
