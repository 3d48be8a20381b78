"""Panels on the admin dashboard: what needs an editor's attention, and for how long.

* partner applications waiting for a decision, oldest first;
* pages submitted for review (in a workflow), the longest waiting first;
* pages past their review date (``hetsite.core.review``);
* the last newsletter send and how far it got.

Each row links to where the work is done. Each panel costs a fixed, small number of
queries however many rows there are. The site's apps sit above this one, so their
models are looked up by name (``apps.get_model``), never imported.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from . import review
from .review_admin import can_review_content

ROWS = 5


def waiting_for(moment, today=None):
    """How long something has waited, in whole days: "today", "1 day", "12 days"."""
    today = today or timezone.localdate()
    days = (today - timezone.localdate(moment)).days
    if days <= 0:
        return "today"
    return f"{days} day{'' if days == 1 else 's'}"


def _model(label):
    app_label, name = label.split(".")
    if not apps.is_installed(app_label):
        return None
    return apps.get_model(app_label, name)


class DashboardPanel(Component):
    """A panel shown to users allowed to act on it; ``rows()`` fills its table."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context.get("request")
        return context


class ApplicationsPanel(DashboardPanel):
    name = "partner_applications_waiting"
    template_name = "core/admin/dashboard_applications.html"
    order = 60

    @staticmethod
    def is_shown_to(user):
        return _model("projects.PartnerApplication") is not None and user.has_perm(
            "projects.view_partnerapplication"
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        PartnerApplication = _model("projects.PartnerApplication")
        pending = PartnerApplication.objects.filter(status="pending")
        waiting = list(
            pending.order_by("created_at").only(
                "pk", "organisation_name", "contact_name", "created_at"
            )[:ROWS]
        )
        today = timezone.localdate()
        context["rows"] = [
            {
                "application": application,
                "url": reverse("partner_applications:inspect", args=[application.pk]),
                "waiting": waiting_for(application.created_at, today),
            }
            for application in waiting
        ]
        context["total"] = pending.count() if len(waiting) == ROWS else len(waiting)
        context["listing_url"] = reverse("partner_applications:index") + "?status=pending"
        return context


class SubmissionsPanel(DashboardPanel):
    name = "submissions_awaiting_review"
    template_name = "core/admin/dashboard_submissions.html"
    order = 61

    @staticmethod
    def is_shown_to(user):
        return can_review_content(user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        in_progress = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        states = list(
            in_progress.select_related("current_task_state__task", "requested_by").order_by(
                "current_task_state__started_at", "pk"
            )[:ROWS]
        )
        pages = Page.objects.only("title", "path").in_bulk(
            [int(state.object_id) for state in states]
        )
        parent_paths = {page.path[: -Page.steplen] for page in pages.values()}
        parents = {
            page.path: page
            for page in Page.objects.filter(path__in=parent_paths).only("path", "title")
        }
        today = timezone.localdate()
        rows = []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            task_state = state.current_task_state
            submitted = task_state.started_at if task_state else state.created_at
            parent = parents.get(page.path[: -Page.steplen])
            rows.append(
                {
                    "page": page,
                    "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    "parent": parent.title if parent else "",
                    "task": task_state.task.name if task_state else "",
                    "submitted_by": state.requested_by,
                    "submitted": submitted,
                    "waiting": waiting_for(submitted, today),
                }
            )
        context["rows"] = rows
        context["total"] = in_progress.count() if len(states) == ROWS else len(rows)
        context["listing_url"] = reverse("wagtailadmin_reports:workflow")
        return context


class OverduePanel(DashboardPanel):
    name = "overdue_content"
    template_name = "core/admin/dashboard_overdue.html"
    order = 62

    @staticmethod
    def is_shown_to(user):
        return can_review_content(user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        overdue = review.overdue_pages(today)
        pages = list(overdue.only("pk", "title", "path")[:ROWS])
        context["rows"] = [
            {
                "page": page,
                "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "days_overdue": review.days_overdue(page, today),
            }
            for page in pages
        ]
        context["total"] = overdue.count() if len(pages) == ROWS else len(pages)
        context["listing_url"] = reverse("overdue_content")
        return context


class NewsletterPanel(DashboardPanel):
    name = "last_newsletter_send"
    template_name = "core/admin/dashboard_newsletter.html"
    order = 63

    @staticmethod
    def is_shown_to(user):
        return _model("newsletters.IssueSend") is not None and (
            user.has_perm("newsletters.send_newsletter")
            or user.has_perm("newsletters.view_delivery")
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        IssueSend = _model("newsletters.IssueSend")
        Delivery = _model("newsletters.Delivery")
        send = (
            IssueSend.objects.select_related("issue", "requested_by")
            .order_by("-requested_at", "-pk")
            .first()
        )
        context["send"] = send
        if send is None:
            return context
        counts = Delivery.objects.filter(issue_id=send.issue_id).aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(state="sent")),
            failed=Count("pk", filter=Q(state__in=["failed", "interrupted"])),
            skipped=Count("pk", filter=Q(state="skipped")),
            waiting=Count("pk", filter=Q(state__in=["queued", "claimed", "sending"])),
        )
        context["counts"] = counts
        context["finished"] = counts["waiting"] == 0
        context["status_url"] = reverse("newsletters_admin:send", args=[send.issue_id])
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[send.issue_id])
        return context


PANELS = [ApplicationsPanel, SubmissionsPanel, OverduePanel, NewsletterPanel]


def panels_for(user):
    """The dashboard panels ``user`` may see (none for a user without admin access)."""
    if not (user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return []
    return [panel() for panel in PANELS if panel.is_shown_to(user)]
