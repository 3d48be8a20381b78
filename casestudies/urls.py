from django.urls import path

from . import views

app_name = "casestudies"

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
