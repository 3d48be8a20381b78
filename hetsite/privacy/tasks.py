"""The daily retention purge as a django-tasks task (the worker runs it from the schedule)."""

from django_tasks import task

from .retention import purge


@task()
def purge_personal_data_task():
    """Apply every retention period; return {rule key: rows changed}."""
    return {o.rule.key: o.count for o in purge()}
