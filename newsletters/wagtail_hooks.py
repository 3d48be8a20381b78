from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import DigestDelivery, NewsletterIssuePage, Subscriber


class SubscriberViewSet(ModelViewSet):
    """Subscribers for Public health editors: search, filter by state, CSV export.

    Nobody adds subscribers by hand (consent must come from the person); editors can view
    and delete (erasure requests); site administrators can also change the state.
    """

    model = Subscriber
    icon = "mail"
    menu_label = "Subscribers"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["email", "state", "consent_given_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["state"]
    search_fields = ["email"]
    list_export = [
        "email",
        "state",
        "consent_given_at",
        "consent_source",
        "consent_wording",
        "confirmed_at",
        "unsubscribed_at",
    ]
    export_filename = "newsletter-subscribers"
    form_fields = ["state"]
    inspect_view_enabled = True
    # Never the confirmation nonce or unsubscribe key: they are the secret part of links.
    inspect_view_fields = [
        "email",
        "state",
        "consent_given_at",
        "consent_source",
        "consent_wording",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "wards",
        "principles",
        "priority_groups",
    ]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """A log: people with the "view" permission read it; nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


register_permission_policy(
    DigestDelivery, ReadOnlyPermissionPolicy(DigestDelivery), exact_class=True
)


class DigestDeliveryViewSet(ModelViewSet):
    """Who was sent which weekly alert digest, and when (read-only, CSV export)."""

    model = DigestDelivery
    icon = "list-ul"
    menu_label = "Weekly alerts log"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["email", "digest", "state", "items", "attempted_at", "sent_at"]
    list_filter = ["state", "digest"]
    search_fields = ["email"]
    list_export = ["email", "digest", "state", "items", "attempted_at", "sent_at", "last_error"]
    export_filename = "weekly-alert-deliveries"
    form_fields = ["state"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_digest_delivery_viewset():
    return DigestDeliveryViewSet("newsletter_alert_deliveries")


admin_urls = (
    [
        path("<int:page_id>/", admin_views.SendStatusView.as_view(), name="send"),
        path("<int:page_id>/test/", admin_views.SendTestView.as_view(), name="send_test"),
        path("<int:page_id>/confirm/", admin_views.SendConfirmView.as_view(), name="send_confirm"),
        path("<int:page_id>/log/", admin_views.DeliveryLogView.as_view(), name="log"),
    ],
    "newsletters_admin",
)


@hooks.register("register_admin_urls")
def register_send_urls():
    return [path("newsletters/send/", include(admin_urls))]


def _send_button(page, user, priority):
    if issubclass(page.specific_class or object, NewsletterIssuePage) and user.has_perm(
        admin_views.SEND_PERMISSION
    ):
        yield wagtailadmin_widgets.Button(
            "Send newsletter",
            reverse("newsletters_admin:send", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_send_button(page, user, view_name=None, next_url=None):
    yield from _send_button(page, user, priority=40)


@hooks.register("register_page_listing_buttons")
def page_listing_send_button(page, user, next_url=None):
    """In the row itself, next to "…", so the send is one click from the listing."""
    yield from _send_button(page, user, priority=45)
