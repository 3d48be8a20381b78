"""Page serving in every language, and the sitemap that lists each page's languages."""

from django.urls import re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views

from . import views
from .sitemaps import PageSitemap

SITEMAPS = {"pages": PageSitemap}

# Wagtail's own URLs (password-protected pages, its front-end login), with its page
# serving view replaced by ours under the same name, so page URLs reverse as before.
page_patterns = [
    *(
        pattern
        for pattern in wagtail_urls.urlpatterns
        if getattr(pattern.callback, "__name__", "") != wagtail_views.serve.__name__
    ),
    re_path(wagtail_urls.serve_pattern, views.serve, name="wagtail_serve"),
]
