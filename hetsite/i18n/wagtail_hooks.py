from django.contrib import messages
from django.urls import path

from wagtail import hooks

from . import admin_views
from .models import TranslationRecord


@hooks.register("register_admin_urls")
def register_translation_report_urls():
    return [
        path(
            "reports/page-translations/",
            admin_views.TranslationsReportView.as_view(),
            name="page_translations",
        ),
        path(
            "reports/page-translations/results/",
            admin_views.TranslationsReportView.as_view(results_only=True),
            name="page_translations_results",
        ),
        path(
            "reports/page-translations/<int:record_id>/review/",
            admin_views.set_awaiting_review,
            name="page_translation_review",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return admin_views.menu_item()


# Before wagtail-localize's own hook, which answers the edit view of a translation with
# its translation editor (no later hook runs).
@hooks.register("before_edit_page", order=-10)
def warn_when_out_of_date(request, page):
    """The edit view of a translation whose English page has been published since says
    so, and what to do."""
    if request.method != "GET":
        return None
    record = (
        TranslationRecord.objects.filter(page_id=page.pk)
        .select_related("source_page__live_revision", "source_revision")
        .first()
    )
    if record is not None and record.is_out_of_date:
        messages.warning(request, admin_views.out_of_date_warning(record))
    return None
