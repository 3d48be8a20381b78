"""The API's endpoints: Wagtail's API v2 viewsets, read-only and public.

Page endpoints (``projects``, ``case-studies``, ``organisations``) serve one page type
each, live and public only (no view restriction on the page or above it), from the
published version of each page: a draft's changes are in its revisions, never in the
API. Each shows the fields its model lists in ``api_fields``, with related pages and
terms reduced to names and addresses (``api.fields``). Wagtail's ``?type=`` (which would
reach any page type), ``?site=``, locales and ``ancestor_of`` are refused.

``wards`` and ``indicators`` serve the figures (``places.IndicatorValue``) by slug.

Every endpoint answers GET (and HEAD) only, JSON only, without authentication: the
same answer for everyone, so the HTTP cache in front may share it (``api.purge``).
"""

from rest_framework.fields import CharField
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from django.db.models import Prefetch
from django.urls import path, reverse

from wagtail.api.v2.filters import (
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
    SearchFilter,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page, Site

from casestudies.models import CaseStudyPage
from hetsite.core.models import Ward
from hetsite.core.models.base import public_pages, restricted_paths
from places.models import Indicator, IndicatorIndexPage, IndicatorValue, WardIndexPage
from projects.models import OrganisationPage, ProjectPage

from . import serializers
from .fields import OrganisationField, PageLinkField, TermField, TermsField, is_public


class PublicAPIMixin:
    """Read-only, JSON, no sign-in: nothing in an answer depends on who asks."""

    endpoint_name = None  # its path under /api/v2/ (DRF's as_view() resets ``name``)
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["restricted_paths"] = self.restricted_paths()
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Open data: any site's scripts may read it (no cookie or credential is used).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def restricted_paths(self):
        if not hasattr(self, "_restricted_paths"):
            self._restricted_paths = restricted_paths()
        return self._restricted_paths


# Serialisers for the fields the page models list in ``api_fields``, by name.
FIELD_SERIALIZERS = {
    "listing_summary": lambda: CharField(source="get_listing_summary", read_only=True),
    "website": lambda: CharField(source="safe_website", read_only=True),
    "organisation": OrganisationField,
    "wards": TermsField,
    "population_groups": TermsField,
    "principles": lambda: TermsField(extra=["number"]),
    "neighbourhood": TermField,
    "priority_group": PageLinkField,
    "related_project": PageLinkField,
}


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """One page type (``model``), live and public, newest first."""

    filter_backends = [
        FieldsFilter,
        ChildOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        ["child_of", "descendant_of"]
    )
    meta_fields = [
        "type",
        "detail_url",
        "html_url",
        "slug",
        "first_published_at",
        "last_published_at",
    ]
    detail_only_fields = []
    ordering = ("-first_published_at", "-id")
    select_related = ()
    prefetch_related = ()

    def site(self):
        if not hasattr(self, "_site"):
            self._site = Site.find_for_request(self.request)
        return self._site

    def public_on_site(self, queryset):
        site = self.site()
        if site is None:
            return queryset.none()
        return public_pages(queryset.live().filter(path__startswith=site.root_page.path))

    def get_base_queryset(self):
        """Every live, public page of the site: where ``child_of`` looks for the parent."""
        return self.public_on_site(Page.objects.all())

    def get_root_page(self):
        site = self.site()
        if site is None:
            raise BadRequestError("no site")
        return site.root_page

    def get_queryset(self):
        return (
            self.public_on_site(self.model.objects.all())
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
            .order_by(*self.ordering)
        )

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        for name in cls.get_body_fields_names(model):
            if name in FIELD_SERIALIZERS and name not in overrides:
                overrides[name] = FIELD_SERIALIZERS[name]()
        return overrides

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)  # Wagtail's also drops "locale"

    @classmethod
    def get_listing_default_fields(cls, model):
        return cls.listing_default_fields[:]


ORGANISATION_RELATED = ("organisation__page",)


class ProjectsAPIViewSet(PublicPagesAPIViewSet):
    endpoint_name = "projects"
    model = ProjectPage
    select_related = (*ORGANISATION_RELATED, "priority_group")
    prefetch_related = ("wards", "population_groups", "principles")
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "last_published_at",
        "listing_summary",
        "status",
        "organisation",
        "wards",
        "principles",
        "priority_group",
        "website",
    ]


class CaseStudiesAPIViewSet(PublicPagesAPIViewSet):
    endpoint_name = "case-studies"
    model = CaseStudyPage
    select_related = (*ORGANISATION_RELATED, "priority_group", "neighbourhood", "related_project")
    prefetch_related = ("wards", "population_groups", "principles")
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "last_published_at",
        "listing_summary",
        "organisation_name",
        "organisation",
        "year",
        "wards",
        "neighbourhood",
        "principles",
        "priority_group",
    ]


class OrganisationsAPIViewSet(PublicPagesAPIViewSet):
    endpoint_name = "organisations"
    model = OrganisationPage
    select_related = ORGANISATION_RELATED
    prefetch_related = ("wards",)
    ordering = ("title", "id")
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "last_published_at",
        "listing_summary",
        "organisation",
        "website",
        "wards",
    ]


class SlugAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    """A list and a detail by slug, with one serializer and no filters but paging."""

    lookup_field = "slug"
    known_query_parameters = frozenset(["limit", "offset", "format"])
    serializer_class = None
    index_page_model = None  # the routable page whose address + slug is an item's page

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET.keys()) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                f"query parameter is not an operation: {', '.join(sorted(unknown))}"
            )

    def get_serializer_class(self):
        return self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["index_url"] = self.index_url()
        return context

    def index_url(self):
        """The full address of the live, public index page, or None."""
        page = self.index_page_model.objects.live().first()
        if page is None or not is_public(page, {"restricted_paths": self.restricted_paths()}):
            return None
        return page.get_full_url(request=self.request)

    def detail_view(self, request, slug):
        self.check_query_parameters(None)
        instance = self.get_object()
        return Response(self.get_serializer(instance).data)

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<slug:slug>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    @classmethod
    def get_object_detail_urlpath(cls, model, pk, namespace=""):
        return None  # items link by slug (``detail_url`` in their serializer)

    @classmethod
    def detail_path(cls, slug):
        return reverse(f"wagtailapi:{cls.endpoint_name}:detail", args=[slug])


def values_with_indicators():
    return IndicatorValue.objects.select_related("indicator")


class WardsAPIViewSet(SlugAPIViewSet):
    """Each ward with its neighbourhood and every figure published for its area."""

    endpoint_name = "wards"
    model = Ward
    serializer_class = serializers.WardSerializer
    index_page_model = WardIndexPage

    def get_queryset(self):
        return (
            Ward.objects.select_related("neighbourhood", "area")
            .prefetch_related(Prefetch("area__values", queryset=values_with_indicators()))
            .order_by("name")
        )


class IndicatorsAPIViewSet(SlugAPIViewSet):
    """Each indicator with its definition, source and the figures for every area."""

    endpoint_name = "indicators"
    model = Indicator
    serializer_class = serializers.IndicatorSerializer
    index_page_model = IndicatorIndexPage

    def get_queryset(self):
        return (
            Indicator.objects.select_related("principle")
            .prefetch_related(
                Prefetch("values", queryset=IndicatorValue.objects.select_related("area"))
            )
            .order_by("sort_order", "name")
        )


ENDPOINTS = [
    ProjectsAPIViewSet,
    CaseStudiesAPIViewSet,
    OrganisationsAPIViewSet,
    WardsAPIViewSet,
    IndicatorsAPIViewSet,
]
