"""Cache-Control on every response, so an HTTP cache in front knows what it may share.

A response is shared-cacheable (``public, max-age=<short>, s-maxage=<long>``) only when
nothing in it can belong to one visitor: an anonymous GET or HEAD of a public URL, with
a status a cache may keep, that sets no cookie and shows no flash message. Everything
else is ``private, no-store``: signed-in users, the admin, the portal, previews, and any
page whose template used the CSRF token (Django then sets the ``csrftoken`` cookie on
the response, so "sets a cookie" covers it), so a shared cache can never hand one
visitor's token or messages to another. Views that set their own ``Cache-Control``
(media, robots.txt, /health/, never_cache views) keep it, unless the response sets a
cookie, which is never shared.

The long shared lifetime is safe because publishing purges the cache
(``hetsite.httpcache.purge``); browsers keep a page only ``max-age`` seconds.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

PRIVATE = "private, no-store"
TAGS_HEADER = "X-Cache-Tags"
# Statuses a shared cache may keep: the page, a permanent redirect, "no such page".
SHAREABLE_STATUSES = {200, 301, 404, 410}


def private_prefixes():
    return tuple(getattr(settings, "HETSITE_HTTP_CACHE_PRIVATE_PREFIXES", ()))


def has_messages(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and (storage.used or len(storage) > 0)


def is_signed_in(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def shareable(request, response):
    """Whether a cache may give this response to every anonymous visitor."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in SHAREABLE_STATUSES
        and not response.cookies
        and not request.path.startswith(private_prefixes())
        and not getattr(request, "is_preview", False)
        and not is_signed_in(request)
        and not has_messages(request)
    )


class CacheHeadersMiddleware:
    """Listed before the session, CSRF and messages middleware, so it sees the cookies
    they set; after ConditionalGetMiddleware, which reads the header it sets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(private_prefixes()) or getattr(request, "is_preview", False):
            # The admin, the portal and previews: never stored anywhere, whatever the view
            # said (Wagtail's previews say only "private").
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = PRIVATE
            return response
        if response.has_header("Cache-Control"):
            if response.cookies and "public" in response["Cache-Control"]:
                response["Cache-Control"] = PRIVATE
            return response
        if shareable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.HETSITE_HTTP_CACHE_MAX_AGE,
                s_maxage=settings.HETSITE_HTTP_CACHE_S_MAXAGE,
            )
            # A signed-in visitor's browser must not reuse the anonymous copy.
            patch_vary_headers(response, ["Cookie"])
            # Lets the cache drop every page of a type at once (Varnish keeps it to itself).
            page_type = getattr(request, "hetsite_page_type", None)
            if page_type:
                response[TAGS_HEADER] = f"type:{page_type}"
        else:
            response["Cache-Control"] = PRIVATE
        return response
