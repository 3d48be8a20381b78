"""The production setup on this machine, for the load test and the fault tests.

gunicorn with ``hetsite.settings.production`` on 127.0.0.1, against a PostgreSQL database
of its own (created here, dropped afterwards) and optionally Redis. Standard library and
psycopg only; every wait is bounded.
"""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_ADMIN_URL = os.environ.get(
    "HETSITE_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(name):
    """``POSTGRES_ADMIN_URL`` with another database name."""
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def admin(*statements):
    """Run statements as the PostgreSQL superuser, outside a transaction."""
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        for statement in statements:
            conn.execute(statement)


def terminate(name):
    """End every connection to database ``name`` (but this one)."""
    return sql.SQL(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = {} AND pid <> pg_backend_pid()"
    ).format(sql.Literal(name))


def allow_connections(name, allowed):
    """Take database ``name`` away (and end its connections) or give it back."""
    statements = [
        sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
            sql.Identifier(name), sql.SQL("true" if allowed else "false")
        )
    ]
    if not allowed:
        statements.append(terminate(name))
    admin(*statements)


@contextlib.contextmanager
def throwaway_database(name, template=None):
    """A new database (a copy of ``template`` if given), dropped on the way out."""
    drop = [
        sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name)),
        terminate(name),
        sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)),
    ]
    with contextlib.suppress(psycopg.Error):
        admin(*drop)
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        admin(terminate(template))  # a template must have no other connections
        create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    admin(create)
    try:
        yield database_url(name)
    finally:
        admin(*drop)


def production_env(db_url, *, redis_url=None, media_root=None, **extra):
    """Environment for ``hetsite.settings.production`` served over plain HTTP locally."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hetsite.settings.production",
        DJANGO_SECRET_KEY="local-production-test-" + os.urandom(8).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=db_url,
        MEDIA_ROOT=str(media_root or tempfile.mkdtemp(prefix="hetsite-media-")),
        PYTHONPATH=str(BASE_DIR),
        **extra,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, timeout=900):
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def collect_static(env, force=False):
    """The production static storage needs its manifest (collectstatic, ~20 s)."""
    if force or not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", timeout=600)


def wait_until_up(base_url, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/robots.txt", timeout=5):  # noqa: S310
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    raise TimeoutError(f"gunicorn did not answer within {timeout} s")


def stop(process, timeout=10):
    """End a server started here: SIGTERM, then SIGKILL if it has not gone in ``timeout``."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(env, *, workers=2, port=None, log=None):
    """gunicorn serving hetsite.wsgi on 127.0.0.1; yields its base URL."""
    port = port or free_port()
    log = log or tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
        prefix="hetsite-gunicorn-", suffix=".log", delete=False
    )
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [
            PYTHON,
            "-m",
            "gunicorn",
            "hetsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--no-control-socket",  # gunicorn 27's default socket path is shared per user
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process)
        yield base_url
    finally:
        stop(process, timeout=15)
        log.close()
