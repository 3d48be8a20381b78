"""Background work for the partner portal (django-tasks).

A password reset request only validates the address and enqueues
``send_password_reset``, whether or not the address belongs to a member, so the request
does the same work, takes the same time and gives the same answer either way. The task
looks the address up and emails a member (or nobody).
"""

from django_tasks import task


def send_password_reset(email, *, domain, use_https):
    """Email a reset link to each active member with this address (usually none or one)."""
    from .forms import MemberPasswordResetForm

    form = MemberPasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


@task()
def send_password_reset_task(email, domain, use_https):
    send_password_reset(email, domain=domain, use_https=use_https)
