import pytest

from projects.models import ProjectPage, Sector
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    """Two organisations, three live projects, one draft, tagged differently."""
    biscot = factories.ward("Biscot", "West Central")
    dallow = factories.ward("Dallow", "West Central")
    factories.ward("Barnfield", "North Luton")  # exists but unused: never offered
    best_start = factories.principle(1, "Give every child the best start in life")
    prevention = factories.principle(6, "Strengthen ill health prevention")
    factories.principle(8, "Sustainability")  # unused
    housing = pf.priority_group("Housing and Health")
    cyp = pf.priority_group("Children and Young People")
    nhs = pf.organisation_page("eQuality Primary Care Network", Sector.NHS)
    vcsfe = pf.organisation_page("GoodGym Luton", Sector.VCSFE)
    index = pf.project_index()
    hub = pf.project(
        nhs,
        "Biscot Health and Wellbeing Hub",
        principles=[prevention],
        wards=[biscot],
        status=ProjectPage.Status.ACTIVE,
        summary="Exercise classes, gardening and coffee mornings in Biscot.",
    )
    runs = pf.project(
        vcsfe,
        "Group runs",
        principles=[prevention, best_start],
        wards=[dallow],
        priority_group=housing,
        status=ProjectPage.Status.ACTIVE,
        summary="Running every Wednesday evening, whatever the weather.",
    )
    visits = pf.project(
        vcsfe,
        "Visits to older people",
        status=ProjectPage.Status.PLANNED,
        priority_group=cyp,
        summary="Social visits over a cup of tea.",
    )
    draft = pf.project(vcsfe, "Secret draft project", publish=False, wards=[biscot])
    return {
        "index": index,
        "hub": hub,
        "runs": runs,
        "visits": visits,
        "draft": draft,
        "biscot": biscot,
        "dallow": dallow,
        "prevention": prevention,
        "best_start": best_start,
        "housing": housing,
    }


ALL_NEWEST_FIRST = ["Visits to older people", "Group runs", "Biscot Health and Wellbeing Hub"]


def titles(response):
    return [p.title for p in response.context["results"]]


def test_lists_every_live_project_newest_first(client, library):
    response = client.get("/projects/")
    assert response.status_code == 200
    assert titles(response) == ALL_NEWEST_FIRST
    assert response.context["result_count"] == 3
    assert b"Secret draft project" not in response.content
    assert b'name="robots"' not in response.content


def test_filters_by_principle_or_within_and_across_facets(client, library):
    slug_p = library["prevention"].slug
    slug_b = library["best_start"].slug
    response = client.get(f"/projects/?principle={slug_b}")
    assert titles(response) == ["Group runs"]
    response = client.get(f"/projects/?principle={slug_b}&principle={slug_p}")
    assert set(titles(response)) == {"Group runs", "Biscot Health and Wellbeing Hub"}
    response = client.get(f"/projects/?principle={slug_p}&ward=biscot")
    assert titles(response) == ["Biscot Health and Wellbeing Hub"]
    assert b'<meta name="robots" content="noindex">' in response.content


def test_filters_by_ward_priority_status_and_sector(client, library):
    assert set(titles(client.get("/projects/?ward=biscot&ward=dallow"))) == {
        "Group runs",
        "Biscot Health and Wellbeing Hub",
    }
    assert titles(client.get(f"/projects/?priority={library['housing'].slug}")) == ["Group runs"]
    assert titles(client.get("/projects/?status=planned")) == ["Visits to older people"]
    assert titles(client.get("/projects/?sector=nhs")) == ["Biscot Health and Wellbeing Hub"]


def test_only_facets_in_use_are_offered(client, library):
    form = client.get("/projects/").context["filter"].form
    assert [v for v, _ in form.fields["ward"].choices] == ["biscot", "dallow"]
    assert [v for v, _ in form.fields["principle"].choices] == ["principle-1", "principle-6"]
    assert [v for v, _ in form.fields["status"].choices if v] == ["planned", "active"]
    assert [v for v, _ in form.fields["sector"].choices if v] == ["vcsfe", "nhs"]
    content = client.get("/projects/").content.decode()
    assert "Barnfield" not in content
    assert "Completed" not in content


def test_search_finds_text_and_combines_with_filters(client, library):
    response = client.get("/projects/?q=Wednesday")
    assert titles(response) == ["Group runs"]
    assert b'<meta name="robots" content="noindex">' in response.content
    assert "Search: “Wednesday”" in response.content.decode()
    response = client.get("/projects/?q=Wednesday&ward=biscot")
    assert titles(response) == []
    assert b"No projects match these filters" in response.content
    response = client.get(f"/projects/?q=Biscot&principle={library['prevention'].slug}")
    assert titles(response) == ["Biscot Health and Wellbeing Hub"]


def test_active_filters_can_be_removed_one_by_one(client, library):
    slug_p = library["prevention"].slug
    response = client.get(f"/projects/?principle={slug_p}&ward=biscot&ward=dallow&page=1")
    active = {a["label"]: a["remove_url"] for a in response.context["active_filters"]}
    assert set(active) == {"Strengthen ill health prevention", "Biscot", "Dallow"}
    assert active["Biscot"] == f"/projects/?principle={slug_p}&ward=dallow"
    assert active["Strengthen ill health prevention"] == "/projects/?ward=biscot&ward=dallow"
    assert 'href="/projects/">Clear all filters' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=9999",
        "page=-1",
        "ward=atlantis",
        "ward=biscot&ward=atlantis",
        "principle=%00",
        "priority=no-such-group",
        "status=exploded",
        "sector=<script>",
        "q=" + "x" * 5000,
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
        "q=%22%27%29%3B--",
        "q=AND OR NOT *",
    ],
)
def test_bad_input_never_breaks_the_page(client, library, query):
    response = client.get(f"/projects/?{query}")
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


def test_unknown_values_show_an_error_by_the_facet_and_are_ignored(client, library):
    response = client.get("/projects/?ward=biscot&ward=atlantis")
    assert titles(response) == ALL_NEWEST_FIRST
    content = response.content.decode()
    assert 'id="id_ward-error"' in content
    assert 'aria-describedby="id_ward-error"' in content
    assert b'<meta name="robots" content="noindex">' in response.content


def test_overlong_search_gets_an_error_by_the_field(client, library):
    response = client.get("/projects/?q=" + "x" * 201)
    content = response.content.decode()
    assert 'id="id_q-error"' in content
    assert "at most 200 characters" in content
    assert len(titles(response)) == 3


def test_pagination_keeps_the_filters(client, home_page):
    org = pf.organisation_page("Busy partner")
    ward = factories.ward("High Town", "South and Town Centre")
    pf.project_index()
    for n in range(14):
        pf.project(org, f"Project {n:02d}", wards=[ward])
    response = client.get("/projects/?ward=high-town")
    assert len(response.context["results"]) == 12
    content = response.content.decode()
    assert 'href="?ward=high-town&amp;page=2"' in content
    response = client.get("/projects/?ward=high-town&page=2")
    assert len(response.context["results"]) == 2
    assert client.get("/projects/?ward=high-town&page=9999").context["page_obj"].number == 2


def test_empty_library_has_a_helpful_message(client, home_page):
    pf.project_index()
    response = client.get("/projects/")
    assert response.status_code == 200
    assert b"0 projects" in response.content
    assert b"No projects match" in response.content


def test_a_long_ward_list_folds_away_in_the_projects_and_partners_filters(client, home_page):
    pf.project_index()
    organisation = pf.organisation_page("GoodGym Luton", Sector.VCSFE)
    wards = [factories.ward(name) for name in factories.MANY_WARDS]
    organisation.wards.set(wards)
    organisation.save_revision().publish()
    for n, ward in enumerate(wards):
        pf.project(organisation, f"Project {n}", wards=[ward])
    for url in ("/projects/", "/partners/"):
        html = client.get(url).content.decode()
        assert '<details class="facet-disclosure">' in html, url
        assert "<span>Lewsey</span>" in html, url
        html = client.get(f"{url}?ward=lewsey").content.decode()
        assert '<details class="facet-disclosure" open>' in html, url
        assert "(1 chosen)" in html, url


def test_search_words_are_sanitised_the_same_way_everywhere():
    """One sanitiser for the libraries and the site search: words only, lower case."""
    from hetsite.core.filters import search_terms

    assert search_terms('"Allotment" AND (garden*) NEAR(') == "allotment and garden near"
    assert search_terms("!!! ' \" * ( )") == ""
    assert search_terms("café\x00Ünïcode") == "café ünïcode"
    assert len(search_terms("word " * 50).split()) == 20
