"""Non-page URLs under /partners/: the application form and the partner portal."""

from django.urls import path

from . import views

# The namespace predates the portal app; every reverse() and {% url %} uses "projects:".
app_name = "projects"

urlpatterns = [
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("apply/thank-you/", views.ApplyDoneView.as_view(), name="apply_done"),
    path("portal/", views.DashboardView.as_view(), name="portal_dashboard"),
    path("portal/sign-in/", views.PortalLoginView.as_view(), name="portal_login"),
    path("portal/sign-out/", views.PortalLogoutView.as_view(), name="portal_logout"),
    path(
        "portal/password-reset/",
        views.PortalPasswordResetView.as_view(),
        name="portal_password_reset",
    ),
    path(
        "portal/password-reset/sent/",
        views.PortalPasswordResetDoneView.as_view(),
        name="portal_password_reset_done",
    ),
    path(
        "portal/set-password/<uidb64>/<token>/",
        views.PortalSetPasswordView.as_view(),
        name="portal_set_password",
    ),
    path(
        "portal/profile/",
        views.PageFormView.as_view(),
        {"kind": "profile"},
        name="portal_profile",
    ),
    path(
        "portal/projects/new/",
        views.PageFormView.as_view(),
        {"kind": "project"},
        name="portal_project_new",
    ),
    path(
        "portal/case-studies/new/",
        views.PageFormView.as_view(),
        {"kind": "case-study"},
        name="portal_case_study_new",
    ),
    path(
        "portal/pages/<int:page_id>/edit/",
        views.PageFormView.as_view(),
        name="portal_page_edit",
    ),
    path(
        "portal/pages/<int:page_id>/withdraw/",
        views.WithdrawView.as_view(),
        name="portal_page_withdraw",
    ),
    path(
        "portal/pages/<int:page_id>/preview/",
        views.PreviewView.as_view(),
        name="portal_page_preview",
    ),
]
