"""Wagtail admin views for sending an issue: a test to yourself, then to everyone."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import emails, sending
from .models import Delivery, NewsletterIssuePage, Subscriber
from .panels import SEND_PERMISSION, can_read_log
from .tasks import send_issue_task


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


class Echo:
    def write(self, value):
        return value


class DeliveryLogView(IssueSendView):
    """Every address an issue went (or is going) to: state, time, attempts. CSV export."""

    page_title = "Delivery log"
    template_name = "newsletters/admin/delivery_log.html"
    paginate_by = 100
    CSV_HEADER = ["Address", "State", "Sent at", "Attempts", "Last error"]

    def dispatch(self, request, page_id):
        if not can_read_log(request.user):
            return permission_denied(request)
        self.issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
        return super(IssueSendView, self).dispatch(request, page_id)

    def deliveries(self):
        return (
            Delivery.objects.filter(issue=self.issue)
            .select_related("subscriber")
            .order_by("subscriber__email", "pk")
        )

    def get(self, request, page_id):
        if request.GET.get("export") == "csv":
            return self.export()
        return super().get(request, page_id)

    def export(self):
        writer = csv.writer(Echo())

        def rows():
            yield writer.writerow(self.CSV_HEADER)
            for delivery in self.deliveries().iterator(chunk_size=500):
                sent_at = (
                    timezone.localtime(delivery.sent_at).strftime("%Y-%m-%d %H:%M:%S")
                    if delivery.sent_at
                    else ""
                )
                yield writer.writerow(
                    [
                        delivery.subscriber.email,
                        delivery.get_state_display(),
                        sent_at,
                        delivery.attempts,
                        delivery.last_error,
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        filename = f"newsletter-{self.issue.slug}-deliveries.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        context = super(IssueSendView, self).get_context_data(**kwargs)
        context.update(
            issue=self.issue,
            page_obj=Paginator(self.deliveries(), self.paginate_by).get_page(
                self.request.GET.get("p")
            ),
            progress=sending.progress(self.issue),
            status_url=self.status_url(),
            can_send=self.request.user.has_perm(SEND_PERMISSION),
            export_url=self.request.path + "?export=csv",
        )
        return context
