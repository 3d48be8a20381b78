"""Public sign-up, confirmation and unsubscribe pages (plain forms, no JavaScript).

None of these pages says whether an address is already on the list: every valid sign-up
gets the same "check your inbox" page, and the address's owner is told by email.
"""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Site

from hetsite.core.localized import in_language
from hetsite.core.ratelimit import client_ip, subscribe_limit, too_many_requests, wait_message

from . import subscriptions
from .emails import PREVIEW_TOKEN, base_url_for
from .forms import PreferencesForm, SubscribeForm
from .models import NewsletterIndexPage, Subscriber


def _base_url(request):
    site = Site.find_for_request(request)
    return site.root_url.rstrip("/") if site else base_url_for()


def _archive():
    return in_language(NewsletterIndexPage.objects.live().public()).first()


def _private(response):
    """Pages reached through a secret link: not cached, not indexed, and the link never
    sent to another site as a Referer. (Not "no-referrer": browsers then send
    ``Origin: null`` with the page's own form and Django's CSRF check refuses it.)"""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        decision = subscribe_limit.hit(ip=client_ip(request))
        if not decision:
            form.is_valid()
            form.add_error(
                None,
                gettext("There have been too many sign-ups from your connection. %(wait)s")
                % {"wait": wait_message(decision)},
            )
            return too_many_requests(
                request,
                "newsletters/subscribe.html",
                {"form": form, "archive": _archive()},
                decision=decision,
            )
        if form.is_valid():
            if not form.is_spam:
                subscriptions.request_subscription(
                    form.cleaned_data["email"],
                    source=f"{request.path} (newsletter sign-up form)",
                    wording=gettext(subscriptions.CONSENT_WORDING),
                    base_url=_base_url(request),
                    preferences=form.preferences(),
                )
            return redirect("newsletters:subscribe_thanks")
        else:
            status = 400
    return render(
        request,
        "newsletters/subscribe.html",
        {"form": form, "archive": _archive()},
        status=status,
    )


@require_GET
def subscribe_thanks(request):
    return render(request, "newsletters/subscribe_thanks.html", {"archive": _archive()})


def _link_problem(request, reason, status=400):
    return _private(
        render(
            request,
            "newsletters/link_problem.html",
            {"reason": reason, "archive": _archive()},
            status=status,
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (so link scanners cannot confirm); POST confirms, once."""
    try:
        if request.method == "POST":
            subscriber = subscriptions.confirm(token)
            return _private(
                render(
                    request,
                    "newsletters/confirmed.html",
                    {"subscriber": subscriber, "archive": _archive()},
                )
            )
        subscriptions.check_confirm_token(token)
    except subscriptions.InvalidLink as problem:
        return _link_problem(request, problem.reason)
    return _private(render(request, "newsletters/confirm.html", {"archive": _archive()}))


def mask_email(address):
    local, _, domain = address.partition("@")
    return f"{local[:1]}{'•' * min(max(len(local) - 1, 1), 6)}@{domain}"


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST unsubscribes. No sign-in: the signed link is the key."""
    if token == PREVIEW_TOKEN:
        return _link_problem(request, "preview")
    try:
        if request.method == "POST":
            subscriptions.unsubscribe(token)
            return _private(
                render(request, "newsletters/unsubscribed.html", {"archive": _archive()})
            )
        subscriber = subscriptions.subscriber_for_unsubscribe_token(token)
    except subscriptions.InvalidLink as problem:
        return _link_problem(request, problem.reason)
    return _private(
        render(
            request,
            "newsletters/unsubscribe.html",
            {
                "masked_email": mask_email(subscriber.email),
                "already": subscriber.state == Subscriber.State.UNSUBSCRIBED,
                "archive": _archive(),
            },
        )
    )


@csrf_exempt  # RFC 8058: mail clients POST here with no cookie or token; the link is the key.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_one_click(request, token):
    if request.method == "GET":
        # A client without one-click support opens the URL: show the normal page.
        return redirect("newsletters:unsubscribe", token=token)
    try:
        subscriptions.unsubscribe(token)
    except subscriptions.InvalidLink:
        return HttpResponse(
            gettext("This unsubscribe link is not valid.") + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(
        gettext("You have been unsubscribed.") + "\n", content_type="text/plain; charset=utf-8"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    """Choose what you hear about: no sign-in, the signed link in every email is the key."""
    if token == PREVIEW_TOKEN:
        return _link_problem(request, "preview")
    try:
        subscriber = subscriptions.subscriber_for_preferences_token(token)
    except subscriptions.InvalidLink as problem:
        return _link_problem(request, problem.reason)
    saved = False
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriptions.set_preferences(subscriber, **form.preferences())
            saved = True
        else:
            status = 400
    else:
        form = PreferencesForm(
            initial={
                "wards": [str(pk) for pk in subscriber.wards.values_list("pk", flat=True)],
                "principles": [
                    str(pk) for pk in subscriber.principles.values_list("pk", flat=True)
                ],
                "priority_groups": [
                    str(pk) for pk in subscriber.priority_groups.values_list("pk", flat=True)
                ],
            }
        )
    return _private(
        render(
            request,
            "newsletters/preferences.html",
            {
                "form": form,
                "saved": saved,
                "masked_email": mask_email(subscriber.email),
                "subscribed": subscriber.state == Subscriber.State.CONFIRMED,
                "unsubscribe_token": subscriptions.unsubscribe_token(subscriber),
                "archive": _archive(),
            },
            status=status,
        )
    )
