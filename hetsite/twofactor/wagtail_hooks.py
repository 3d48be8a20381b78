from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem

from . import devices, views


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("two-factor/verify/", views.VerifyView.as_view(), name="twofactor_verify"),
        path("two-factor/set-up/", views.SetupView.as_view(), name="twofactor_setup"),
        path("two-factor/", views.ManageView.as_view(), name="twofactor_manage"),
        path(
            "two-factor/users/<int:user_id>/reset/",
            views.ResetView.as_view(),
            name="twofactor_reset",
        ),
    ]


@hooks.register("register_account_menu_item")
def account_menu_item(request):
    return {
        "url": reverse("twofactor_manage"),
        "label": gettext("Two-factor sign-in"),
        "help_text": gettext("Use an authenticator app as well as your password to sign in."),
    }


@hooks.register("register_user_listing_buttons")
def reset_button(user, request_user):
    if devices.can_reset(request_user, user):
        yield MenuItem(
            gettext("Reset two-factor sign-in"),
            url=reverse("twofactor_reset", args=[user.pk]),
            icon_name="key",
            priority=90,
        )


LOG_ACTIONS = [
    ("twofactor.set_up", _("Set up two-factor sign-in"), _("Set up two-factor sign-in")),
    ("twofactor.turn_off", _("Turn off two-factor sign-in"), _("Turned off two-factor sign-in")),
    ("twofactor.reset", _("Reset two-factor sign-in"), _("Reset two-factor sign-in")),
]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    """Set-up, turning off and resets appear in the user's history and Site history."""
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
