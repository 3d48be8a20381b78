import os

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM would then
# refuse to run there. The tests are single-threaded, so allowing it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
