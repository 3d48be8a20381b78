"""The shared content version changes on every change a visitor could see."""

import pytest

from django.core.cache import cache

from hetsite.core import content_version
from hetsite.core.models import Neighbourhood, StandardPage, Ward
from tests.factories import add_page

pytestmark = pytest.mark.django_db


def test_the_version_is_stable_until_something_changes(rf):
    first = content_version.current()
    assert content_version.current() == first
    request = rf.get("/")
    assert content_version.current(request) == first
    cache.set(content_version.CACHE_KEY, "changed-elsewhere", None)
    # One request reads the shared cache once.
    assert content_version.current(request) == first
    assert content_version.current() == "changed-elsewhere"


def test_publishing_unpublishing_and_deleting_a_page_bump_it(home_page):
    page = add_page(home_page, StandardPage(title="Housing and health"), publish=False)
    before = content_version.current()
    page.save_revision().publish()
    after_publish = content_version.current()
    assert after_publish != before
    page.refresh_from_db()
    page.unpublish()
    after_unpublish = content_version.current()
    assert after_unpublish != after_publish
    page.delete()
    assert content_version.current() != after_unpublish


def test_a_watched_model_bumps_it():
    neighbourhood = Neighbourhood.objects.create(name="Nowhere", slug="nowhere")
    before = content_version.current()
    Ward.objects.create(name="Nowhere ward", slug="nowhere", neighbourhood=neighbourhood)
    assert content_version.current() != before
