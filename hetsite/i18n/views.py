from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from hetsite.core import content_version
from hetsite.core.languages import active_language, is_default, locale_codes, locale_id

HOMES_CACHE_KEY = "hetsite:homes"


def homes(request, site):
    """{language code: id of the site's live home page in that language}, read once per
    content version."""
    key = f"{HOMES_CACHE_KEY}:{site.pk}:{content_version.current(request)}"
    found = cache.get(key)
    if found is None:
        codes = locale_codes()
        found = {
            codes.get(locale): pk
            for locale, pk in Page.objects.filter(translation_key=site.root_page.translation_key)
            .live()
            .values_list("locale_id", "id")
        }
        cache.set(key, found, 60 * 60)
    return found


def route(request, path):
    """The page (and route arguments) ``path`` names in the request's language.

    English routes from the site's root page as Wagtail does. In another language the
    path routes from that language's home page; a page missing there routes from the
    English home instead, so it is shown in English inside the reader's interface (with
    a notice, base.html). None if the path names no page.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    language = active_language()
    if not is_default(language):
        home_id = homes(request, site).get(language)
        if home_id is not None:
            try:
                return Page.objects.get(pk=home_id).specific.route(request, components)
            except (Http404, Page.DoesNotExist):
                pass
    try:
        return site.root_page.specific.route(request, components)
    except Http404:
        return None


def serve(request, path):
    """Wagtail's page serving (its hooks, restrictions and all), routed by ``route``.

    An English page reached under a language prefix when a translation into that
    language exists (under another slug) redirects to the translation.
    """
    if not hasattr(request, "_wagtail_route_for_request"):
        found = route(request, path)
        language = active_language()
        if found is not None and not is_default(language):
            page, args, kwargs = found
            if page.locale_id != locale_id(language) and not args and not kwargs:
                translation = (
                    page.get_translations().live().filter(locale_id=locale_id(language)).first()
                )
                target = translation.get_url(request) if translation is not None else None
                if target and target != request.path:
                    return redirect(target)
        request._wagtail_route_for_request = found
    return wagtail_views.serve(request, path)
