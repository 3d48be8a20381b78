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
