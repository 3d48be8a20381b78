"""The Wagtail admin's "Forgotten password?": Wagtail's form and emails, sent our way.

``AdminPasswordResetView`` replaces Wagtail's view at the same URL (``hetsite/urls.py``)
with the uniform, rate-limited flow of ``hetsite.core.signin.UniformPasswordResetMixin``,
shared with the partner portal. The task emails only active accounts that may use the
admin (a partner member's address gets nothing here: partners reset in the portal), and
the email goes through the outbox like every other.
"""

from django_tasks import task

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from wagtail.admin.views.account import PasswordResetView, get_password_reset_form

from .outbox import queue_email
from .signin import UniformPasswordResetMixin

ACCESS_ADMIN = "wagtailadmin.access_admin"


def admin_reset_form_class():
    base = get_password_reset_form()

    class AdminPasswordResetForm(base):
        def get_users(self, email):
            users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
            return (u for u in users if u.has_usable_password() and u.has_perm(ACCESS_ADMIN))

        def send_mail(
            self,
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name=None,
        ):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
            message = EmailMultiAlternatives(subject, body, from_email, [to_email])
            if html_email_template_name:
                html = loader.render_to_string(html_email_template_name, context)
                message.attach_alternative(html, "text/html")
            queue_email(message, kind="admin_password_reset")

    return AdminPasswordResetForm


def send_admin_password_reset(email, *, domain, use_https):
    """Email a reset link to each active admin user with this address (usually none or one)."""
    form = admin_reset_form_class()({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=AdminPasswordResetView.subject_template_name,
            email_template_name=AdminPasswordResetView.email_template_name,
        )


@task()
def send_admin_password_reset_task(email, domain, use_https):
    send_admin_password_reset(email, domain=domain, use_https=use_https)


class AdminPasswordResetView(UniformPasswordResetMixin, PasswordResetView):
    reset_task = send_admin_password_reset_task
    refused_template_name = "core/signin/admin_reset_refused.html"

    def get_form_class(self):
        return admin_reset_form_class()
