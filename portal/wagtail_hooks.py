"""Wagtail admin: partner applications and partner organisations (with their members).

The models belong to ``projects``; the review and membership views are the portal's, so
the admin screens are registered here.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from projects.models import PartnerApplication, PartnerOrganisation

from . import admin_views

register_permission_policy(
    PartnerApplication, admin_views.ApplicationPermissionPolicy(PartnerApplication)
)


class PartnerApplicationViewSet(ModelViewSet):
    model = PartnerApplication
    name = "partner_applications"
    icon = "form"
    menu_label = "Applications"
    inspect_view_enabled = True
    inspect_view_class = admin_views.ApplicationInspectView
    copy_view_enabled = False
    # Add and edit are switched off by the permission policy; decisions have their own views.
    form_fields = ["organisation_name"]
    list_display = ["organisation_name", "sector", "contact_name", "status", "created_at"]
    list_filter = ["status", "sector"]
    search_fields = ["organisation_name", "contact_name", "contact_email"]
    inspect_view_fields = [
        "organisation_name",
        "sector",
        "registration_number",
        "contact_name",
        "contact_email",
        "website",
        "wards_served",
        "description",
        "status",
        "rejection_reason",
        "created_at",
        "decided_at",
        "decided_by",
        "organisation",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "approve/<int:pk>/", admin_views.ApproveApplicationView.as_view(), name="approve"
            ),
            path("reject/<int:pk>/", admin_views.RejectApplicationView.as_view(), name="reject"),
        ]


class OrganisationInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        if not admin_views.can_manage_members(self.request.user):
            return []
        return [
            HeaderButton(
                "Portal members",
                url=reverse("partner_organisations:members", args=[self.object.pk]),
                icon_name="user",
            )
        ]


class PartnerOrganisationViewSet(ModelViewSet):
    model = PartnerOrganisation
    name = "partner_organisations"
    icon = "group"
    menu_label = "Organisations"
    inspect_view_enabled = True
    inspect_view_class = OrganisationInspectView
    copy_view_enabled = False
    list_display = ["name", "sector", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "members/<int:pk>/",
                admin_views.OrganisationMembersView.as_view(),
                name="members",
            ),
        ]


class PartnersViewSetGroup(ModelViewSetGroup):
    menu_label = "Partners"
    menu_icon = "group"
    menu_order = 250
    items = (PartnerApplicationViewSet, PartnerOrganisationViewSet)


@hooks.register("register_admin_viewset")
def register_partner_viewsets():
    return PartnersViewSetGroup()
