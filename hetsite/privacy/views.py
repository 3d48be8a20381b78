"""Admin views: export (a JSON download) and erasure (with a confirm step) for one address.

Each is recorded as a ``PrivacyRequest`` and a Wagtail log entry (Reports → Site history)
holding a keyed hash of the address, never the address.
"""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import people
from .addresses import address_hash, normalise
from .forms import AddressForm
from .models import PrivacyRequest

EXPORT_PERMISSION = "privacy.export_personal_data"
ERASE_PERMISSION = "privacy.erase_personal_data"


def can_use(user):
    return user.has_perm(EXPORT_PERMISSION) or user.has_perm(ERASE_PERMISSION)


def record(action, email, user, counts):
    entry = PrivacyRequest.objects.create(
        action=action, address_hash=address_hash(email), requested_by=user, counts=counts
    )
    log(instance=entry, action=f"privacy.{action}", user=user, data={"counts": counts})
    return entry


class PersonalDataView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Personal data"
    header_icon = "user"
    template_name = "privacy/admin/index.html"
    permission = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm(self.permission) if self.permission else can_use(user)):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AddressForm())
        context.update(
            can_export=self.request.user.has_perm(EXPORT_PERMISSION),
            can_erase=self.request.user.has_perm(ERASE_PERMISSION),
            recent=PrivacyRequest.objects.select_related("requested_by")[:20],
        )
        return context


class ExportView(PersonalDataView):
    http_method_names = ["post"]
    permission = EXPORT_PERMISSION

    def post(self, request):
        form = AddressForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email = normalise(form.cleaned_data["email"])
        data = people.export(email)
        entry = record(PrivacyRequest.Action.EXPORT, email, request.user, people.find(email))
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{entry.address_hash[:12]}.json"'
        )
        response["Cache-Control"] = "no-store"
        return response


class EraseView(PersonalDataView):
    """POST the address: a summary and a confirm button. POST with ``confirm``: erase."""

    http_method_names = ["post"]
    permission = ERASE_PERMISSION
    page_title = "Erase a person's data"
    template_name = "privacy/admin/erase_confirm.html"

    def post(self, request):
        form = AddressForm(request.POST)
        if not form.is_valid():
            self.template_name = PersonalDataView.template_name
            return self.render_to_response(self.get_context_data(form=form))
        email = normalise(form.cleaned_data["email"])
        if request.POST.get("confirm") != "yes":
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    email=email,
                    found=[(k.replace("_", " "), v) for k, v in people.find(email).items()],
                )
            )
        try:
            counts = people.erase(email)
        except people.ErasureRefused as exc:
            messages.error(request, str(exc))
            return redirect(reverse("privacy_admin:index"))
        record(PrivacyRequest.Action.ERASE, email, request.user, counts)
        messages.success(
            request,
            "Erased: "
            + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
            + ". The audit record keeps only a hash of the address.",
        )
        return redirect(reverse("privacy_admin:index"))
