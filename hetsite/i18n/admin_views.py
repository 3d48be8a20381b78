"""Reports → Translations: every translated page, the English revision it follows, and
whether the English page has changed since (out of date) or a qualified translator
still has to check it (awaiting review). Editors (anyone who may publish pages) see it,
filter it by language and status, and export it like Wagtail's own reports.
"""

import django_filters
from wagtail_localize.models import TranslationSource

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from hetsite.core.languages import is_default, language_name

from .models import TranslationRecord

REPORT_PERMISSION = "publish"

UP_TO_DATE = "up_to_date"
OUT_OF_DATE = "out_of_date"
AWAITING_REVIEW = "awaiting_review"


def can_see_translations(user):
    return user.is_active and PagePermissionPolicy().user_has_permission(user, REPORT_PERMISSION)


def out_of_date_q():
    """In the database, as ``TranslationRecord.is_out_of_date``: the English page has a
    live revision newer than the one the translation follows (or it follows none)."""
    live = Q(source_page__live_revision__isnull=False)
    return live & (
        Q(source_revision__isnull=True)
        | Q(source_page__live_revision__created_at__gt=F("source_revision__created_at"))
    )


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if not is_default(code)]


class TranslationsFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label="Language",
        field_name="page__locale__language_code",
        choices=language_choices,
        empty_label="All languages",
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        method="filter_status",
        choices=[
            (UP_TO_DATE, "Up to date"),
            (OUT_OF_DATE, "Out of date"),
            (AWAITING_REVIEW, "Awaiting review"),
        ],
        empty_label="Any status",
    )

    class Meta:
        model = TranslationRecord
        fields = ["language", "status"]

    def filter_status(self, queryset, name, value):
        if value == OUT_OF_DATE:
            return queryset.filter(out_of_date_q())
        if value == UP_TO_DATE:
            return queryset.exclude(out_of_date_q())
        if value == AWAITING_REVIEW:
            return queryset.filter(awaiting_review=True)
        return queryset


def status_label(record):
    if record.is_out_of_date:
        changed = record.source_page.live_revision.created_at
        return f"Out of date: the English page changed on {timezone.localtime(changed):%-d %B %Y}"
    return "Up to date"


class TranslationsReportView(ReportView):
    page_title = "Translations"
    header_icon = "globe"
    model = TranslationRecord
    results_template_name = "i18n/admin/translations_results.html"
    index_url_name = "page_translations"
    index_results_url_name = "page_translations_results"
    permission_policy = PagePermissionPolicy()
    permission_required = REPORT_PERMISSION
    filterset_class = TranslationsFilterSet
    context_object_name = "records"
    list_export = [
        "page.title",
        "language",
        "source_page.title",
        "follows",
        "status",
        "awaiting_review",
    ]
    export_headings = {
        "page.title": "Translated page",
        "language": "Language",
        "source_page.title": "English page",
        "follows": "Follows the English revision of",
        "status": "Status",
        "awaiting_review": "Awaiting review",
    }

    def get_filename(self):
        return f"translations-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        pages = self.permission_policy.instances_user_has_permission_for(
            self.request.user, REPORT_PERMISSION
        )
        return (
            TranslationRecord.objects.filter(page__in=pages)
            .select_related(
                "page__locale",
                "source_page__live_revision",
                "source_page__locale",
                "source_revision",
            )
            .order_by("page__locale__language_code", "source_page__title", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        records = list(object_list)
        sources = {
            (source.object_id, source.locale_id): source.pk
            for source in TranslationSource.objects.filter(
                object_id__in={record.source_page.translation_key for record in records}
            ).only("pk", "object_id", "locale_id")
        }
        user = self.request.user
        for record in records:
            record.language = language_name(record.page.locale.language_code)
            record.language_code = record.page.locale.language_code
            record.follows = (
                timezone.localtime(record.source_revision.created_at)
                if record.source_revision
                else None
            )
            record.out_of_date = record.is_out_of_date
            record.status = status_label(record)
            source_id = sources.get(
                (record.source_page.translation_key, record.source_page.locale_id)
            )
            record.sync_url = (
                reverse("wagtail_localize:update_translations", args=[source_id])
                if source_id
                else None
            )
            record.can_review = record.page.permissions_for_user(user).can_publish()
        return records


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_translations(request.user)


def menu_item():
    return TranslationsMenuItem(
        "Translations",
        reverse("page_translations"),
        name="page-translations",
        icon_name="globe",
        order=1060,
    )


@require_POST
def set_awaiting_review(request, record_id):
    """Mark a translation as awaiting review by a qualified translator, or as checked.
    For users who may publish the translated page."""
    record = get_object_or_404(TranslationRecord.objects.select_related("page"), pk=record_id)
    if not record.page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    record.awaiting_review = request.POST.get("awaiting_review") == "1"
    record.save(update_fields=["awaiting_review", "updated_at"])
    if record.awaiting_review:
        messages.success(request, f"“{record.page.title}” is marked as awaiting review.")
    else:
        messages.success(request, f"“{record.page.title}” is marked as reviewed.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("page_translations")
    return redirect(next_url)


def out_of_date_warning(record):
    changed = timezone.localtime(record.source_page.live_revision.created_at)
    return (
        f"The English page “{record.source_page.title}” has changed since this "
        f"translation was made (published again on {changed:%-d %B %Y at %H:%M}). "
        "To bring its changes in, open the English page and choose “Sync translated "
        "pages”, then translate the new or changed text here and publish."
    )
