import os

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM would then
# refuse to run there. The tests are single-threaded, so allowing it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The slowest tests, longest first (measured with --durations on the 2-core machine). Run
# early, on two workers they overlap the many short tests instead of being left for last,
# when one worker would wait for the other. The order of tests changes, nothing else.
SLOWEST_FIRST = (
    "tests/test_demo_site.py::test_axe_finds_nothing",
    "tests/projects/portal/test_browser_journey.py",
    "tests/core/test_forms_hardening.py::test_in_chromium",
    "tests/test_benchmarks.py",
    "tests/test_demo_site.py",
    "tests/projects/test_query_counts.py",
    "tests/casestudies/test_query_counts.py",
    "tests/projects/test_partners.py",
    "tests/priorities/test_pages.py",
    "tests/projects/test_accessibility.py",
    "tests/casestudies/test_browser.py",
    "tests/core/test_security.py",
    "tests/newsletters/test_browser.py",
    "tests/priorities/test_accessibility.py",
    "tests/prizes/test_accessibility.py",
    "tests/core/test_faults_health.py",
    "tests/projects/test_demo.py",
    "tests/core/test_demo.py",
    "tests/projects/test_project_index.py",
)


def _django_group(item):
    """pytest-django's order: database tests, then transactional ones, then the rest."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (marker is not None and marker.kwargs.get("transaction"))
    ):
        return 1
    if marker is not None or "db" in fixtures:
        return 0
    return 2


def _slowness_rank(item):
    for rank, prefix in enumerate(SLOWEST_FIRST):
        if item.nodeid.startswith(prefix):
            return rank
    return len(SLOWEST_FIRST)


def pytest_collection_modifyitems(items):
    """Slowest first within each of pytest-django's groups (whose order must stay)."""
    items.sort(key=lambda item: (_django_group(item), _slowness_rank(item)))


@pytest.fixture(autouse=True)
def _clear_cache():
    """The local-memory cache outlives each test's database: start every test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the emails) as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a whole module, for data its fixtures build once.

    A module-scoped fixture that depends on this one builds its data inside
    ``django_db_blocker.unblock()``; each test (through ``db``) then runs in a savepoint
    of this transaction, so what a test changes is undone after it, and everything is
    rolled back after the module, as if built by each test. Only for modules where
    every test wants that data and none uses ``transactional_db`` or ``live_server``.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def home_page(db):
    return factories.home_page()


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def site_admin(db):
    return factories.site_admin()


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium for the session, always started after (so closed before) the live server.

    Closed the other way round, the server stopped while the browser still held
    keep-alive connections, and their request threads failed to close the shared
    in-memory SQLite connection (PytestUnhandledThreadExceptionWarning).
    """
    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, require

    require(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser, live_server):
    """A fresh browser tab; ``browser_page.goto("/path/")`` is relative to the live server."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
