"""The case study library's facets and free-text search (django-filter + Wagtail search).

Facet values in URLs are slugs (``?ward=biscot&principle=best-start-in-life``). The
choices come from the cached facet lists (``facets.py``), so validating a request costs
no query and only facets in use are offered. An unknown value becomes an error next
to its field and that facet is ignored; the page still renders.

Filters are applied to the queryset before the free-text search, and only through
fields Wagtail's search accepts: FK columns declared as ``index.FilterField`` and
``id__in`` sub-queries for the many-to-many facets (``id`` is a FilterField on Page).
So the database backend runs filter + search as one query, whatever the filters.
"""

import hashlib
import re
from collections.abc import Sequence
from urllib.parse import urlencode

import django_filters

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.text import Truncator

from wagtail.images import get_image_model

from hetsite.core.models import MarmotPrinciple

from .facets import CACHE_TIMEOUT as FACETS_CACHE_TIMEOUT
from .facets import get_facets, live_case_studies, live_case_study_pages

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 20
WORD = re.compile(r"\w+")
PAGE_SIZE = 12
MAX_LISTED_MATCHES = 2000
CARD_IMAGE_SPEC = "fill-480x270"
PRINCIPLE_FIELDS = ("id", "number", "name", "short_name", "slug")
LONG_FIELDS = (
    "authors",
    "what_we_did",
    "partners",
    "achievements",
    "learning",
    "acknowledgements",
    "whats_next",
)

FACET_LABELS = {
    "principle": "Marmot principle",
    "ward": "Ward",
    "neighbourhood": "Neighbourhood",
    "priority": "Priority group",
    "population_group": "Population group",
    "organisation": "Organisation",
    "year": "Year",
}
MULTI_FACETS = ("principle", "ward")
SINGLE_FACETS = ("neighbourhood", "priority", "population_group", "organisation", "year")
FACET_NAMES = MULTI_FACETS + SINGLE_FACETS


class _FriendlyChoiceMixin:
    """Say which value is unknown, briefly, whatever was typed into the URL."""

    def _invalid(self, value):
        return ValidationError(
            "There are no case studies for “%(value)s”. Choose from the list.",
            code="invalid_choice",
            params={"value": Truncator(str(value)).chars(40)},
        )


class FacetChoiceField(_FriendlyChoiceMixin, forms.ChoiceField):
    def validate(self, value):
        if value and not self.valid_value(value):
            raise self._invalid(value)


class FacetMultipleChoiceField(_FriendlyChoiceMixin, forms.MultipleChoiceField):
    def validate(self, value):
        for item in value:
            if not self.valid_value(item):
                raise self._invalid(item)


class FacetChoiceFilter(django_filters.ChoiceFilter):
    field_class = FacetChoiceField


class FacetMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = FacetMultipleChoiceField


def _through(field_name):
    from .models import CaseStudyPage

    return CaseStudyPage._meta.get_field(field_name).remote_field.through


class CaseStudyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search case studies",
        max_length=MAX_QUERY_LENGTH,
        method="keep",
        widget=forms.SearchInput,
    )
    principle = FacetMultipleChoiceFilter(
        label="Marmot principle", method="filter_principle", widget=forms.CheckboxSelectMultiple
    )
    ward = FacetMultipleChoiceFilter(
        label="Ward", method="filter_ward", widget=forms.CheckboxSelectMultiple
    )
    neighbourhood = FacetChoiceFilter(label="Neighbourhood", method="filter_fk")
    priority = FacetChoiceFilter(label="Priority group", method="filter_fk")
    population_group = FacetChoiceFilter(label="Population group", method="filter_population")
    organisation = FacetChoiceFilter(label="Organisation", method="filter_fk")
    year = FacetChoiceFilter(label="Year", method="filter_fk")

    FK_FIELDS = {
        "neighbourhood": "neighbourhood_id",
        "priority": "priority_group_id",
        "organisation": "organisation_id",
        "year": "year",
    }

    def __init__(self, data=None, queryset=None, *, facets=None, **kwargs):
        self.facets = facets or get_facets()
        if queryset is None:
            queryset = listing_queryset(self.facets)
        super().__init__(data=data, queryset=queryset, **kwargs)
        for name in FACET_NAMES:
            choices = [(option.value, option.label) for option in self.facets.options(name)]
            extra = self.filters[name].extra
            if name in SINGLE_FACETS:
                choices = [("", "Any")] + choices
            extra["choices"] = choices

    def describe_errors(self):
        """Link each invalid field to its error message (ids used by the template)."""
        for name in self.errors:
            # Checkbox groups get the description on their fieldset, in the template.
            if name in self.form.fields and name not in MULTI_FACETS:
                attrs = self.form.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_error"

    # Filter methods ---------------------------------------------------------------

    def keep(self, queryset, name, value):
        # Free text is applied last, by ``results()``: a search is not a QuerySet.
        return queryset

    def _ids(self, name, values):
        options = self.facets.by_value(name)
        return [options[value].id for value in values if value in options]

    def _filter_m2m(self, queryset, field_name, column, ids):
        if not ids:
            return queryset
        case_study_ids = (
            _through(field_name)
            .objects.filter(**{f"{column}__in": ids})
            .values("casestudypage_id")
        )
        return queryset.filter(id__in=case_study_ids)

    def filter_principle(self, queryset, name, value):
        return self._filter_m2m(
            queryset, "principles", "marmotprinciple_id", self._ids(name, value)
        )

    def filter_ward(self, queryset, name, value):
        return self._filter_m2m(queryset, "wards", "ward_id", self._ids(name, value))

    def filter_population(self, queryset, name, value):
        if not value:
            return queryset
        return self._filter_m2m(
            queryset, "population_groups", "populationgroup_id", self._ids(name, [value])
        )

    def filter_fk(self, queryset, name, value):
        from .models import CaseStudyPage

        if not value:
            return queryset
        ids = self._ids(name, [value])
        if not ids:
            return queryset
        condition = {self.FK_FIELDS[name]: ids[0]}
        if issubclass(queryset.model, CaseStudyPage):
            return queryset.filter(**condition)
        # Plain Page rows (``ordered_ids``): the column is on the case study table.
        return queryset.filter(id__in=CaseStudyPage.objects.filter(**condition).values("pk"))

    # What the page, the feed and the exports use ---------------------------------

    def cleaned(self):
        """The valid, non-empty filter values, as {name: value or list of values}."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018  (validates the form)
        data = getattr(self.form, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "", [])}

    @property
    def query(self):
        return self.cleaned().get("q", "").strip()

    @property
    def search_terms(self):
        """The words of the free text, lower-cased, without operators or punctuation.

        The search backends build their query syntax from the words (SQLite FTS5 would
        reject a stray quote or an upper-case AND), so only plain words reach them.
        """
        return " ".join(WORD.findall(self.query.lower())[:MAX_QUERY_WORDS])

    @property
    def is_filtered(self):
        return bool(self.cleaned())

    def results(self, ordering=("-first_published_at", "-id")):
        """Filtered case studies, newest first, narrowed by the free text if any.

        Search results keep the newest-first order rather than relevance: ranking
        needs a score per matching row, which on the database backend costs seconds
        at 10,000 case studies, and the library is a list people scan by date.
        Both ordering fields are FilterFields on Page, as Wagtail search requires.
        """
        queryset = self.qs.order_by(*ordering)
        if self.search_terms:
            ids = matching_ids(self.search_terms, self.facets)
            if ids is None:  # too many to list: let the backend filter
                return queryset.search(self.search_terms, order_by_relevance=False)
            return queryset.filter(id__in=ids)
        return queryset

    def ordered_ids(self, ordering=("-first_published_at", "-id")):
        """The ids of ``results()``, in order, cached per filters, terms and generation.

        None when the search backend has to filter (too many matches to list). The
        list changes only when something is published, unpublished, moved or
        deleted, which also changes ``facets.generation``, part of the key; so a
        request that hits the cache counts and pages without touching the table.
        """
        params = {name: value for name, value in self.cleaned().items() if name != "q"}
        key = repr((self.facets.generation, ordering, self.search_terms, sorted(params.items())))
        key = "casestudies:ids:" + hashlib.sha256(key.encode()).hexdigest()
        ids = cache.get(key)
        if ids is None:
            # Listed from plain Page rows: sorting without the join to the case study
            # table is 3-4 times faster (19 -> 6 ms for 10,000 on SQLite).
            queryset = live_case_study_pages(self.facets)
            if self.is_bound:
                self.errors  # noqa: B018  (validates the form)
                queryset = self.filter_queryset(queryset)
            queryset = queryset.order_by(*ordering)
            if self.search_terms:
                matches = matching_ids(self.search_terms, self.facets)
                if matches is None:  # too many to list: results() lets the backend filter
                    return None
                queryset = queryset.filter(id__in=matches)
            ids = list(queryset.values_list("pk", flat=True))
            cache.set(key, ids, FACETS_CACHE_TIMEOUT)
        return ids

    def active_filters(self, base_url):
        """[(label, url without that value)] for each applied value, in form order."""
        params = self.cleaned()
        active = []

        def url_without(name, value):
            query = []
            for key, current in params.items():
                values = current if isinstance(current, list) else [current]
                for item in values:
                    if not (key == name and item == value):
                        query.append((key, item))
            return f"{base_url}?{urlencode(query)}" if query else base_url

        for name, current in params.items():
            values = current if isinstance(current, list) else [current]
            for value in values:
                if name == "q":
                    label = f"Search: “{Truncator(value).chars(60)}”"
                else:
                    option = self.facets.by_value(name).get(value)
                    label = f"{FACET_LABELS[name]}: {option.label if option else value}"
                active.append({"label": label, "url": url_without(name, value)})
        return active


class ResultPages(Sequence):
    """Ordered result ids that load only the slice a Paginator asks for (one query)."""

    def __init__(self, ids, queryset):
        self.ids = ids
        self.queryset = queryset

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        if not ids:
            return []
        found = {page.pk: page for page in self.queryset.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


def matching_ids(terms, facets):
    """Ids of the case studies whose text matches ``terms``, or None if there are many.

    The full-text match runs once per search terms and content generation (the
    facet lists' ``generation`` changes whenever anything is published, unpublished,
    moved or deleted), instead of once for the count and again for the page: on
    SQLite, Wagtail's ``pk IN (SELECT ... MATCH ...)`` sub-query costs 100-200 ms at
    10,000 case studies (the planner walks every index entry of the content type).
    The page then filters, orders and counts by the listed ids with plain SQL.
    Matches beyond ``MAX_LISTED_MATCHES`` are not listed (a long ``IN`` list costs
    more than the sub-query); the caller falls back to the backend's sub-query.
    """
    from .models import CaseStudyPage

    key = (
        "casestudies:search:" + hashlib.sha256(f"{facets.generation}:{terms}".encode()).hexdigest()
    )
    ids = cache.get(key)
    if ids is None:
        found = list(
            CaseStudyPage.objects.only("pk").search(terms, order_by_relevance=False)[
                : MAX_LISTED_MATCHES + 1
            ]
        )
        ids = [page.pk for page in found] if len(found) <= MAX_LISTED_MATCHES else False
        cache.set(key, ids, FACETS_CACHE_TIMEOUT)
    return ids if ids is not False else None


def listing_queryset(facets=None, with_principles=True):
    """Live, public case studies with what a listing card shows, in a fixed query count."""
    rendition_model = get_image_model().get_rendition_model()
    prefetches = [
        Prefetch(
            "listing_image__renditions",
            queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE_SPEC),
            to_attr="prefetched_renditions",
        )
    ]
    if with_principles:
        prefetches.append(
            Prefetch(
                "principles",
                queryset=MarmotPrinciple.objects.only(
                    "id", "number", "name", "short_name", "slug"
                ),
            )
        )
    return (
        live_case_studies(facets or get_facets())
        # Listings show the title, organisation, year and summary: leave the long
        # sections in the database (sorting 10,000 wide rows is what costs).
        .defer(*LONG_FIELDS)
        .select_related("listing_image")
        .prefetch_related(*prefetches)
    )


def export_queryset(facets=None):
    """Live, public case studies with every relation an export row needs."""
    return (
        live_case_studies(facets or get_facets())
        .select_related("neighbourhood", "priority_group", "organisation")
        .prefetch_related("principles", "wards", "population_groups")
    )
