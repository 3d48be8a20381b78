"""Wagtail admin views for sending an issue: a test to yourself, then to everyone."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import emails, sending
from .models import Delivery, NewsletterIssuePage, Subscriber
from .tasks import send_issue_task

SEND_PERMISSION = "newsletters.send_newsletter"


class IssueSendView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"

    def dispatch(self, request, page_id):
        if not request.user.has_perm(SEND_PERMISSION):
            return permission_denied(request)
        self.issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.issue.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.issue.pk]),
                "label": self.issue.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def status_url(self):
        return reverse("newsletters_admin:send", args=[self.issue.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.issue
        context.update(
            issue=issue,
            progress=sending.progress(issue),
            not_yet_sent=Subscriber.objects.confirmed().exclude(deliveries__issue=issue).count(),
            problems=Delivery.objects.filter(
                issue=issue,
                state__in=[Delivery.State.FAILED, Delivery.State.INTERRUPTED],
            )
            .select_related("subscriber")
            .order_by("pk")[:100],
            retrying=Delivery.objects.filter(issue=issue, state=Delivery.State.QUEUED)
            .exclude(last_error="")
            .select_related("subscriber")
            .order_by("pk")[:100],
            send_record=getattr(issue, "send_record", None),
            send_state=sending.send_state(issue),
            status_url=self.status_url(),
        )
        return context


class SendStatusView(IssueSendView):
    """Progress (sent X of Y, failures) and the two send buttons."""

    page_title = "Send newsletter"
    template_name = "newsletters/admin/send_status.html"


class SendTestView(IssueSendView):
    http_method_names = ["post"]

    def post(self, request, page_id):
        if not self.issue.live:
            messages.error(request, "Publish the issue before sending it.")
        elif not request.user.email:
            messages.error(request, "Your account has no email address to send a test to.")
        else:
            emails.send_test_email(self.issue, request.user.email, request=request)
            messages.success(
                request,
                f"A test email to {request.user.email} is on its way. If it does not "
                "arrive, see Reports → Emails.",
            )
        return redirect(self.status_url())


class SendConfirmView(IssueSendView):
    """The confirm step: how many people will get it; POST starts the background send."""

    page_title = "Send to subscribers"
    template_name = "newsletters/admin/send_confirm.html"

    def get(self, request, page_id):
        if not self.issue.live:
            messages.error(request, "Publish the issue before sending it.")
            return redirect(self.status_url())
        return super().get(request, page_id)

    def post(self, request, page_id):
        if not self.issue.live:
            messages.error(request, "Publish the issue before sending it.")
            return redirect(self.status_url())
        sending.record_request(self.issue, request.user)
        send_issue_task.enqueue(self.issue.pk)
        messages.success(
            request,
            "Sending has started. Each subscriber gets the issue once, however many "
            "times it is sent.",
        )
        return redirect(self.status_url())
