"""The "Send to subscribers" panel at the top of an issue's edit view.

Shown only to users allowed to send, and only once the issue exists: the send action is
then in plain sight, not in the header's "…" menu.
"""

from django.urls import reverse

from wagtail.admin.panels import Panel

SEND_PERMISSION = "newsletters.send_newsletter"
LOG_PERMISSIONS = (SEND_PERMISSION, "newsletters.view_delivery")


def can_send(user):
    return user.has_perm(SEND_PERMISSION)


def can_read_log(user):
    return any(user.has_perm(permission) for permission in LOG_PERMISSIONS)


class SendPanel(Panel):
    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("help_text", None)
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or "send"

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsletters/admin/send_panel.html"

        def is_shown(self):
            return bool(
                self.instance is not None
                and self.instance.pk
                and self.request is not None
                and can_read_log(self.request.user)
            )

        def get_context_data(self, parent_context=None):
            from .sending import progress

            context = super().get_context_data(parent_context)
            issue = self.instance
            context.update(
                issue=issue,
                can_send=can_send(self.request.user),
                progress=progress(issue),
                send_url=reverse("newsletters_admin:send", args=[issue.pk]),
                log_url=reverse("newsletters_admin:log", args=[issue.pk]),
            )
            return context
