"""Renditions are served here, never straight from the media folder.

Anyone may fetch a rendition of an image on the public site (one indexed query, and the
response may be kept by an HTTP cache). Other images answer 404, except to editors and
to the partners who own them, whose copies are private to their browser. Originals
(``original_images/``) have no URL at all.

With ``HETSITE_MEDIA_ACCEL_REDIRECT`` set (production), the view only decides: nginx
sends the bytes from an ``internal`` location (see ``deploy/nginx.conf.template``).
"""

import mimetypes
import re
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model

from .access import can_view_private_image
from .publication import is_public_rendition

RENDITIONS_FOLDER = "images"
# Rendition names as Wagtail writes them: stem.filter-spec[.focal-key].extension
RENDITION_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)+", re.ASCII)
PUBLIC_MAX_AGE = 60 * 60


def not_found():
    response = HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, no_store=True)
    return response


@require_safe
def serve_rendition(request, name):
    if not RENDITION_NAME.fullmatch(name):
        return not_found()
    path = f"{RENDITIONS_FOLDER}/{name}"
    stem = name.split(".", 1)[0]
    # Decided before the session is read, so public answers do not vary by cookie.
    public = is_public_rendition(stem, path)
    if not public:
        rendition = (
            get_image_model()
            .get_rendition_model()
            .objects.filter(file=path)
            .select_related("image")
            .first()
        )
        if rendition is None or not can_view_private_image(request.user, rendition.image):
            return not_found()
    response = file_response(path)
    if response is None:
        return not_found()
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        response.hetsite_public_media = True  # see middleware.PublicMediaVaryMiddleware
    else:
        patch_cache_control(response, private=True, max_age=PUBLIC_MAX_AGE)
        response["X-Robots-Tag"] = "noindex"
    return response


def file_response(path):
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    accel_prefix = getattr(settings, "HETSITE_MEDIA_ACCEL_REDIRECT", "")
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{quote(path)}"
        return response
    try:
        return FileResponse(default_storage.open(path), content_type=content_type)
    except FileNotFoundError:
        return None
