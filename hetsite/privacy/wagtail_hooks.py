from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views

admin_urls = (
    [
        path("", views.PersonalDataView.as_view(), name="index"),
        path("export/", views.ExportView.as_view(), name="export"),
        path("erase/", views.EraseView.as_view(), name="erase"),
    ],
    "privacy_admin",
)


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("personal-data/", include(admin_urls))]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_use(request.user)


@hooks.register("register_settings_menu_item")
def register_privacy_menu_item():
    return PersonalDataMenuItem(
        "Personal data", reverse("privacy_admin:index"), icon_name="user", order=900
    )


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action("privacy.export", "Export personal data", "Personal data exported")
    actions.register_action("privacy.erase", "Erase personal data", "Personal data erased")
