"""Every feed names itself (atom:link rel="self", with its filters) and dates each item."""

import datetime
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

import pytest

from tests import factories
from tests.newsletters import factories as nf
from tests.priorities import factories as prf
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def channel(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed


@pytest.fixture
def content(home_page):
    ward = factories.ward("Dallow")
    org = pf.organisation_page("Dallow Community Trust", wards=[ward])
    pf.case_study_index()
    case = pf.case_study(org, "Cooking together")
    case.wards.set([ward])
    case.save_revision().publish()
    nf.index_page()
    nf.issue(2024, 3)
    group = pf.priority_group("Housing and Health")
    prf.update(group, "Homes made warmer")
    case.refresh_from_db()
    return {"case": case, "ward": ward}


@pytest.mark.parametrize(
    "url",
    [
        "/case-studies/feed/",
        "/case-studies/feed/?ward=dallow",
        "/newsletters/feed/",
        "/priorities/feed/",
    ],
)
def test_feeds_link_to_themselves_and_date_every_item(client, content, url):
    feed = channel(client, url)
    links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(links) == 1
    assert links[0].get("href") == f"http://testserver{url}"
    items = feed.findall("item")
    assert items
    for item in items:
        assert parsedate_to_datetime(item.findtext("pubDate")).year >= 2024


def test_case_study_pubdate_is_first_publication(client, content):
    case = content["case"]
    first = case.first_published_at
    case.title = "Cooking together, updated"
    case.save_revision().publish()
    case.refresh_from_db()
    assert case.last_published_at > first
    item = channel(client, "/case-studies/feed/").find("item")
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published.replace(microsecond=0) == first.replace(microsecond=0)
    assert abs(published - first) < datetime.timedelta(seconds=1)
