"""/api/v2/: the router's endpoints, under Wagtail's usual namespace."""

from wagtail.api.v2.router import WagtailAPIRouter

from .endpoints import ENDPOINTS

router = WagtailAPIRouter("wagtailapi")
for endpoint in ENDPOINTS:
    router.register_endpoint(endpoint.endpoint_name, endpoint)

app_name = router.url_namespace
urlpatterns = router.get_urlpatterns()
