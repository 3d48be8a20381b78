"""Builders for the personal-data tests: one person's records across the site."""

import io

from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.utils import timezone

from portal.applications import create_member
from projects.models import PartnerApplication
from tests.projects.portal import factories as pf


def application(email, status="pending", name="Amina Khan", organisation_name=None, **fields):
    app = PartnerApplication.objects.create(
        organisation_name=organisation_name or f"Walkers of {email.split('@')[0]}",
        sector="vcsfe",
        contact_name=name,
        contact_email=email,
        description="Weekly walks for older people.",
        status=status,
        **fields,
    )
    if status != "pending":
        app.decided_at = timezone.now()
        app.save()
    return app


def member(organisation, email, first_name="Amina", last_name="Khan"):
    """A portal account made the way approval makes one (the username is the address)."""
    return create_member(organisation, email, first_name, last_name)


def task_record(email, finished=True):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="SUCCESSFUL" if finished else "READY",
        args_kwargs={"args": [email], "kwargs": {}},
        task_path="newsletters.tasks.send_confirmation_task",
        backend_name="default",
        run_after=now,
        finished_at=now if finished else None,
        return_value=None,
        exception_class_path="",
        traceback="",
    )


def organisation(name="Organisation A"):
    return pf.organisation(name)


def dump():
    """Every row of every app, as JSON text (what the tests grep for addresses)."""
    out = io.StringIO()
    call_command("dumpdata", format="json", stdout=out)
    return out.getvalue()
