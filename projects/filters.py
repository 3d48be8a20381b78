"""Filters for the partner directory (/partners/) and the project library (/projects/).

Both are ``hetsite.core.filters.FacetFilterSet``s: facet values in URLs are slugs or
choice values, facets offer only what live pages use, and an unknown value is an error
next to its field (see that module).
"""

import django_filters

from django import forms
from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from hetsite.core.filters import (
    MAX_QUERY_LENGTH,
    Facet,
    FacetFilterSet,
    MultiFacet,
    choices_in_use,
    facet_rows,
    linked,
    narrow,
    terms_in_use,
)

from .models import OrganisationPage, ProjectPage, Sector

# MarmotPrinciple.label and PriorityGroupPage.label (short name or name), in SQL.
PRINCIPLE_LABEL = Coalesce(NullIf("short_name", Value("")), "name", output_field=CharField())
PRIORITY_LABEL = Coalesce(NullIf("short_name", Value("")), "title", output_field=CharField())


class ProjectFilter(FacetFilterSet):
    q = django_filters.CharFilter(
        label=_("Search projects"),
        method="keep",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    principle = MultiFacet(label=_("Marmot principle"), method="filter_principle")
    ward = MultiFacet(label=_("Ward"), method="filter_ward")
    priority = Facet(
        label=_("Priority group"), empty_label=_("Any priority group"), method="filter_priority"
    )
    status = Facet(label=_("Status"), empty_label=_("Any status"), method="filter_status")
    sector = Facet(label=_("Type of organisation"), method="filter_sector")

    class Meta:
        model = ProjectPage
        fields = []

    def facet_choices(self, pages):
        def values(field):
            return (pages.distinct(), field, field, 0)

        found = facet_rows(
            principle=terms_in_use(pages, "principles", PRINCIPLE_LABEL, "number"),
            ward=terms_in_use(pages, "wards"),
            priority=terms_in_use(pages, "priority_group", PRIORITY_LABEL),
            status=values("status"),
            sector=values("organisation__sector"),
        )
        found["status"] = choices_in_use(ProjectPage.Status.choices, found["status"])
        found["sector"] = choices_in_use(Sector.choices, found["sector"])
        return found

    def filter_principle(self, queryset, name, value):
        return linked(queryset, "principles", value)

    def filter_ward(self, queryset, name, value):
        return linked(queryset, "wards", value)

    def filter_priority(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, priority_group__slug=value)

    def filter_status(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, status=value)

    def filter_sector(self, queryset, name, value):
        return narrow(queryset, ProjectPage.objects, value, organisation__sector=value)


class OrganisationFilter(FacetFilterSet):
    sector = Facet(label=_("Type of organisation"), method="filter_sector")
    ward = MultiFacet(label=_("Ward served"), method="filter_ward")

    class Meta:
        model = OrganisationPage
        fields = []

    def facet_choices(self, pages):
        sector = "organisation__sector"
        found = facet_rows(
            sector=(pages.distinct(), sector, sector, 0),
            ward=terms_in_use(pages, "wards"),
        )
        found["sector"] = choices_in_use(Sector.choices, found["sector"])
        return found

    def filter_sector(self, queryset, name, value):
        return narrow(queryset, OrganisationPage.objects, value, organisation__sector=value)

    def filter_ward(self, queryset, name, value):
        return linked(queryset, "wards", value)
