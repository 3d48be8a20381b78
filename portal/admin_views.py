"""Editors' side of partner applications and members, inside the Wagtail admin."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from projects.models import PartnerApplication, PartnerOrganisation
from projects.moderation import members_of, set_member_active

from .applications import ApplicationError, approve_application, reject_application


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come only from the public form and change only by approve/reject."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def can_review(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("projects.review_partnerapplication")
    )


class ApplicationInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        if not (self.object.is_pending and can_review(self.request.user)):
            return []
        return [
            HeaderButton(
                "Approve",
                url=reverse("partner_applications:approve", args=[self.object.pk]),
                icon_name="check",
            ),
            HeaderButton(
                "Reject",
                url=reverse("partner_applications:reject", args=[self.object.pk]),
                icon_name="cross",
            ),
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason (sent to the applicant)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Be polite and specific: the applicant reads this in their email.",
    )


class ApplicationDecisionMixin(WagtailAdminTemplateMixin):
    header_icon = "group"
    template_name = "projects/admin/application_decision.html"

    def dispatch(self, request, pk, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        self.application = get_object_or_404(PartnerApplication, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.application.organisation_name

    def inspect_url(self):
        return reverse("partner_applications:inspect", args=[self.application.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("partner_applications:index"), "label": "Partner applications"},
            {"url": self.inspect_url(), "label": self.application.organisation_name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(application=self.application, cancel_url=self.inspect_url())
        return context


class ApproveApplicationView(ApplicationDecisionMixin, TemplateView):
    page_title = "Approve application"

    def post(self, request, *args, **kwargs):
        try:
            organisation = approve_application(self.application.pk, request.user, request)
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect(self.inspect_url())
        if organisation is None:
            messages.warning(request, "This application had already been decided.")
        else:
            messages.success(
                request,
                f"Approved: {organisation.name} now has a profile page and the contact has "
                "been emailed a link to set their password.",
            )
        return redirect(self.inspect_url())


class RejectApplicationView(ApplicationDecisionMixin, FormView):
    page_title = "Reject application"
    form_class = ReasonForm

    def form_valid(self, form):
        if reject_application(self.application.pk, self.request.user, form.cleaned_data["reason"]):
            messages.success(self.request, "Rejected. The applicant has been emailed the reason.")
        else:
            messages.warning(self.request, "This application had already been decided.")
        return redirect(self.inspect_url())


def can_manage_members(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("projects.change_partnerorganisation")
    )


class OrganisationMembersView(WagtailAdminTemplateMixin, TemplateView):
    """An organisation's portal members, with deactivate and reactivate buttons."""

    header_icon = "group"
    page_title = "Portal members"
    template_name = "projects/admin/organisation_members.html"

    def dispatch(self, request, pk, *args, **kwargs):
        if not can_manage_members(request.user):
            raise PermissionDenied
        self.organisation = get_object_or_404(PartnerOrganisation, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.organisation.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(organisation=self.organisation, members=members_of(self.organisation))
        return context

    def post(self, request, *args, **kwargs):
        member = get_object_or_404(members_of(self.organisation), pk=request.POST.get("member"))
        active = request.POST.get("action") == "reactivate"
        set_member_active(member, active, request.user)
        verb = "reactivated" if active else "deactivated and signed out of the portal"
        messages.success(request, f"{member.get_username()} has been {verb}.")
        return redirect(request.path)
