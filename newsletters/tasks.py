"""Background tasks (django-tasks): sending an issue runs outside the web request.

Development and tests use the immediate backend (the task runs at once, in-process).
Production uses the database backend; run the worker with ``python manage.py run_worker``
(``db_worker`` plus the housekeeping that resumes interrupted and waiting sends).
"""

import logging
import uuid

from django_tasks import task

from . import sending

logger = logging.getLogger(__name__)


def _run_id(context):
    try:
        return uuid.UUID(str(context.task_result.id)).hex
    except ValueError:  # a backend whose ids are not UUIDs: a run of its own
        return None


@task(takes_context=True)
def send_issue_task(context, issue_id):
    """Send an issue to every confirmed subscriber it has not reached yet."""
    result = sending.send_issue(issue_id, run_id=_run_id(context))
    if result.waiting and result.next_retry_at and send_issue_task.get_backend().supports_defer:
        # Failed addresses wait for their next attempt; come back for them then.
        send_issue_task.using(run_after=result.next_retry_at).enqueue(issue_id)
    logger.info("Newsletter issue %s: %s", issue_id, result.as_dict())
    return result.as_dict()


@task()
def send_digest_task():
    """This week's alert digest to every subscriber it has not reached (safe to rerun).

    Run it every hour from the worker (``HETSITE_PERIODIC_TASKS``): the first run of an
    ISO week makes the week's digest; later runs only reach whoever is still missing.
    """
    from . import digest

    result = digest.send_digests()
    logger.info("Weekly digest: %s", result)
    return {
        "sent": result.sent,
        "failed": result.failed,
        "nothing_new": result.nothing_new,
        "already": result.already,
    }
