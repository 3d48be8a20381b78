"""Media URLs: renditions through the checking view; nothing else under MEDIA_URL."""

from django.conf import settings
from django.urls import path

from . import views

_prefix = settings.MEDIA_URL.lstrip("/") if settings.MEDIA_URL.startswith("/") else "media/"

urlpatterns = [
    path(f"{_prefix}images/<str:name>", views.serve_rendition, name="media_rendition"),
]
