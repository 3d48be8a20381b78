import pytest

from projects.models import OrganisationPage, Sector
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def noah(home_page):
    biscot = factories.ward("Biscot", "West Central")
    pf.project_index()
    logo = factories.image("NOAH logo")
    page = pf.organisation_page(
        "NOAH Enterprises",
        Sector.VCSFE,
        wards=[biscot],
        logo=logo,
        website="https://noah.example.org/",
        description="NOAH takes a holistic approach.\n\nWelfare services are at its heart.",
    )
    page.organisation.registration_number = "1234567"
    page.organisation.save()
    return page


def test_profile_shows_logo_description_website_sector_and_wards(client, noah):
    response = client.get(noah.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'alt="NOAH Enterprises"' in content
    assert "<p>NOAH takes a holistic approach.</p>" in content
    assert "<p>Welfare services are at its heart.</p>" in content
    assert 'href="https://noah.example.org/"' in content
    assert 'href="/partners/?sector=vcsfe"' in content
    assert 'href="/partners/?ward=biscot">Biscot</a>' in content
    assert "1234567" in content


def test_profile_lists_only_its_own_live_projects_and_case_studies(client, noah):
    other = pf.organisation_page("GoodGym Luton")
    pf.project(noah, "Hospital discharge support")
    pf.project(noah, "A draft idea", publish=False)
    pf.project(other, "Group runs")
    pf.case_study(noah, "Homelessness and exclusion")
    pf.case_study(noah, "Unfinished story", publish=False)
    # An editor-written case study credited to the organisation counts too.
    pf.case_study(title="Editor written about NOAH", organisation=noah.organisation)
    pf.case_study(other, "Getting fit by doing good")
    response = client.get(noah.url)
    assert [p.title for p in response.context["projects"]] == ["Hospital discharge support"]
    assert {c.title for c in response.context["case_studies"]} == {
        "Homelessness and exclusion",
        "Editor written about NOAH",
    }
    content = response.content.decode()
    for hidden in ("A draft idea", "Group runs", "Unfinished story", "Getting fit by doing good"):
        assert hidden not in content


def test_no_member_personal_data_on_the_profile(client, noah):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Partner: NOAH Enterprises")
    noah.organisation.group = group
    noah.organisation.save()
    member = factories.user("noahmember", first_name="Shenaz", last_name="Private")
    member.groups.add(group)
    content = client.get(noah.url).content.decode()
    assert "noahmember" not in content
    assert "Private" not in content
    assert "@example.org" not in content


def test_hostile_text_is_escaped_and_unsafe_links_are_dropped(client, home_page):
    page = pf.organisation_page(
        "Hostile <script>alert(1)</script> Ltd", description="<img src=x onerror=alert(1)>"
    )
    # Stored past validation (a script, an old row): the template still will not link it.
    OrganisationPage.objects.filter(pk=page.pk).update(website="javascript:alert(1)")
    content = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "javascript:" not in content


def test_empty_profile_says_so(client, home_page):
    page = pf.organisation_page("New partner")
    content = client.get(page.url).content.decode()
    assert "has no projects published here yet" in content
    assert "has no case studies published here yet" in content
    assert "Across Luton" in content


def test_projects_behind_a_view_restriction_are_not_listed(client, noah):
    from wagtail.models import PageViewRestriction

    private = pf.project(noah, "Members only project")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    pf.project(noah, "Open project")
    response = client.get(noah.url)
    assert [p.title for p in response.context["projects"]] == ["Open project"]
    assert "Members only project" not in response.content.decode()


def test_a_project_published_later_shows_on_a_profile_already_seen(client, noah):
    assert "has no projects published here yet" in client.get(noah.url).content.decode()
    pf.project(noah, "Started this week")
    html = client.get(noah.url).content.decode()
    assert "Started this week" in html
    assert "has no projects published here yet" not in html


def test_no_website_means_no_get_in_touch_line(client, home_page):
    from tests.projects import factories as pf

    page = pf.organisation_page("Quiet Group", website="")
    content = client.get(page.url).content.decode()
    assert "Get in touch" not in content
    assert "not listed a website" not in content
