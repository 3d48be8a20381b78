"""Settings for ``benchmarks/pages.py``: the test settings on a throwaway SQLite file."""

import os

from hetsite.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["HETSITE_BENCH_DB"],
    }
}
DEBUG = False
