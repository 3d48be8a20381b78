"""Settings for ``benchmarks/pages.py``: the test settings on a throwaway database.

``HETSITE_BENCH_DATABASE`` is a SQLite file path or a database URL;
``HETSITE_BENCH_CACHE_URL``, if set, is a Redis URL for the cache (as in production).
"""

import os

import dj_database_url

from hetsite.settings.test import *  # noqa: F403

_database = os.environ["HETSITE_BENCH_DATABASE"]
if "://" in _database:
    # As production connects: one connection kept across requests.
    DATABASES = {"default": dj_database_url.parse(_database, conn_max_age=60)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _database}}

if os.environ.get("HETSITE_BENCH_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["HETSITE_BENCH_CACHE_URL"],
            "KEY_PREFIX": "hetsite-bench",
        }
    }
DEBUG = False
