"""Prize URLs that are not pages. Rounds and the /prize/ index are Wagtail pages."""

app_name = "prizes"

urlpatterns = []
