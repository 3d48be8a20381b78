"""PostgreSQL taken away from a running production server, then given back.

gunicorn with the production settings serves a copy of this test run's database (made
with CREATE DATABASE ... TEMPLATE, about a second, instead of a migrate); the copy is then
closed to connections (``ALLOW_CONNECTIONS false`` and its backends terminated) and
reopened, with no restart in between.
"""

import json
import tempfile
import time
import urllib.error
import urllib.request

import pytest

from django.db import connection

from benchmarks import production
from tests import factories

PAGES = ["/", "/no-such-page/", "/search/?q=walks", "/partners/apply/"]
# A signed-in member's request: the session and the user are read from the database.
SESSION_COOKIE = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}


def fetch(url, headers=None):
    """(status, headers, body) without raising for error statuses."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL (ALLOW_CONNECTIONS); runs with DATABASE_URL set, as in CI.",
)
@pytest.mark.django_db(transaction=True)
def test_database_outage_answers_503_with_retry_after_and_recovers():
    factories.home_page()
    template = connection.settings_dict["NAME"]
    copy = f"{template}_outage"[:63]
    connection.close()  # a template database must have no connections
    log = tempfile.NamedTemporaryFile(prefix="hetsite-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    with production.throwaway_database(copy, template=template) as url:
        env = production.production_env(url)
        production.collect_static(env)
        try:
            with production.gunicorn(env, workers=1, log=log) as base:
                for path in PAGES:
                    status, _, _ = fetch(base + path)
                    assert status == (404 if "no-such" in path else 200), path
                assert fetch(base + "/health/")[0] == 200

                production.allow_connections(copy, False)
                for path in PAGES:
                    status, headers, html = fetch(base + path)
                    assert status == 503, path
                    assert headers["Retry-After"] == "120", path
                    assert "no-store" in headers["Cache-Control"], path
                    assert "<h1>Sorry, the site is unavailable</h1>" in html, path
                    assert "Traceback" not in html and copy not in html, path
                    assert "Content-Security-Policy" in headers, path
                # Sessions and auth (the portal reads request.user) reach the same page.
                status, headers, html = fetch(base + "/partners/portal/", SESSION_COOKIE)
                assert status == 503
                assert "Sorry, the site is unavailable" in html
                status, headers, body = fetch(base + "/health/")
                assert status == 503
                health = json.loads(body)
                assert health["status"] == "unavailable"
                assert health["components"]["database"].startswith("Unavailable")
                assert health["components"]["media storage"] == "ok"
                assert copy not in body and "127.0.0.1" not in body and "postgres" not in body
                assert "no-store" in headers["Cache-Control"]

                production.allow_connections(copy, True)
                deadline = time.monotonic() + 20
                while fetch(base + "/")[0] != 200 and time.monotonic() < deadline:
                    time.sleep(0.2)
                for path in PAGES:
                    status, _, _ = fetch(base + path)
                    assert status == (404 if "no-such" in path else 200), path
                assert fetch(base + "/health/")[0] == 200
        except BaseException:
            log.flush()
            print(open(log.name).read()[-6000:])  # noqa: T201 - shown on failure
            raise
