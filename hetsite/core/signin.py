"""Sign-in throttling for the Wagtail admin and the partner portal (django-axes).

django-axes counts failed sign-ins in the database (``AccessAttempt``), so throttling
keeps working when Redis is down. Both sign-in forms go through Django's
``authenticate()``, so one configuration (``AXES_*`` in ``settings/base.py``) covers
both: at most ``AXES_FAILURE_LIMIT`` failures per account name and, separately, per
client address, each forgotten ``AXES_COOLOFF_TIME`` after it was made. While locked, even
the right password is refused, and an unknown account name is treated exactly like a
known one.

``lockout_response`` is axes' ``AXES_LOCKOUT_CALLABLE``: a 429 with ``Retry-After``, on a
page that fits where the person was signing in (the admin or the portal).
"""

import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt

from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

# The English text (tests compare with it); shown through gettext.
TOO_MANY_ATTEMPTS = gettext_noop(
    "Too many unsuccessful sign-in attempts. For your security, please wait before trying again."
)


def username_for_axes(request, credentials):
    """Account names are counted case-insensitively, so 'SiteAdmin' and 'siteadmin'
    share one counter."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None and request is not None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return str(username).strip().casefold() if username else None


def seconds_until_unlocked(request, credentials=None):
    """An upper bound on how long the lock on this account or address lasts."""
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    attempts = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off).filter(
        _either(username, ip)
    )
    latest = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if latest is None:
        return int(cool_off.total_seconds())
    left = (latest + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def _either(username, ip):
    query = Q(pk__in=[])
    if username:
        query |= Q(username=username)
    if ip:
        query |= Q(ip_address=ip)
    return query


def lockout_response(request, original_response=None, credentials=None):
    retry_after = seconds_until_unlocked(request, credentials)
    minutes = max(1, math.ceil(retry_after / 60))
    template = (
        "core/signin/admin_locked_out.html"
        if request.path.startswith(reverse("wagtailadmin_home"))
        else "core/signin/portal_locked_out.html"
    )
    response = render(
        request,
        template,
        {"message": gettext(TOO_MANY_ATTEMPTS), "retry_after": retry_after, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# --- Password reset: one uniform, rate-limited flow for the admin and the portal --------


class UniformPasswordResetMixin:
    """For a Django ``PasswordResetView``: the same answer and the same work for any address.

    A valid request enqueues ``reset_task(email, domain, use_https)`` whatever the address
    is; the task looks it up and emails an eligible account or nobody, so nothing in the
    request depends on whether the address is known. Limits (``hetsite.core.ratelimit``):
    ``reset_client_limit`` per client (a 429 with Retry-After) and ``reset_email_limit``
    per address (over it: the usual "check your email" answer and no email, so the form
    can neither flood an inbox nor say whom it emailed). With the cache down both fail
    closed: a 503 asking to try again shortly.
    """

    reset_task = None
    refused_template_name = None  # defaults to the form's own template

    def refuse(self, form, decision):
        from .ratelimit import too_many_requests

        template = self.refused_template_name or self.template_name
        return too_many_requests(self.request, template, {"form": form}, decision=decision)

    def post(self, request, *args, **kwargs):
        from .ratelimit import client_ip, reset_client_limit

        decision = reset_client_limit.hit(ip=client_ip(request))
        if not decision:
            return self.refuse(self.get_form(), decision)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        from django.shortcuts import redirect

        from .ratelimit import reset_email_limit

        email = form.cleaned_data["email"]
        decision = reset_email_limit.hit(email=email)
        if decision.unavailable:
            return self.refuse(form, decision)
        if decision:
            self.reset_task.enqueue(email, self.request.get_host(), self.request.is_secure())
        return redirect(self.get_success_url())
