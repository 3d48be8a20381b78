"""Settings for a real task worker process started by the tests (test_worker_kill.py).

The test settings, plus: the test's PostgreSQL database (``WORKER_DATABASE_URL``), the
database task backend, SMTP to 127.0.0.1:``WORKER_EMAIL_PORT``, and short heartbeat,
dead-worker and housekeeping intervals so a test sees recovery within seconds.
"""

import os

import dj_database_url

from hetsite.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["WORKER_DATABASE_URL"])}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["WORKER_EMAIL_PORT"])
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 5
HETSITE_WORKER_HEARTBEAT_SECONDS = 0.5
HETSITE_WORKER_STALE_SECONDS = float(os.environ.get("WORKER_STALE_SECONDS", "3"))
HETSITE_WORKER_HOUSEKEEPING_SECONDS = 1
