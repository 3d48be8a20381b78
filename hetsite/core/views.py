import re
import sys

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page

from .filters import search_terms
from .listing import live_pages_in_order
from .localized import in_language
from .page_types import MODELS_BY_VALUE, OTHER_TYPE, type_choices, type_label

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
# The most matches ranked and paged through: more than anyone reads, few enough to rank.
MAX_SEARCH_RESULTS = 500
SUMMARY_WORDS = 30


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH * 2)
    type = forms.ChoiceField(
        required=False,
        label=_("Type of page"),
        error_messages={"invalid_choice": _("Choose a type from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *type_choices()]
        self.fields["type"].widget.attrs["id"] = "search-type"


def _content_types(value):
    """The content types the type filter ``value`` stands for (every labelled one for
    "other pages"), and whether to keep or to leave out pages of those types."""
    labels = [MODELS_BY_VALUE[value]] if value in MODELS_BY_VALUE else MODELS_BY_VALUE.values()
    models = []
    for label in labels:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    ids = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    return ids, value != OTHER_TYPE[0]


def _title_matches(title, terms):
    words = re.findall(r"\w+", title.lower())
    return all(any(word.startswith(term) for word in words) for term in terms.split())


def highlight(text, terms, words=SUMMARY_WORDS):
    """``text`` cut to ``words`` words, escaped, with words starting with a search term
    wrapped in <mark>."""
    text = Truncator(text or "").words(words)
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in terms.split()) + r")\w*", re.IGNORECASE
    )
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


@require_GET
def search(request):
    """Site search over every live, public page type (Wagtail's search backend).

    Pages whose title contains every word come first (the backends rank a word in a
    long body above the same word in a short title), then the rest in the backend's
    order; an optional type narrows the results, and an unknown type is a form error.
    """
    form = SearchForm(request.GET)
    form.is_valid()
    raw = request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2]
    query = " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())
    query = query[:MAX_QUERY_LENGTH].strip()
    terms = search_terms(query)
    page_type = form.cleaned_data.get("type", "") if "type" not in form.errors else ""
    results_page = None
    if query:
        hits = []
        if terms:
            # Each page once, in the reader's language where translated, else in English.
            pages = in_language(Page.objects.live().public())
            if page_type:
                ids, keep = _content_types(page_type)
                pages = (
                    pages.filter(content_type__in=ids)
                    if keep
                    else pages.exclude(content_type__in=ids)
                )
            hits = list(pages.search(terms)[:MAX_SEARCH_RESULTS])
            hits.sort(key=lambda page: not _title_matches(page.title, terms))
        paginator = Paginator(hits, SEARCH_PAGE_SIZE)
        results_page = paginator.get_page(request.GET.get("page"))
        specific = live_pages_in_order([page.pk for page in results_page.object_list])
        for page in specific:
            page.type_label = type_label(page)
            summary = (
                page.get_listing_summary()
                if hasattr(page, "get_listing_summary")
                else page.search_description
            )
            page.highlighted_summary = highlight(summary, terms)
        results_page.object_list = specific
    return render(
        request,
        "core/search.html",
        {
            "search_query": query,
            "search_form": form,
            "search_type": page_type,
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
