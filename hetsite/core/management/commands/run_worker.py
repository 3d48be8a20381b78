"""Run the task worker: django-tasks-db's ``db_worker`` plus heartbeat and housekeeping.

    python manage.py run_worker            # what production runs (deploy/hetsite-worker.service)

Everything ``db_worker`` does (claim ready tasks, run them one at a time), and from a
background thread: a heartbeat, and every minute the housekeeping described in
``hetsite.core.worker`` (tasks left running by a dead worker, newsletter sends to
resume, outbox retries, periodic tasks). Run it under a supervisor that restarts it.
"""

import logging
import threading
import time

from django_tasks_db.management.commands import db_worker

from django.db import close_old_connections, connection

from hetsite.core import worker

logger = logging.getLogger("hetsite.core.worker")


class Maintenance(threading.Thread):
    def __init__(self, worker_id):
        super().__init__(name="hetsite-worker-maintenance", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self):
        next_housekeeping = time.monotonic() + worker.housekeeping_seconds()
        try:
            while not self.stopping.wait(worker.heartbeat_seconds()):
                close_old_connections()
                try:
                    worker.beat(self.worker_id)
                    if time.monotonic() >= next_housekeeping:
                        next_housekeeping = time.monotonic() + worker.housekeeping_seconds()
                        worker.run_housekeeping(self.worker_id)
                except Exception:
                    logger.exception("Worker heartbeat or housekeeping failed")
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run the task worker (db_worker with heartbeat, recovery and periodic tasks)."

    def handle(self, *args, worker_id, **options):
        options["reload"] = False  # the reloader would run the heartbeat in the wrong process
        self.configure_logging(options["verbosity"])
        worker.beat(worker_id)
        worker.run_housekeeping(worker_id)
        maintenance = Maintenance(worker_id)
        maintenance.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            maintenance.stopping.set()
            maintenance.join(timeout=10)
            worker.stopped(worker_id)
