"""Reports → Emails: the outbox for editors and administrators, read only.

Shows what was sent, what waits for another attempt and what finally failed, with the
last error; never the message itself (a set-password link is a credential). An email
that waits or failed can be retried at once.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import outbox
from .models import OutgoingEmail

SHOWN_FIELDS = [
    "kind",
    "recipients",
    "subject",
    "state",
    "attempts",
    "next_attempt_at",
    "last_error",
    "created_at",
    "sent_at",
]
RETRYABLE = [OutgoingEmail.State.QUEUED, OutgoingEmail.State.FAILED]


class OutgoingEmailPermissionPolicy(ModelPermissionPolicy):
    """Read only: nobody adds, edits or deletes emails here.

    The "change" permission is what allows "Retry now" (``can_retry``), not an edit form.
    """

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(OutgoingEmail, OutgoingEmailPermissionPolicy(OutgoingEmail))


def can_retry(user):
    return user.is_active and user.has_perm("core.change_outgoingemail")


class OutgoingEmailInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        if self.object.state not in RETRYABLE or not can_retry(self.request.user):
            return []
        return [
            HeaderButton(
                "Retry now",
                url=reverse("outgoing_emails:retry", args=[quote(self.object.pk)]),
                icon_name="rotate",
            )
        ]


class RetryEmailView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks; POST queues the email for an attempt at once."""

    page_title = "Retry email"
    header_icon = "mail"
    template_name = "core/admin/outgoing_email_retry.html"

    def dispatch(self, request, pk):
        if not can_retry(request.user):
            raise PermissionDenied
        self.email = get_object_or_404(OutgoingEmail, pk=pk)
        return super().dispatch(request)

    def inspect_url(self):
        return reverse("outgoing_emails:inspect", args=[quote(self.email.pk)])

    def get_page_subtitle(self):
        return self.email.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(email=self.email, cancel_url=self.inspect_url())
        return context

    def post(self, request):
        if outbox.retry_now(self.email.pk):
            messages.success(request, "The email is being sent again.")
        else:
            messages.warning(request, "This email has already been sent or is being sent.")
        return redirect(self.inspect_url())


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = "Emails"
    menu_name = "outgoing-emails"
    menu_hook = "register_reports_menu_item"
    list_display = ["created_at", "kind", "recipients", "subject", "state", "attempts"]
    list_filter = ["state", "kind"]
    search_fields = ["recipients", "subject"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_class = OutgoingEmailInspectView
    inspect_view_fields = SHOWN_FIELDS
    copy_view_enabled = False
    form_fields = []

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/retry/", RetryEmailView.as_view(), name="retry"),
        ]


class FailedEmailsPanel(Component):
    """On the admin dashboard: emails that failed for good, if there are any."""

    name = "failed_emails"
    template_name = "core/admin/failed_emails_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        failed = OutgoingEmail.objects.filter(state=OutgoingEmail.State.FAILED)
        context["failed_count"] = failed.count()
        context["failed"] = failed.order_by("-created_at")[:5]
        context["listing_url"] = reverse("outgoing_emails:index") + "?state=failed"
        return context
