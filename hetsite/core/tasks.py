"""Background tasks (django-tasks) that belong to the site as a whole."""

from django_tasks import task

from . import outbox


@task()
def send_outgoing_email(email_id):
    """One attempt at an email in the outbox (see ``hetsite.core.outbox``)."""
    email = outbox.send_queued(email_id)
    return email.state if email is not None else None
