"""Open data: the figures as CSV and JSON, beside the pages that show them (as the case
study library's exports sit beside it)."""

from django.urls import re_path

from . import views

app_name = "places"
FORMAT = r"(?P<fmt>csv|json)"
urlpatterns = [
    re_path(rf"^indicators/figures\.{FORMAT}$", views.all_download, name="figures"),
    re_path(
        rf"^indicators/(?P<slug>[-\w]+)/figures\.{FORMAT}$",
        views.indicator_download,
        name="indicator_figures",
    ),
    re_path(
        rf"^wards/(?P<slug>[-\w]+)/figures\.{FORMAT}$", views.ward_download, name="ward_figures"
    ),
]
