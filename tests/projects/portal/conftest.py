import pytest

from django.core.cache import cache

from . import factories as pf


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org_a(db):
    return pf.organisation("Organisation A")


@pytest.fixture
def org_b(db):
    return pf.organisation("Organisation B", sector="nhs")


@pytest.fixture
def member_a(org_a):
    return pf.member(org_a, "member-a")


@pytest.fixture
def member_b(org_b):
    return pf.member(org_b, "member-b")
