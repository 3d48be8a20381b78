from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from hetsite.core import content_version
from hetsite.core.languages import active_language, is_default, locale_codes, locale_id

HOMES_CACHE_KEY = "hetsite:homes"


def homes(request, site):
    """{language code: (id, tree path, URL path) of the site's live home page in that
    language}, read once per content version."""
    key = f"{HOMES_CACHE_KEY}:{site.pk}:{content_version.current(request)}"
    found = cache.get(key)
    if found is None:
        codes = locale_codes()
        found = {
            codes.get(locale): (pk, path, url_path)
            for locale, pk, path, url_path in Page.objects.filter(
                translation_key=site.root_page.translation_key
            )
            .live()
            .values_list("locale_id", "id", "path", "url_path")
        }
        cache.set(key, found, 60 * 60)
    return found


def route(request, path):
    """The page (and route arguments) ``path`` names in the request's language.

    English routes from the site's root page as Wagtail does. In another language the
    path routes from that language's home page; a page missing there routes from the
    English home instead, so it is shown in English inside the reader's interface (with
    a notice, base.html). None if the path names no page.

    In another language one query finds the pages the path may name below both home
    pages (with, for each, the id of its live translation into the reader's language,
    which ``serve`` redirects to), so a page costs what it costs in English.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    language = active_language()
    root = site.root_page.specific
    home = None if is_default(language) else homes(request, site).get(language)
    if home is not None and not components:  # the home page in the reader's language
        return type(root).objects.get(pk=home[0]).route(request, components)
    if home is None or not hasattr(root, "route_candidates"):
        try:
            return root.route(request, components)
        except Http404:
            return None
    home_id, home_path, home_url_path = home
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=locale_id(language), live=True
    )
    candidates = list(
        root.route_candidates(components, [home_path, root.path]).annotate(
            translation_id=Subquery(translated.values("pk")[:1])
        )
    )
    stand_in = Page(pk=home_id, path=home_path, url_path=home_url_path, depth=root.depth)
    local = root.chain(components, candidates, start=stand_in)
    english = root.chain(components, candidates)
    # The reader's language first, unless only the English pages name the whole path
    # (an untranslated page below a translated index); English when that fails.
    if len(english) == len(components) > len(local) or not local:
        attempts = ["english"]
    else:
        attempts = ["local", "english"]
    for attempt in attempts:
        try:
            if attempt == "local":
                local_home = type(root).objects.get(pk=home_id)
                local[0]._cached_parent_obj = local_home
                return local_home.route_chain(request, components, local)
            found = root.route_chain(request, components, english)
        except Http404:
            continue
        if english and found[0].pk == english[-1].pk:
            found[0]._translation_id = english[-1].translation_id
        return found
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
                translation_id = getattr(page, "_translation_id", ...)
                if translation_id is ...:  # routed some other way: ask
                    translation = (
                        page.get_translations()
                        .live()
                        .filter(locale_id=locale_id(language))
                        .first()
                    )
                elif translation_id is None:
                    translation = None
                else:
                    translation = Page.objects.get(pk=translation_id)
                target = translation.get_url(request) if translation is not None else None
                if target and target != request.path:
                    return redirect(target)
        request._wagtail_route_for_request = found
    return wagtail_views.serve(request, path)
