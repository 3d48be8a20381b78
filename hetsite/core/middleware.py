from django.conf import settings

ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    The public site's Content-Security-Policy comes from django-csp. Wagtail's admin
    still relies on some inline script and style, so it gets its own, looser policy;
    it is only ever used by signed-in editors.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(self.admin_prefix):
            response["Content-Security-Policy"] = ADMIN_CSP
            response["X-Frame-Options"] = "SAMEORIGIN"
        if settings.DEBUG is False and request.path.startswith(self.admin_prefix):
            response.setdefault("Cache-Control", "private, no-store")
        return response
