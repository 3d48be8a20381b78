"""Reports → Overdue content: live pages whose review date has passed, oldest first.

Editors (anyone who may publish pages) see it; it exports to CSV and Excel like
Wagtail's own reports.
"""

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import PageReportView
from wagtail.coreutils import get_content_type_label
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import review

REVIEW_PERMISSION = "publish"


def can_review_content(user):
    return user.is_active and PagePermissionPolicy().user_has_permission(user, REVIEW_PERMISSION)


class OverdueContentView(PageReportView):
    page_title = "Overdue content"
    header_icon = "time"
    results_template_name = "core/admin/overdue_content_results.html"
    index_url_name = "overdue_content"
    index_results_url_name = "overdue_content_results"
    permission_required = REVIEW_PERMISSION
    list_export = ["title", "review_date", "days_overdue", "content_type", "last_published_at"]
    export_headings = {
        "title": "Title",
        "review_date": "Review by",
        "days_overdue": "Days overdue",
        "content_type": "Type",
        "last_published_at": "Last published",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = self.custom_field_preprocess.copy()
        self.custom_field_preprocess["content_type"] = {
            self.FORMAT_CSV: get_content_type_label,
            self.FORMAT_XLSX: get_content_type_label,
        }

    def get_filename(self):
        return f"overdue-content-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        pages = self.permission_policy.instances_user_has_permission_for(
            self.request.user, REVIEW_PERMISSION
        )
        self.queryset = review.overdue_pages(queryset=pages).select_related("content_type")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.days_overdue = review.days_overdue(page, today)
        return object_list


class OverdueContentMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_content(request.user)


def menu_item():
    return OverdueContentMenuItem(
        "Overdue content",
        reverse("overdue_content"),
        name="overdue-content",
        icon_name="time",
        order=1050,
    )
