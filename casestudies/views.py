"""Non-page views of the case study library: the feed and the open-data exports."""

import csv
import json

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from .exports import FIELDS, csv_cell, row
from .feeds import CaseStudyFeed
from .filters import CaseStudyFilterSet, export_queryset


@require_GET
def feed(request):
    # A new Feed per request: it keeps the request for building item links.
    return CaseStudyFeed()(request)


def _filtered(request):
    filterset = CaseStudyFilterSet(request.GET, queryset=export_queryset(), request=request)
    return filterset, filterset.results()


class _Echo:
    def write(self, value):
        return value


@require_GET
def export_csv(request):
    filterset, results = _filtered(request)
    if filterset.errors:
        return _bad_request(filterset)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(FIELDS)
        for page in results:
            data = row(page, request)
            yield writer.writerow([csv_cell(data[field]) for field in FIELDS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="luton-case-studies.csv"'
    return response


@require_GET
def export_json(request):
    filterset, results = _filtered(request)
    if filterset.errors:
        return _bad_request(filterset)
    items = [row(page, request) for page in results]
    data = {
        "title": "Luton Health Equity Town case studies",
        "fields": FIELDS,
        "filters": filterset.cleaned,
        "count": len(items),
        "case_studies": items,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'inline; filename="luton-case-studies.json"'
    return response


def _bad_request(filterset):
    errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
    return HttpResponse(
        json.dumps({"errors": errors}, ensure_ascii=False),
        status=400,
        content_type="application/json; charset=utf-8",
    )
