import pytest

from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # The facet lists are cached; a rolled-back test must not leave its lists behind.
    cache.clear()
    yield
    cache.clear()
