"""Admin views: import figures from a CSV file, and download them all as one.

Importing needs permission to add and to change figures; exporting, to view them. The
import checks the whole file (``places.importer``): any problem is listed by line and
column and nothing is saved.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import exports, importer
from .models import Indicator, IndicatorValue

IMPORT_PERMISSIONS = ["places.add_indicatorvalue", "places.change_indicatorvalue"]
EXPORT_PERMISSION = "places.view_indicatorvalue"
# More problems than this are counted, not listed: the page stays usable.
SHOWN_PROBLEMS = 500
FIGURES_LISTING = "wagtailsnippets_places_indicatorvalue:list"


def can_import(user):
    return user.has_perms(IMPORT_PERMISSIONS)


def can_export(user):
    return user.has_perm(EXPORT_PERMISSION)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"A CSV file saved as UTF-8, at most {importer.MAX_BYTES // (1024 * 1024)} "
        f"MB and {importer.MAX_ROWS:,} rows. The columns are described below.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {importer.MAX_BYTES // (1024 * 1024)} MB. Split it "
                "into smaller files and import them one after another."
            )
        return upload


COLUMNS = [
    (
        "indicator",
        True,
        "The indicator's slug, as listed under Indicators (for example "
        '"life-expectancy-male"); the form with underscores works too.',
    ),
    (
        "area",
        True,
        'A ward or neighbourhood name, "Luton", or a comparator such as '
        '"England", as listed under Areas.',
    ),
    ("period", True, 'As the source states it: "2020-2022", "2025-01", or "not stated".'),
    ("value", True, 'The figure as a plain number, without % or £ signs: "84.57".'),
    ("unit", True, 'The indicator\'s unit, for example "years", "percent" or "score".'),
    ("lower_ci, upper_ci", False, "The confidence interval: both limits, or neither."),
    (
        "comparison",
        False,
        "Only where the source states it: "
        + ", ".join(f'"{code}"' for code, _ in IndicatorValue.Comparison.choices if code)
        + ".",
    ),
    ("note", False, "The source's own remark, as printed."),
]


class ImportFiguresView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Import figures (CSV)"
    header_icon = "upload"
    template_name = "places/admin/import_figures.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(FIGURES_LISTING), "label": "Figures"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        problems = context.get("problems") or []
        context.update(
            columns=COLUMNS,
            units=Indicator.Unit.choices,
            shown_problems=problems[:SHOWN_PROBLEMS],
            hidden_problems=max(0, len(problems) - SHOWN_PROBLEMS),
            export_url=reverse("places_admin:export") if can_export(self.request.user) else "",
        )
        return context

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data = upload.read(importer.MAX_BYTES + 1)
        result = importer.import_figures(data)
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=ImportForm(), problems=result.errors)
            )
        messages.success(request, f"Imported {upload.name}: {result.summary()}")
        return redirect(reverse(FIGURES_LISTING))


@require_GET
def export_figures(request):
    if not can_export(request.user):
        return permission_denied(request)
    text = exports.to_csv(exports.rows(IndicatorValue.objects.all()))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    filename = f"luton-figures-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
