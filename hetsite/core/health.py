"""``/health/``: is this app server fit to serve, and if not, which part is failing.

Built on django-health-check: its database and media storage checks, plus a cache check
and a task worker check of our own. The answer is JSON, never cached::

    {"status": "ok", "components": {"database": "ok", "media storage": "ok",
     "task worker": "ok", "cache": "ok"}}

- 200 "ok": everything works.
- 200 "degraded": only the cache (Redis) is failing. The site still serves every page,
  uncached, so a load balancer must keep sending traffic; monitoring should alert on
  "degraded".
- 503 "unavailable": the database, media storage or task worker is failing; the
  component's entry says how, without hosts, names or credentials.
"""

import dataclasses
import datetime
import uuid

from asgiref.sync import sync_to_async
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone


@dataclasses.dataclass
class Database(checks.Database):
    component = "database"


@dataclasses.dataclass
class MediaStorage(checks.Storage):
    component = "media storage"


@dataclasses.dataclass
class Cache(HealthCheck):
    """Write, read and delete a key. A failing cache degrades the site but does not stop it."""

    component = "cache"
    critical = False

    def run(self):
        key = f"health-check:{uuid.uuid4().hex}"
        cache.set(key, "ok", 10)
        found = cache.get(key)
        cache.delete(key)
        if found != "ok":
            raise ServiceUnavailable("unreachable; pages are served without it")


@dataclasses.dataclass
class TaskWorker(HealthCheck):
    """The oldest task that is due has waited less than ``max_wait``.

    A task is due from when it was enqueued, or from its ``run_after`` when it was
    delayed (a retry with backoff). A due task waiting longer means no worker is taking
    tasks: it is down, stuck, or too few for the load.
    """

    component = "task worker"
    max_wait: datetime.timedelta = datetime.timedelta(minutes=5)

    async def run(self):
        # In the request's own thread, so its connection is closed with the request.
        await sync_to_async(self.check)()

    def check(self):
        backend = settings.TASKS.get("default", {}).get("BACKEND", "")
        if backend != "django_tasks_db.DatabaseBackend":
            return  # immediate or dummy backends run no worker
        from django_tasks_db.models import DBTaskResult, get_date_max

        try:
            ready = DBTaskResult.objects.ready()
            oldest = [
                ready.filter(run_after=get_date_max())
                .order_by("enqueued_at")
                .values_list("enqueued_at", flat=True)
                .first(),
                ready.exclude(run_after=get_date_max())
                .order_by("run_after")
                .values_list("run_after", flat=True)
                .first(),
            ]
        except DatabaseError as error:
            raise ServiceUnavailable("cannot read the task queue (database)") from error
        due = min((moment for moment in oldest if moment is not None), default=None)
        if due is None:
            return
        waited = timezone.now() - due
        if waited > self.max_wait:
            raise ServiceUnavailable(
                f"a task has waited {int(waited.total_seconds())} s for a worker "
                f"(limit {int(self.max_wait.total_seconds())} s)"
            )


class HealthView(HealthCheckView):
    checks = (Database, MediaStorage, TaskWorker, Cache)

    async def get(self, request, *args, **kwargs):
        import asyncio

        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        components = {
            result.check.component: "ok" if result.error is None else str(result.error)
            for result in results
        }
        failing = [r for r in results if r.error is not None]
        critical = [r for r in failing if getattr(r.check, "critical", True)]
        status = "unavailable" if critical else ("degraded" if failing else "ok")
        return JsonResponse(
            {"status": status, "components": components}, status=503 if critical else 200
        )


health = HealthView.as_view()
