"""A ``SENDFILE_BACKEND`` for Wagtail's document view: nginx sends the file.

Wagtail checks who may download a document, then calls this with the file's path on
disk; nginx serves it from the ``internal`` location ``HETSITE_MEDIA_ACCEL_REDIRECT``
(an alias of MEDIA_ROOT), so gunicorn never streams a download.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse


def sendfile(request, filename, mimetype=None, **kwargs):
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        relative = Path(filename).resolve().relative_to(root)
    except ValueError as exc:
        raise Http404("Not in the media folder") from exc
    response = HttpResponse(content_type=mimetype or "application/octet-stream")
    prefix = settings.HETSITE_MEDIA_ACCEL_REDIRECT.rstrip("/")
    response["X-Accel-Redirect"] = f"{prefix}/{quote(relative.as_posix())}"
    return response
