from django.urls import path

from . import views
from .feeds import NewsletterFeed

app_name = "newsletters"

# Included at /newsletters/ before Wagtail's pages, so these paths win over page slugs
# (NewsletterIssuePage.clean refuses these slugs: models.RESERVED_SLUGS).
urlpatterns = [
    path("feed/", NewsletterFeed(), name="feed"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/thanks/", views.subscribe_thanks, name="subscribe_thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path(
        "unsubscribe/<str:token>/one-click/",
        views.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
]
