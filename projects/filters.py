"""Filters for the partner directory (/partners/) and the project library (/projects/).

Both are ``hetsite.core.filters.FacetFilterSet``s: facet values in URLs are slugs or
choice values, facets offer only what live pages use, and an unknown value is an error
next to its field (see that module).
"""

import django_filters

from django import forms

from hetsite.core.filters import (
    MAX_QUERY_LENGTH,
    Facet,
    FacetFilterSet,
    MultiFacet,
    narrow,
    terms_in_use,
    values_in_use,
)
from hetsite.core.models import MarmotPrinciple, Ward

from .models import OrganisationPage, ProjectPage, Sector


def _label(term):
    return term.label


class ProjectFilter(FacetFilterSet):
    q = django_filters.CharFilter(
        label="Search projects",
        method="keep",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    principle = MultiFacet(label="Marmot principle", method="filter_principle")
    ward = MultiFacet(label="Ward", method="filter_ward")
    priority = Facet(
        label="Priority group", empty_label="Any priority group", method="filter_priority"
    )
    status = Facet(label="Status", empty_label="Any status", method="filter_status")
    sector = Facet(label="Type of organisation", method="filter_sector")

    class Meta:
        model = ProjectPage
        fields = []

    def facet_choices(self, pages):
        priority_groups = ProjectPage._meta.get_field("priority_group").related_model
        return {
            "principle": terms_in_use(
                MarmotPrinciple.objects.order_by("number"), "projects", pages, _label
            ),
            "ward": terms_in_use(Ward.objects.order_by("name"), "projects", pages),
            "priority": terms_in_use(
                priority_groups.objects.order_by("title"), "projects", pages, _label
            ),
            "status": values_in_use(ProjectPage, "status", pages, ProjectPage.Status.choices),
            "sector": values_in_use(ProjectPage, "organisation__sector", pages, Sector.choices),
        }

    def filter_principle(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, principles__slug__in=value)

    def filter_ward(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, wards__slug__in=value)

    def filter_priority(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, priority_group__slug=value)

    def filter_status(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, status=value)

    def filter_sector(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, organisation__sector=value)


class OrganisationFilter(FacetFilterSet):
    sector = Facet(label="Type of organisation", method="filter_sector")
    ward = MultiFacet(label="Ward served", method="filter_ward")

    class Meta:
        model = OrganisationPage
        fields = []

    def facet_choices(self, pages):
        return {
            "sector": values_in_use(
                OrganisationPage, "organisation__sector", pages, Sector.choices
            ),
            "ward": terms_in_use(Ward.objects.order_by("name"), "organisation_pages", pages),
        }

    def filter_sector(self, queryset, name, value):
        return narrow(queryset, OrganisationPage.objects, value, organisation__sector=value)

    def filter_ward(self, queryset, name, value):
        return narrow(queryset, OrganisationPage.objects, value, wards__slug__in=value)
