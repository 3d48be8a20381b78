"""Filters for the partner directory (/partners/) and the project library (/projects/).

Both are plain GET forms built on django-filter. Facets only offer the terms that live
pages actually use; a value that is not on offer (an unknown ward, a hand-edited URL)
becomes a form error shown by its facet and is otherwise ignored, never a 500.
Multi-valued facets are OR within the facet and AND across facets.

Every facet filters through ``id__in`` a subquery, so the filtered queryset can still
be handed to Wagtail's search backend (which only allows filters on indexed fields; the
page ``id`` always is) and needs no ``distinct()``.
"""

import re

import django_filters

from django import forms
from django.core.paginator import Paginator

from wagtail.models import Page

from hetsite.core.models import MarmotPrinciple, Ward

from .models import OrganisationPage, ProjectPage, Sector

MAX_QUERY_LENGTH = 200


def _narrow(queryset, model, value, **lookups):
    """``queryset`` limited to ``model`` pages matching ``lookups``; unchanged if no value.

    (An empty multiple choice arrives as an empty queryset, which django-filter's
    method filters do not treat as "no value".)
    """
    if not value:
        return queryset
    return queryset.filter(id__in=model.objects.filter(**lookups).values("id"))


class FacetFilterSet(django_filters.FilterSet):
    """A FilterSet whose facets are limited to what ``queryset`` uses."""

    # name -> how an active value is shown: a callable taking the cleaned value.
    facet_labels = {}

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        self.limit_facets(self.queryset.order_by().values("pk"))

    def limit_facets(self, page_ids):
        raise NotImplementedError

    def _set_choices(self, name, values, labels):
        used = set(values)
        self.filters[name].extra["choices"] = [(v, label) for v, label in labels if v in used]

    @property
    def search_terms(self):
        """The words of the query, for the search backend.

        Only letters and digits (in any script) reach it: SQLite's FTS5 fails on a
        stray double quote, and operators typed by residents would change the query.
        """
        return " ".join(re.findall(r"\w+", self.search_query))

    @property
    def search_query(self):
        if "q" not in self.filters or not self.is_bound or not self.form.is_valid():
            return ""
        return (self.form.cleaned_data.get("q") or "").strip()

    def active_filters(self, request):
        """[{"label": ..., "remove_url": ...}] for each filter value in use."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        active = []
        for name in self.filters:
            value = cleaned.get(name)
            if value in (None, "", [], ()):
                continue
            if name == "q":
                value = value.strip()
                if value:
                    active.append(
                        {"label": f"Search: “{value}”", "remove_url": _without(request, name)}
                    )
                continue
            field = self.form.fields[name]
            if isinstance(field, forms.ModelMultipleChoiceField):
                to_field = field.to_field_name or "pk"
                for obj in value:
                    active.append(
                        {
                            "label": self.facet_labels.get(name, str)(obj),
                            "remove_url": _without(request, name, str(getattr(obj, to_field))),
                        }
                    )
            elif isinstance(field, forms.ModelChoiceField):
                active.append(
                    {
                        "label": self.facet_labels.get(name, str)(value),
                        "remove_url": _without(request, name),
                    }
                )
            else:
                label = dict(field.choices).get(value, value)
                active.append({"label": str(label), "remove_url": _without(request, name)})
        return active


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


def _principle_label(principle):
    return principle.label


class ProjectFilter(FacetFilterSet):
    q = django_filters.CharFilter(
        label="Search projects",
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    principle = django_filters.ModelMultipleChoiceFilter(
        label="Marmot principle",
        queryset=MarmotPrinciple.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_principle",
    )
    ward = django_filters.ModelMultipleChoiceFilter(
        label="Ward",
        queryset=Ward.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_ward",
    )
    priority = django_filters.ModelChoiceFilter(
        label="Priority group",
        queryset=Page.objects.none(),
        to_field_name="slug",
        empty_label="Any priority group",
        method="filter_priority",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=[], empty_label="Any status", method="filter_status"
    )
    sector = django_filters.ChoiceFilter(
        label="Type of organisation", choices=[], empty_label="Any", method="filter_sector"
    )

    facet_labels = {"principle": _principle_label, "priority": lambda p: p.label}

    class Meta:
        model = ProjectPage
        fields = []

    def limit_facets(self, page_ids):
        from priorities.models import PriorityGroupPage

        self.filters["principle"].queryset = (
            MarmotPrinciple.objects.filter(projects__in=page_ids).distinct().order_by("number")
        )
        self.filters["ward"].queryset = (
            Ward.objects.filter(projects__in=page_ids).distinct().order_by("name")
        )
        self.filters["priority"].queryset = (
            PriorityGroupPage.objects.filter(projects__in=page_ids).distinct().order_by("title")
        )
        statuses = ProjectPage.objects.filter(pk__in=page_ids).values_list("status", flat=True)
        self._set_choices("status", statuses.order_by().distinct(), ProjectPage.Status.choices)
        sectors = ProjectPage.objects.filter(pk__in=page_ids).values_list(
            "organisation__sector", flat=True
        )
        self._set_choices("sector", sectors.order_by().distinct(), Sector.choices)

    def filter_search(self, queryset, name, value):
        # The text search itself runs in build_listing: Wagtail's search returns
        # search results, not a queryset other filters could still narrow.
        return queryset

    def filter_principle(self, queryset, name, value):
        return _narrow(queryset, ProjectPage, value, principles__in=value)

    def filter_ward(self, queryset, name, value):
        return _narrow(queryset, ProjectPage, value, wards__in=value)

    def filter_priority(self, queryset, name, value):
        return _narrow(queryset, ProjectPage, value, priority_group=value)

    def filter_status(self, queryset, name, value):
        return _narrow(queryset, ProjectPage, value, status=value)

    def filter_sector(self, queryset, name, value):
        return _narrow(queryset, ProjectPage, value, organisation__sector=value)


class OrganisationFilter(FacetFilterSet):
    sector = django_filters.ChoiceFilter(
        label="Type of organisation", choices=[], empty_label="Any", method="filter_sector"
    )
    ward = django_filters.ModelMultipleChoiceFilter(
        label="Ward served",
        queryset=Ward.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_ward",
    )

    class Meta:
        model = OrganisationPage
        fields = []

    def limit_facets(self, page_ids):
        sectors = OrganisationPage.objects.filter(pk__in=page_ids).values_list(
            "organisation__sector", flat=True
        )
        self._set_choices("sector", sectors.order_by().distinct(), Sector.choices)
        self.filters["ward"].queryset = (
            Ward.objects.filter(organisation_pages__in=page_ids).distinct().order_by("name")
        )

    def filter_sector(self, queryset, name, value):
        return _narrow(queryset, OrganisationPage, value, organisation__sector=value)

    def filter_ward(self, queryset, name, value):
        return _narrow(queryset, OrganisationPage, value, wards__in=value)


def build_listing(request, filterset_class, queryset, per_page):
    """Filter, search and paginate ``queryset``; the context a listing template needs."""
    filterset = filterset_class(request.GET or None, queryset=queryset)
    results = filterset.qs
    query = filterset.search_query
    terms = filterset.search_terms
    if terms:
        results = results.search(terms)
    elif query:
        results = results.none()  # only punctuation: nothing can match
    page_obj = Paginator(results, per_page).get_page(request.GET.get("page"))
    form = filterset.form
    if form.is_bound:
        # Point each field with an error at its message (rendered as "<id>-error").
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["aria-describedby"] = f"{form[name].auto_id}-error"
    active = filterset.active_filters(request)
    return {
        "filter": filterset,
        "page_obj": page_obj,
        "results": page_obj.object_list,
        "result_count": page_obj.paginator.count,
        "listing_query": query,
        "active_filters": active,
        "is_filtered": bool(active) or (form.is_bound and bool(form.errors)),
    }
