import sys

from django.conf import settings
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page

from .filters import search_terms

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    """Site search over every live, public page type (Wagtail's search backend)."""
    raw = request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2]
    query = " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())
    query = query[:MAX_QUERY_LENGTH].strip()
    terms = search_terms(query)
    results_page = None
    if query:
        results = Page.objects.live().public().specific().search(terms) if terms else []
        paginator = Paginator(results, SEARCH_PAGE_SIZE)
        results_page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "core/search.html",
        {
            "search_query": query,
            "results": results_page,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /partners/portal/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    if getattr(settings, "HETSITE_DISALLOW_ROBOTS", False):
        lines.insert(1, "Disallow: /")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# Errors that mean "the database cannot be reached" rather than a bug: Django wraps the
# driver's errors in these (psycopg's are listed too for errors raised outside the wrapper).
DATABASE_UNAVAILABLE = [OperationalError, InterfaceError]
try:
    import psycopg
except ImportError:  # pragma: no cover - SQLite-only installs
    pass
else:
    DATABASE_UNAVAILABLE += [psycopg.OperationalError, psycopg.InterfaceError]
DATABASE_UNAVAILABLE = tuple(DATABASE_UNAVAILABLE)
RETRY_AFTER_SECONDS = 120


def database_unavailable(error):
    """Whether ``error``, or an error it was raised from, says the database is gone."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """The 500 handler; a 503 with Retry-After when the cause is the database being gone.

    Django calls it for an uncaught exception anywhere (middleware such as sessions, auth
    and redirects, Wagtail's site lookup, views, context processors, the 404 handler),
    with the exception still in ``sys.exc_info()``. Both pages are rendered without a
    request context, so no context processor touches the database.
    """
    from django.template import loader

    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)


def service_unavailable(request):
    from django.template import loader

    html = loader.get_template("503.html").render({"retry_minutes": RETRY_AFTER_SECONDS // 60})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a branded 403 telling people what to do. Needs no database and
    no context processors, and has no inline style or script (unlike Django's page)."""
    from django.template import loader

    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({}), status=403)
