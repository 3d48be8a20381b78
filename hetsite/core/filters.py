"""The one listing stack of the site's libraries (case studies, projects, partners).

A library is a plain GET form built on django-filter over a live, public queryset,
paginated with Django's Paginator. Facets only offer the values that the listed pages
use; a value that is not on offer (an unknown ward, a hand-edited URL) becomes an
error next to its field and that facet is ignored, never a 500. Multi-valued facets
are OR within the facet and AND across facets.

Facet choices are plain (slug, label) pairs, computed once per content version
(``hetsite.core.content_version``) and kept in the shared cache: validating a request
and drawing the form then cost no query. Filters narrow through ``id__in`` sub-queries
or indexed columns, so the filtered queryset can still be handed to Wagtail's search
backend (which only accepts filters on indexed fields).
"""

import hashlib
import re

import django_filters

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy

from . import content_version
from .languages import active_language

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 20
FACETS_CACHE_SECONDS = 24 * 60 * 60
_WORD = re.compile(r"\w+")
# What a select facet offers first, for no value.
ANY = gettext_lazy("Any")
# Where ``facet_rows`` puts the number of pages of each option: {name: {value: count}}.
COUNTS = "__counts__"


class CountedLabel(str):
    """An option's label that also carries how many pages of the library have it
    (``components/checkbox_fieldset.html`` shows it after the label)."""

    count = None

    def __new__(cls, label, count=None):
        obj = super().__new__(cls, label)
        obj.count = count
        return obj


def search_terms(query):
    """The words of a typed query, for a search backend: letters and digits only.

    Quotes, brackets, stars and upper-case AND/OR are query syntax to SQLite's FTS5 (an
    unclosed quote is an error) and a NUL byte breaks PostgreSQL, so only words in any
    script reach the backend, lower-cased, at most ``MAX_QUERY_WORDS`` of them.
    """
    return " ".join(_WORD.findall((query or "").lower())[:MAX_QUERY_WORDS])


class _FacetFieldMixin:
    """Say briefly which value is unknown, whatever was typed into the URL."""

    invalid_message = gettext_lazy("“%(value)s” is not available: showing results without it.")

    def _invalid(self, value):
        return ValidationError(
            self.invalid_message,
            code="invalid_choice",
            params={"value": Truncator(str(value)).chars(40)},
        )


class FacetChoiceField(_FacetFieldMixin, forms.ChoiceField):
    def validate(self, value):
        if value and not self.valid_value(value):
            raise self._invalid(value)


class FacetMultipleChoiceField(_FacetFieldMixin, forms.MultipleChoiceField):
    def validate(self, value):
        for item in value:
            if not self.valid_value(item):
                raise self._invalid(item)


class Facet(django_filters.ChoiceFilter):
    """One value out of the facet's choices (a select); ``empty_label`` is "any"."""

    field_class = FacetChoiceField

    def __init__(self, *args, empty_label=ANY, **kwargs):
        self.empty_label = empty_label
        super().__init__(*args, **kwargs)


class MultiFacet(django_filters.MultipleChoiceFilter):
    """Any number of the facet's choices (checkboxes)."""

    field_class = FacetMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


def narrow(queryset, pages, value, **lookups):
    """``queryset`` limited to the ``pages`` matching ``lookups``; unchanged without a value."""
    if not value:
        return queryset
    return queryset.filter(id__in=pages.filter(**lookups).values("pk"))


def linked(queryset, field, slugs):
    """``queryset`` limited to pages tagged through many-to-many ``field`` with a term
    whose slug is one of ``slugs``; unchanged without any.

    The sub-query reads the link table alone: joining the page table into it made
    PostgreSQL plan the whole listing badly (65 ms instead of 2 for a page of results
    with two facets at 10,000 case studies).
    """
    if not slugs:
        return queryset
    relation = queryset.model._meta.get_field(field)
    pages = relation.remote_field.through.objects.filter(
        **{f"{relation.m2m_reverse_field_name()}__slug__in": slugs}
    )
    return queryset.filter(id__in=pages.values(relation.m2m_field_name()))


class FacetFilterSet(django_filters.FilterSet):
    """A FilterSet whose facets offer only what its queryset uses, cached per content version.

    Subclasses declare ``q`` (a CharFilter with ``method="keep"``: the text search runs
    last, in ``results()``), ``Facet``/``MultiFacet`` filters, and
    ``facet_choices(pages)``: {name: [(value, label), ...]}, where ``pages`` is the
    unfiltered queryset as ``values("pk")`` (use ``terms_in_use`` and ``facet_rows``).
    That is computed once per content version, language, filterset class and
    ``facet_cache_variant()``: a class used over a different set of pages must say so there.
    """

    invalid_message = _FacetFieldMixin.invalid_message
    # Libraries keep their own order when searched (newest first): residents scan them
    # by date, and ranking by relevance scores every matching row (0.5 s for a common
    # word at 1,000 projects on SQLite, against 40 ms in the library's order).
    order_search_by_relevance = False
    # How the id of a field's error message is made from the field's id.
    error_id_suffix = "-error"

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data=data, queryset=queryset, request=request, **kwargs)
        self.choices = self.cached_facet_choices()
        counts = self.choices.get(COUNTS, {})
        for name, facet in self.filters.items():
            if isinstance(facet, Facet | MultiFacet):
                choices = self.counted(
                    self.choices.get(name, ()),
                    counts.get(name),
                    multiple=isinstance(facet, MultiFacet),
                )
                if isinstance(facet, Facet):
                    choices.insert(0, ("", facet.empty_label))
                facet.extra["choices"] = choices
                facet.field.invalid_message = self.invalid_message

    def facet_choices(self, pages):
        raise NotImplementedError

    @staticmethod
    def counted(choices, counts, multiple):
        """The choices with each option's number of pages: "Dallow (12)" in a select;
        a ``CountedLabel`` for a checkbox, whose template shows the number."""
        if not counts:
            return list(choices)
        if multiple:
            return [(value, CountedLabel(label, counts.get(value))) for value, label in choices]
        return [
            (value, f"{label} ({counts[value]})" if value in counts else label)
            for value, label in choices
        ]

    def facet_cache_variant(self):
        return ""

    def cached_facet_choices(self):
        cls = type(self)
        key = ":".join(
            (
                "facets",
                f"{cls.__module__}.{cls.__qualname__}",
                self.facet_cache_variant(),
                # Per language: the pages listed (and so the counts) differ between them.
                active_language(),
                content_version.current(self.request),
            )
        )
        choices = cache.get(key)
        if choices is None:
            choices = self.facet_choices(self.queryset.order_by().values("pk"))
            cache.set(key, choices, FACETS_CACHE_SECONDS)
        return choices

    def keep(self, queryset, name, value):
        """The method of ``q``: the text search is applied last, by ``build_listing``."""
        return queryset

    @property
    def cleaned(self):
        """The valid, non-empty values, as {name: value or list of values}."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "", [])}

    @property
    def search_query(self):
        return (self.cleaned.get("q") or "").strip()

    def active_label(self, name, label):
        """How an applied value is named in the list of active filters."""
        return label

    def active_filters(self, request):
        """[{"label": ..., "remove_url": ...}] for each applied value, in form order."""
        active = []
        for name, value in self.cleaned.items():
            if name == "q":
                query = Truncator(value.strip()).chars(60)
                if query:
                    active.append(
                        {
                            "label": gettext("Search: “%(query)s”") % {"query": query},
                            "remove_url": _without(request, name),
                        }
                    )
                continue
            labels = dict(self.choices.get(name, ()))
            for item in value if isinstance(value, list) else [value]:
                active.append(
                    {
                        "label": self.active_label(name, labels.get(item, item)),
                        "remove_url": _without(request, name, item),
                    }
                )
        return active

    def results(self):
        """The filtered queryset, narrowed by the search words if any."""
        results = self.qs
        terms = search_terms(self.search_query)
        if terms:
            return results.search(terms, order_by_relevance=self.order_search_by_relevance)
        if self.search_query:
            return results.none()  # only punctuation: nothing can match
        return results


def _without(request, name, value=None):
    """The current URL without ``name`` (or just one of its values) and without ``page``."""
    params = request.GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        kept = [v for v in params.getlist(name) if v != value]
        if kept:
            params.setlist(name, kept)
        else:
            params.pop(name, None)
    return f"{request.path}?{params.urlencode()}" if params else request.path


class CountedPaginator(Paginator):
    """Django's Paginator with its count kept in the shared cache under ``count_key``.

    The page of results is rendered inside a fragment cached per content version and
    address, and its slice of the queryset is lazy; with the count cached too, a warm
    listing runs neither the count nor (for a search) the full-text match.
    """

    def __init__(self, object_list, per_page, count_key):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        count = cache.get(self.count_key)
        if count is None:
            count = Paginator.count.func(self)
            cache.set(self.count_key, count, FACETS_CACHE_SECONDS)
        return count


def build_listing(request, filterset_class, queryset, per_page):
    """Filter, search and paginate ``queryset``: the context a listing template needs."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    params = request.GET.copy()
    params.pop("page", None)
    filter_query = params.urlencode()
    version = content_version.current(request)
    address = hashlib.sha256(filter_query.encode()).hexdigest()
    language = active_language()
    count_key = f"listing-count:{filterset_class.__qualname__}:{language}:{version}:{address}"
    paginator = CountedPaginator(filterset.results(), per_page, count_key)
    page_obj = paginator.get_page(request.GET.get("page"))
    form = filterset.form
    if form.is_bound:
        # Point each field with an error at its message; a checkbox group's fieldset
        # carries the link instead (components/checkbox_facet.html).
        for name in form.errors:
            field = form.fields.get(name)
            if field is not None and not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = (
                    f"{form[name].auto_id}{filterset.error_id_suffix}"
                )
    active = filterset.active_filters(request)
    query = filterset.search_query
    return {
        "filter": filterset,
        "form": form,
        "page_obj": page_obj,
        "results": page_obj.object_list,
        "result_count": page_obj.paginator.count,
        "listing_query": query if search_terms(query) else "",
        "active_filters": active,
        "is_filtered": bool(active) or (form.is_bound and bool(form.errors)),
        # The address without the page number: for feed and download links and, with
        # the content version and page number, the key of a cached listing fragment.
        "filter_query": filter_query,
        "content_version": version,
    }


def facet_rows(**facets):
    """{name: [(value, label)]} for every facet, and under ``COUNTS`` {name: {value:
    number of pages}}, in one UNION query.

    Each facet is ``(queryset, value, label, sort)``: the rows in use and the fields or
    expressions of their URL value, their label and an integer to sort by (then by
    label); rows are grouped by value and counted. ``terms_in_use`` adds a fifth, the
    field holding the count (its rows are the terms, not the pages). One query instead
    of one per facet keeps the first request after a publish within its query budget.
    """
    parts = []
    for name, (queryset, value, label, sort, *count) in facets.items():
        columns = (
            Value(name, output_field=CharField()),
            Cast(value, CharField()),
            Cast(label, CharField()),
            Cast(sort, IntegerField()),
        )
        if count:
            part = queryset.order_by().values_list(*columns, Cast(count[0], IntegerField()))
        else:
            part = queryset.order_by().values_list(*columns).annotate(n=Count("pk", distinct=True))
        parts.append(part)
    rows = {name: [] for name in facets}
    counts = {name: {} for name in facets}
    for name, value, label, sort, number in parts[0].union(*parts[1:], all=True):
        rows[name].append((sort, label, value))
        counts[name][value] = counts[name].get(value, 0) + number
    found = {
        name: [(value, label) for _, label, value in sorted(set(found))]
        for name, found in rows.items()
    }
    found[COUNTS] = counts
    return found


def terms_in_use(pages, relation, label="name", sort=0):
    """A ``facet_rows`` entry for the terms ``pages`` use through ``relation``: their
    slugs as values, ``label`` (a field or expression) as labels, ordered by ``sort``,
    with the number of ``pages`` using each.

    EXISTS lets the database stop at each term's first page instead of listing every
    use: all the case study facets at 10,000 took 17 ms instead of 47 (IN) on SQLite,
    71 instead of 80 on PostgreSQL (the years and the two FK facets are most of it);
    the count is then asked only for the terms in use.
    """
    model = pages.model._meta.get_field(relation).related_model
    uses = pages.filter(**{relation: OuterRef("pk")})
    number = Subquery(
        uses.order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    used = model.objects.filter(Exists(uses)).annotate(facet_count=number)
    return (used, "slug", label, sort, "facet_count")


def choices_in_use(choices, values):
    """The (value, label) ``choices`` whose value is in ``values``, in their own order."""
    used = {value for value, _ in values}
    # The label stays lazy (a model's choices are gettext_lazy): these choices are cached
    # for every visitor, each of whom reads them in their own language.
    return [(str(value), label) for value, label in choices if str(value) in used]
