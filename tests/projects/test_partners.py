import pytest

from projects.models import Sector
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(home_page):
    biscot = factories.ward("Biscot", "West Central")
    dallow = factories.ward("Dallow", "West Central")
    factories.ward("Stopsley", "East Luton")  # unused
    pf.organisation_page("eQuality Primary Care Network", Sector.NHS, wards=[biscot])
    pf.organisation_page("GoodGym Luton", Sector.VCSFE)
    pf.organisation_page("NOAH Enterprises", Sector.VCSFE, wards=[biscot, dallow])
    pf.organisation_page("Not yet approved", Sector.BUSINESS, publish=False, wards=[dallow])
    return {"biscot": biscot, "dallow": dallow}


def names(response):
    return [p.title for p in response.context["results"]]


def test_directory_lists_live_organisations_by_name(client, directory):
    response = client.get("/partners/")
    assert response.status_code == 200
    assert names(response) == [
        "eQuality Primary Care Network",
        "GoodGym Luton",
        "NOAH Enterprises",
    ]
    content = response.content.decode()
    assert "3 organisations" in content
    assert "Not yet approved" not in content
    assert 'name="robots"' not in content


def test_directory_filters_by_sector_and_ward(client, directory):
    assert names(client.get("/partners/?sector=nhs")) == ["eQuality Primary Care Network"]
    assert names(client.get("/partners/?ward=dallow")) == ["NOAH Enterprises"]
    assert names(client.get("/partners/?ward=biscot&ward=dallow")) == [
        "eQuality Primary Care Network",
        "NOAH Enterprises",
    ]
    response = client.get("/partners/?sector=vcsfe&ward=biscot")
    assert names(response) == ["NOAH Enterprises"]
    assert b'<meta name="robots" content="noindex">' in response.content


def test_directory_offers_only_facets_in_use(client, directory):
    form = client.get("/partners/").context["filter"].form
    assert [v for v, _ in form.fields["sector"].choices if v] == ["vcsfe", "nhs"]
    assert [v for v, _ in form.fields["ward"].choices] == ["biscot", "dallow"]
    content = client.get("/partners/").content.decode()
    assert "Stopsley" not in content
    assert "Business" not in content  # only the draft organisation is a business


def test_directory_active_filters_are_removable(client, directory):
    response = client.get("/partners/?sector=vcsfe&ward=biscot&page=2")
    active = {a["label"]: a["remove_url"] for a in response.context["active_filters"]}
    assert active == {
        "Voluntary, community, faith or social enterprise": "/partners/?ward=biscot",
        "Biscot": "/partners/?sector=vcsfe",
    }


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=0", "page=99999", "sector=spaceship", "ward=nowhere", "ward=%3Cb%3E"],
)
def test_directory_bad_input_is_harmless(client, directory, query):
    response = client.get(f"/partners/?{query}")
    assert response.status_code == 200
    assert b"<b>" not in response.content


def test_directory_paginates_keeping_filters(client, home_page):
    for n in range(26):
        pf.organisation_page(f"Charity {n:02d}", Sector.VCSFE)
    pf.organisation_page("A clinic", Sector.NHS)
    response = client.get("/partners/?sector=vcsfe")
    assert len(response.context["results"]) == 24
    assert 'href="?sector=vcsfe&amp;page=2"' in response.content.decode()
    assert names(client.get("/partners/?sector=vcsfe&page=2")) == ["Charity 24", "Charity 25"]
