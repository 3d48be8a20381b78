"""The admin's two-factor pages: verify, set up, manage your own, reset someone else's."""

from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import devices
from .forms import AppCodeForm, CodeForm


def _private(response):
    response["Cache-Control"] = "no-store"
    return response


def _show_recovery_codes(request, codes):
    """The one time the codes are shown: they are not stored anywhere readable."""
    return _private(
        TemplateResponse(
            request,
            "twofactor/recovery_codes.html",
            {"codes": codes, "next_url": reverse("wagtailadmin_home")},
        )
    )


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """The second step of signing in: a code from the app, or a recovery code."""

    template_name = "twofactor/verify.html"

    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(
            url, {self.request.get_host()}, self.request.is_secure()
        ):
            return url
        return reverse("wagtailadmin_home")

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "next": self.next_url()},
            status=status,
        )

    def get(self, request):
        if request.user.is_verified() or not devices.has_app(request.user):
            return redirect(self.next_url())
        return self.render(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        device = devices.match(request.user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", gettext("That code is not right, or has been used. Try again."))
            return self.render(form, status=400)
        otp_login(request, device)
        if isinstance(device, StaticDevice):
            left = devices.recovery_codes_left(request.user)
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code; %(left)s left. Each works once: "
                    "make new ones from your account's two-factor page if you are running low.",
                    "You signed in with a recovery code; %(left)s left. Each works once: "
                    "make new ones from your account's two-factor page if you are running low.",
                    left,
                )
                % {"left": left},
            )
        return redirect(self.next_url())


@method_decorator(never_cache, name="dispatch")
class SetupView(View):
    """Add an authenticator app: scan the QR code (or type the key), enter one code."""

    template_name = "twofactor/setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Replacing an app needs the second step first (the middleware sends people with
        # an app to verify); here that means: verified, or no app yet.
        if devices.has_app(request.user) and not request.user.is_verified():
            return redirect("twofactor_verify")
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        device = devices.pending_app(self.request.user)
        return _private(
            TemplateResponse(
                self.request,
                self.template_name,
                {
                    "form": form,
                    "qr_svg": devices.qr_svg(device),
                    "manual_key": devices.manual_key(device),
                    "required": devices.is_required_for(self.request.user),
                },
                status=status,
            )
        )

    def get(self, request):
        return self.render(AppCodeForm())

    def post(self, request):
        form = AppCodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        device = devices.pending_app(request.user)
        if not devices.confirm_app(device, form.cleaned_data["code"]):
            form.add_error(
                "code",
                gettext("That code is not right. Check the time on your phone and try again."),
            )
            return self.render(form, status=400)
        otp_login(request, device)
        log(instance=request.user, action="twofactor.set_up", user=request.user)
        return _show_recovery_codes(request, devices.new_recovery_codes(request.user))


@method_decorator(never_cache, name="dispatch")
class ManageView(WagtailAdminTemplateMixin, View):
    """Your own two-factor sign-in: status, new recovery codes, turn it off."""

    template_name = "twofactor/manage.html"
    page_title = _("Two-factor sign-in")
    header_icon = "key"

    def get(self, request):
        user = request.user
        context = self.get_context_data(
            has_app=devices.has_app(user),
            codes_left=devices.recovery_codes_left(user),
            required=devices.is_required_for(user),
        )
        return _private(TemplateResponse(request, self.template_name, context))

    def post(self, request):
        user = request.user
        if not devices.has_app(user) or not user.is_verified():
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "recovery-codes":
            return _show_recovery_codes(request, devices.new_recovery_codes(user))
        if action == "turn-off" and not devices.is_required_for(user):
            devices.remove_all(user)
            log(instance=user, action="twofactor.turn_off", user=user)
            messages.success(request, gettext("Two-factor sign-in is off for your account."))
            return redirect("twofactor_manage")
        raise PermissionDenied


@method_decorator(never_cache, name="dispatch")
class ResetView(WagtailAdminTemplateMixin, View):
    """Turn off another person's two-factor sign-in (a lost phone and lost codes)."""

    template_name = "twofactor/reset.html"
    page_title = _("Reset two-factor sign-in")
    header_icon = "key"

    def dispatch(self, request, user_id):
        self.target = get_object_or_404(get_user_model(), pk=user_id)
        if not devices.can_reset(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, user_id)

    def get(self, request, user_id):
        context = self.get_context_data(target=self.target, has_app=devices.has_app(self.target))
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, user_id):
        devices.remove_all(self.target)
        log(instance=self.target, action="twofactor.reset", user=request.user)
        messages.success(
            request,
            gettext(
                "Two-factor sign-in is reset for %(username)s. They will set it up again at "
                "their next sign-in if it is required for them."
            )
            % {"username": self.target.get_username()},
        )
        return redirect("wagtailusers_users:index")
