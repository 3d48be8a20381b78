"""A full disk during any other upload (the Wagtail admin): a clear 503, not a 500.

The portal handles this itself, with the message next to its file field. Elsewhere the
storage has already removed the part-written file and no row was written (Django
writes the file before the INSERT); this says what happened instead of a server error.
"""

import logging

from django.http import HttpResponse

from .storage import is_storage_full

logger = logging.getLogger(__name__)
MESSAGE = (
    "The file could not be stored because the site's file storage is full. Nothing has "
    "been saved. Please try again later."
)


class StorageFullMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_full(exception):
            return None
        logger.error("Media storage is full: an upload to %s was refused", request.path)
        response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "3600"
        return response


class PublicMediaVaryMiddleware:
    """A public rendition is the same for everyone: drop the ``Vary: Cookie`` added to it.

    Middleware that reads the signed-in user on every request (two-factor, sign-in
    throttling) makes Django's session middleware add ``Vary: Cookie``, which would
    keep HTTP caches from sharing a public image between visitors. Listed before
    SessionMiddleware, so it sees the response after the header is added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "hetsite_public_media", False) and response.has_header("Vary"):
            vary = [v.strip() for v in response["Vary"].split(",")]
            vary = [v for v in vary if v and v.lower() != "cookie"]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        return response
