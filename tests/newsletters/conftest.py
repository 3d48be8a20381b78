import pytest

from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Sign-up rate limits live in the cache; start every test with none used."""
    cache.clear()
    yield
    cache.clear()
