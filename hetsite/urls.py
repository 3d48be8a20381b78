from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from hetsite.core import views as core_views
from hetsite.core.admin_password_reset import AdminPasswordResetView
from hetsite.core.health import health
from hetsite.i18n import urls as i18n_urls

urlpatterns = [
    # Wagtail's "Forgotten password?" at its own URL, rate limited and uniform.
    path(
        "admin/password_reset/",
        AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": i18n_urls.SITEMAPS}, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("health/", health, name="health"),
    # The read-only public API (api/), before Wagtail's page serving below.
    path("api/v2/", include("api.urls")),
    # Ward and indicator figures as CSV and JSON: data, the same in every language.
    path("", include("places.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Renditions through the view that checks they are public (hetsite.media); originals
# under MEDIA_URL are never served, in development either.
urlpatterns += [path("", include("hetsite.media.urls"))]

# Everything a resident reads, in their language: English at these addresses, the other
# languages under /<code>/ (README "Languages"). Pages come last: Wagtail's serving, with
# a page missing in a language shown in English (hetsite.i18n.views.serve).
urlpatterns += i18n_patterns(
    path("search/", core_views.search, name="search"),
    # App URLs that are not pages (feeds, forms, the partner portal).
    path("case-studies/", include("casestudies.urls")),
    path("partners/", include("portal.urls")),
    path("newsletters/", include("newsletters.urls")),
    path("prize/", include("prizes.urls")),
    path("priorities/", include("priorities.urls")),
    path("", include(i18n_urls.page_patterns)),
    prefix_default_language=False,
)

handler404 = "hetsite.core.views.page_not_found"
handler500 = "hetsite.core.views.server_error"
