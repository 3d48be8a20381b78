"""Ward, neighbourhood and indicator pages, as a resident reads them."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyPage
from places.models import Indicator, IndicatorIndexPage, WardIndexPage
from projects.models import OrganisationPage, ProjectPage
from tests import factories
from tests.core.bulk_pages import add_live_children
from tests.places import factories as places
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db

WARDS = [("Dallow", "West Central"), ("Biscot", "West Central"), ("Barnfield", "North Luton")]


@pytest.fixture
def site(home_page):
    """Three wards in two neighbourhoods with SPI figures for each, a Luton and England
    figure, a ward-only indicator, one with no figure, and the two place pages."""
    wards = {name: factories.ward(name, hood) for name, hood in WARDS}
    spi = places.indicator(
        "social_progress_index",
        "Social Progress Index",
        unit=Indicator.Unit.INDEX,
        group=Indicator.Group.CONTEXT,
    )
    for name, figure in (("Dallow", "44.72"), ("Biscot", "45.47"), ("Barnfield", "68.16")):
        places.value(spi, places.area_for(wards[name]), figure, period="not stated")
    life = places.indicator("life_expectancy_male", "Life expectancy (males)")
    places.value(
        life,
        places.area_for(wards["Dallow"]),
        "71.03",
        comparison="worse_than_luton",
        note="significantly worse than Luton",
    )
    places.value(life, places.area_for(wards["Barnfield"]), "84.57")
    hle = places.indicator("healthy_life_expectancy_male", "Healthy life expectancy (males)")
    places.value(hle, places.town(), "59.2", period="2018-2021")
    places.value(hle, places.comparator("England"), "63.1", period="2018-2021")
    places.indicator("infant_mortality", "Infant mortality", principle=1)
    for number in range(1, 9):
        factories.principle(number)
    ward_index = factories.add_page(home_page, WardIndexPage(title="Wards", slug="wards"))
    indicator_index = factories.add_page(
        home_page, IndicatorIndexPage(title="Indicators", slug="indicators")
    )
    return {"wards": wards, "ward_index": ward_index, "indicator_index": indicator_index}


def text(response):
    return response.content.decode()


def test_ward_page_shows_figures_rank_neighbourhood_and_comparison(client, site):
    response = client.get("/wards/dallow/")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Dallow ward</h1>" in body
    assert 'href="/wards/neighbourhoods/west-central/">West Central</a>' in body
    assert "44.72" in body
    # All three wards have an SPI figure, so it is ranked: Dallow is the lowest of three.
    assert "3rd of 3 wards" in body
    assert "Luton as a whole: not published in the report" in body
    assert "71.03 years" in body and "Worse than Luton" in body
    # Only two wards have a life expectancy figure: not ranked among all wards.
    assert "Not ranked: the report gives only some wards" in body
    assert re.search(r'<link rel="canonical" href="http://[^"/]+/wards/dallow/">', body)
    assert '<span aria-current="page">Dallow ward</span>' in body


def test_unknown_ward_or_neighbourhood_is_not_found(client, site):
    assert client.get("/wards/atlantis/").status_code == 404
    assert client.get("/wards/neighbourhoods/atlantis/").status_code == 404
    assert client.get("/indicators/atlantis/").status_code == 404
    assert client.get("/wards/dallow/figures.xml").status_code == 404
    assert client.get("/wards/atlantis/figures.csv").status_code == 404


def test_ward_page_lists_what_works_there_and_not_elsewhere(client, site):
    dallow, barnfield = site["wards"]["Dallow"], site["wards"]["Barnfield"]
    org_page = pf.organisation_page("Dallow Food Bank", wards=[dallow])
    pf.project(org_page, "Dallow lunch club", wards=[dallow])
    pf.project(org_page, "Barnfield walking group", wards=[barnfield])
    pf.project(org_page, "Dallow draft plan", wards=[dallow], publish=False)
    case_study = pf.case_study(org_page, "Dallow cooking classes")
    case_study.wards.set([dallow])
    case_study.save_revision().publish()
    pf.project_index()
    pf.case_study_index()

    body = text(client.get("/wards/dallow/"))
    assert "Dallow lunch club" in body
    assert "Dallow cooking classes" in body
    assert "Dallow Food Bank" in body
    assert "Barnfield walking group" not in body
    assert "Dallow draft plan" not in body
    assert 'href="/projects/?ward=dallow"' in body
    assert 'href="/case-studies/?ward=dallow"' in body
    assert 'href="/partners/?ward=dallow"' in body

    # And back: the project's ward chip leads to the ward page.
    project = ProjectPage.objects.get(title="Dallow lunch club")
    assert 'href="/wards/dallow/">Dallow</a>' in text(client.get(project.url))
    assert 'href="/wards/dallow/">Dallow</a>' in text(client.get(case_study.url))


def test_neighbourhood_page_gathers_its_wards(client, site):
    dallow, barnfield = site["wards"]["Dallow"], site["wards"]["Barnfield"]
    org_page = pf.organisation_page("West Central Trust", wards=[dallow])
    pf.project(org_page, "Dallow lunch club", wards=[dallow])
    pf.project(org_page, "Barnfield walking group", wards=[barnfield])
    body = text(client.get("/wards/neighbourhoods/west-central/"))
    assert "<h1>West Central neighbourhood</h1>" in body
    assert 'href="/wards/dallow/">Dallow</a>' in body
    assert 'href="/wards/biscot/">Biscot</a>' in body
    assert 'href="/wards/barnfield/"' not in body
    assert "Dallow lunch club" in body
    assert "Barnfield walking group" not in body


def test_ward_index_lists_wards_by_neighbourhood_with_a_map(client, site):
    body = text(client.get("/wards/"))
    assert 'href="/wards/neighbourhoods/north-luton/">North Luton</a>' in body
    for slug in ("dallow", "biscot", "barnfield"):
        assert f'href="/wards/{slug}/"' in body
    assert "68.16" in body
    assert "<svg" in body


def test_ward_index_map_choice_is_checked(client, site):
    response = client.get("/wards/?indicator=<script>")
    assert response.status_code == 200
    body = text(response)
    assert "Select a valid choice" in body
    assert "<script>" not in body.split("<main", 1)[1]
    assert 'name="robots" content="noindex"' in body
    chosen = text(client.get("/wards/?indicator=life-expectancy-male"))
    assert '<option value="life-expectancy-male" selected>' in chosen


def test_dashboard_has_every_policy_area_and_says_when_there_is_no_figure(client, site):
    body = text(client.get("/indicators/"))
    for number in range(1, 9):
        assert f'id="policy-area-{number}"' in body
    assert "No figure published here yet" in body
    assert "59.2 years" in body and "63.1 years" in body
    assert 'href="/indicators/infant-mortality/"' in body
    assert "Table 4 of the report lists no indicator for this policy area yet." in body


def test_indicator_page_ranks_wards_and_links_to_them(client, site):
    body = text(client.get("/indicators/social-progress-index/"))
    assert "<h1>Social Progress Index</h1>" in body
    barnfield = body.index('href="/wards/barnfield/"')
    dallow = body.index('href="/wards/dallow/"')
    assert barnfield < dallow  # highest first
    assert "All 3 wards." in body


def test_indicator_without_figures_says_so(client, site):
    body = text(client.get("/indicators/infant-mortality/"))
    assert "No figure published here yet" in body
    assert "<svg" not in body


def test_downloads_hold_the_figures(client, site):
    response = client.get("/indicators/social-progress-index/figures.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {(r["area"], Decimal(r["value"])) for r in rows} == {
        ("Dallow", Decimal("44.72")),
        ("Biscot", Decimal("45.47")),
        ("Barnfield", Decimal("68.16")),
    }
    ward = json.loads(client.get("/wards/dallow/figures.json").content)
    assert {(v["indicator"], v["value"]) for v in ward["values"]} == {
        ("social-progress-index", "44.72"),
        ("life-expectancy-male", "71.03"),
    }
    everything = list(
        csv.DictReader(io.StringIO(client.get("/indicators/figures.csv").content.decode()))
    )
    assert len(everything) == 7


def test_home_page_links_to_the_dashboard(client, site):
    body = text(client.get("/"))
    assert 'href="/indicators/#policy-area-1"' in body
    assert 'href="/indicators/"' in body


def test_ward_facet_options_link_to_ward_pages(client, site):
    dallow = site["wards"]["Dallow"]
    org_page = pf.organisation_page("Dallow Food Bank", wards=[dallow])
    pf.project(org_page, "Dallow lunch club", wards=[dallow])
    pf.project_index()
    body = text(client.get("/projects/"))
    assert 'href="/wards/dallow/" aria-label="Dallow ward page"' in body


# Query counts --------------------------------------------------------------------


def _tag_many(ward, n, prefix):
    """``n`` live projects and case studies naming ``ward``, in bulk."""
    org_page = OrganisationPage.objects.first() or pf.organisation_page("Bulk org")
    projects = add_live_children(
        org_page,
        ProjectPage,
        [{"title": f"{prefix} project {i}", "summary": "s", "description": "d"} for i in range(n)],
    )
    ProjectPage.wards.through.objects.bulk_create(
        [ProjectPage.wards.through(projectpage_id=p.pk, ward_id=ward.pk) for p in projects]
    )
    case_studies = add_live_children(
        pf.case_study_index(),
        CaseStudyPage,
        [
            {
                "title": f"{prefix} case study {i}",
                "organisation_name": "Org",
                "about": "a",
                "what_we_did": "w",
                "year": 2024,
            }
            for i in range(n)
        ],
    )
    CaseStudyPage.wards.through.objects.bulk_create(
        [CaseStudyPage.wards.through(casestudypage_id=c.pk, ward_id=ward.pk) for c in case_studies]
    )


def _queries(client, url):
    """(queries right after a publish, queries warm): a publish starts a new content
    version, so the figures, fragments and navigation are built again."""
    from hetsite.core import content_version

    client.get("/")
    client.get(url)
    content_version.bump()
    with CaptureQueriesContext(connection) as after_publish:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(after_publish.captured_queries), len(warm.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/wards/",
        "/wards/dallow/",
        "/wards/neighbourhoods/west-central/",
        "/indicators/",
        "/indicators/social-progress-index/",
    ],
)
def test_place_pages_queries_are_flat_and_within_budget(client, site, url):
    """At most 12 queries, warm and right after a publish, the same with 5 and with 200
    projects and case studies in the ward (the figures are not read again when a
    project is published: they have their own version)."""
    pf.project_index()
    dallow = site["wards"]["Dallow"]
    _tag_many(dallow, 5, "Few")
    few = _queries(client, url)
    _tag_many(dallow, 195, "Many")
    many = _queries(client, url)
    assert many == few, f"{url}: {few} (after publish, warm) queries with 5 items, {many} with 200"
    assert many[1] <= 12, f"{url}: {many[1]} queries warm"
    assert many[0] <= 12, f"{url}: {many[0]} queries after a publish"


def test_publishing_a_project_drops_ward_pages_from_the_http_cache(client, site):
    from hetsite.httpcache.middleware import TAGS_HEADER
    from hetsite.httpcache.purge import page_types_for_page

    response = client.get("/wards/dallow/")
    assert "places.wardindexpage" in response[TAGS_HEADER]
    org_page = pf.organisation_page("Dallow Food Bank", wards=[site["wards"]["Dallow"]])
    project = pf.project(org_page, "Dallow lunch club")
    assert "places.wardindexpage" in page_types_for_page(project)
    assert "places.wardindexpage" in page_types_for_page(org_page)
    assert "places.wardindexpage" not in page_types_for_page(site["ward_index"])


def test_sitemap_lists_every_ward_neighbourhood_and_indicator_page(client, site):
    body = client.get("/sitemap.xml").content.decode()
    for path in (
        "/wards/",
        "/wards/dallow/",
        "/wards/barnfield/",
        "/wards/neighbourhoods/west-central/",
        "/indicators/",
        "/indicators/infant-mortality/",
        "/indicators/social-progress-index/",
    ):
        assert re.search(rf"<loc>http://[^<]+{re.escape(path)}</loc>", body), path
