import threading

import pytest

from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState

from projects.moderation import partner_workflow
from tests import factories

from . import factories as pf


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has no row locks and its in-memory test database is not shared between "
    "threads; this race runs on PostgreSQL in CI (.ci/run).",
)
@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_at_once_publish_once():
    org = pf.organisation("Organisation A")
    owner = pf.member(org, "owner")
    page = pf.project(org, user=owner)
    partner_workflow().start(page, owner)
    task_state_id = pf.fresh(page).current_workflow_task_state.pk
    editors = [factories.editor(), factories.editor()]
    barrier = threading.Barrier(2)
    errors = []

    def approve(editor):
        try:
            task_state = TaskState.objects.get(pk=task_state_id).specific
            barrier.wait()
            task_state.task.specific.on_action(task_state, editor, "approve")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(e,)) for e in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert pf.fresh(page).live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve").count() == 1


def test_dashboard_query_count_does_not_grow_with_pages(member_a, org_a, editor):
    client = Client()
    client.force_login(member_a)
    url = reverse("projects:portal_dashboard")

    def add_pages(n):
        for i in range(n):
            page = pf.project(org_a, title=f"Project {i}", user=member_a)
            if i % 2:
                partner_workflow().start(page, member_a)

    add_pages(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_pages(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("Awaiting review") == 5
    assert len(many) == len(few)
