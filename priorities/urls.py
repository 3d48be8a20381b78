from django.urls import path

from .feeds import PriorityUpdatesFeed

app_name = "priorities"

urlpatterns = [
    path("feed/", PriorityUpdatesFeed(), name="feed"),
    path("<slug:group_slug>/feed/", PriorityUpdatesFeed(), name="group_feed"),
]
