"""Send admin users through two-factor sign-in before they reach the Wagtail admin.

Runs after django-otp's ``OTPMiddleware`` (which sets ``request.user.is_verified()``).
Only requests to the admin by people who may use it are affected:

- someone with an authenticator app who has not entered a code this session goes to
  the verify step;
- an administrator without one, when ``HETSITE_REQUIRE_2FA_FOR_ADMINS`` is on, goes to
  the set-up page;
- everyone else (editors who have not opted in) carries on.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import devices

# Admin pages reachable before the second step (signing in and out, static helpers).
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_icons",
    "twofactor_verify",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if user.is_verified() or not user.has_perm("wagtailadmin.access_admin"):
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if url_name in OPEN_URL_NAMES:
            return None
        if devices.has_app(user):
            return redirect_to_login(request.get_full_path(), reverse("twofactor_verify"))
        if devices.is_required_for(user) and url_name != "twofactor_setup":
            return redirect("twofactor_setup")
        return None
