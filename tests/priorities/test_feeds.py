import datetime
import xml.etree.ElementTree as ET

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from priorities.models import PriorityUpdatePage

from . import factories as f

pytestmark = pytest.mark.django_db


def parse_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own feed)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    return channel, channel.findall("item")


@pytest.fixture
def two_groups():
    housing = f.group("Housing and Health", slug="housing-and-health")
    children = f.group("Children and Young People", slug="children-and-young-people")
    f.update(housing, "Roadshows", datetime.date(2024, 9, 1), progress="Residents met.")
    f.update(housing, "Warm homes", datetime.date(2024, 10, 1))
    f.update(housing, "Draft housing update", datetime.date(2024, 12, 1), publish=False)
    f.update(children, "Family Hubs", datetime.date(2024, 8, 1))
    f.group("Draft group", slug="draft-group", publish=False)
    return housing, children


def test_all_updates_feed_lists_live_updates_newest_first(client, two_groups):
    channel, items = parse_items(client.get("/priorities/feed/"))

    titles = [item.findtext("title") for item in items]
    assert titles == [
        "Housing and Health: Warm homes",
        "Housing and Health: Roadshows",
        "Children and Young People: Family Hubs",
    ]
    roadshows = items[1]
    roadshows_page = PriorityUpdatePage.objects.get(title="Roadshows")
    assert roadshows.findtext("link") == f"http://testserver{roadshows_page.url}"
    assert roadshows_page.url.startswith("/priorities/housing-and-health/")
    assert "Status: On track. Residents met." in roadshows.findtext("description")
    assert "Sep 2024" in roadshows.findtext("pubDate")
    assert roadshows.findtext("category") == "On track"


def test_group_feed_lists_only_that_groups_live_updates(client, two_groups):
    channel, items = parse_items(client.get("/priorities/housing-and-health/feed/"))

    assert channel.findtext("title") == "Housing and Health: progress updates"
    assert [item.findtext("title") for item in items] == [
        "Housing and Health: Warm homes",
        "Housing and Health: Roadshows",
    ]


@pytest.mark.parametrize("slug", ["no-such-group", "draft-group"])
def test_feed_of_unknown_or_draft_group_is_not_found(client, two_groups, slug):
    assert client.get(f"/priorities/{slug}/feed/").status_code == 404


def test_feed_query_count_does_not_grow_with_updates(client, two_groups):
    housing, children = two_groups
    client.get("/priorities/feed/")
    with CaptureQueriesContext(connection) as few:
        client.get("/priorities/feed/")
    for day in range(1, 11):
        f.update(children, date=datetime.date(2024, 5, day))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/priorities/feed/")
    assert len(parse_items(response)[1]) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/priorities/%3Cscript%3E/feed/",
        "/priorities/" + "a" * 300 + "/feed/",
        "/priorities/feed/x/",
    ],
)
def test_hostile_feed_paths_are_not_found(client, two_groups, path):
    assert client.get(path).status_code == 404
