"""A task for the periodic-task tests."""

from django_tasks import task

RUNS = []


@task()
def tick():
    RUNS.append("tick")
    return len(RUNS)


def plain_function():
    RUNS.append("plain")
