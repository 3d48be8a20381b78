import pytest

from hetsite.core import demo as core_demo
from projects import demo
from projects.models import (
    OrganisationPage,
    PartnerIndexPage,
    PartnerOrganisation,
    ProjectIndexPage,
    ProjectPage,
    Sector,
)
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db

PRIORITY_SLUGS = {
    "business-employment-skills-and-health": "Business, Employment, Skills and Health",
    "children-and-young-people": "Children and Young People",
    "housing-and-health": "Housing and Health",
    "net-zero": "Net Zero",
}


class Ctx:
    def __init__(self, home):
        self.home = home
        self.with_users = False
        self.login_lines = []
        self.messages = []

    def log(self, message):
        self.messages.append(message)


@pytest.fixture
def ctx(home_page):
    core_demo.load_taxonomy(Ctx(home_page))
    for slug, title in PRIORITY_SLUGS.items():
        pf.priority_group(title, slug=slug)
    return Ctx(home_page)


def test_demo_creates_indexes_organisations_and_projects(client, ctx):
    demo.load(ctx)
    partners = PartnerIndexPage.objects.get()
    projects = ProjectIndexPage.objects.get()
    assert partners.url == "/partners/" and partners.show_in_menus and partners.live
    assert projects.url == "/projects/" and projects.show_in_menus and projects.live
    expected = {
        "equality-primary-care-network": ("eQuality Primary Care Network", Sector.NHS),
        "goodgym-luton": ("GoodGym Luton", Sector.VCSFE),
        "noah-enterprises": ("NOAH Enterprises", Sector.VCSFE),
    }
    for slug, (name, sector) in expected.items():
        org = PartnerOrganisation.objects.get(slug=slug)
        assert (org.name, org.sector) == (name, sector)
        page = OrganisationPage.objects.get(organisation=org)
        assert page.slug == slug and page.live
        assert page.url == f"/partners/{slug}/"
    # The report gives no websites, numbers or dates: nothing is invented.
    assert not PartnerOrganisation.objects.exclude(registration_number="").exists()
    assert not OrganisationPage.objects.exclude(website="").exists()
    assert not ProjectPage.objects.exclude(website="").exists()
    assert not ProjectPage.objects.filter(start_date__isnull=False).exists()
    assert not ProjectPage.objects.exclude(contact_email="").exists()
    # Members are the portal's business.
    assert not PartnerOrganisation.objects.filter(group__isnull=False).exists()


def test_demo_tags_projects_as_the_report_supports(ctx):
    demo.load(ctx)
    hub = ProjectPage.objects.get(slug="biscot-hub-classes-and-events")
    assert hub.organisation.slug == "equality-primary-care-network"
    assert [w.slug for w in hub.wards.all()] == ["biscot"]
    assert sorted(p.number for p in hub.principles.all()) == [5, 6]
    visits = ProjectPage.objects.get(slug="goodgym-luton-visits-to-older-people")
    assert [g.slug for g in visits.population_groups.all()] == ["older-people"]
    family_income = ProjectPage.objects.get(slug="improving-income-in-families")
    assert family_income.priority_group.slug == "children-and-young-people"
    discharge = ProjectPage.objects.get(slug="noah-hospital-discharge-support")
    assert discharge.priority_group.slug == "housing-and-health"
    assert discharge.organisation.slug == "noah-enterprises"


def test_demo_is_idempotent(ctx):
    demo.load(ctx)
    counts = (
        PartnerOrganisation.objects.count(),
        OrganisationPage.objects.count(),
        ProjectPage.objects.count(),
        PartnerIndexPage.objects.count(),
        ProjectIndexPage.objects.count(),
    )
    demo.load(ctx)
    assert counts == (
        PartnerOrganisation.objects.count(),
        OrganisationPage.objects.count(),
        ProjectPage.objects.count(),
        PartnerIndexPage.objects.count(),
        ProjectIndexPage.objects.count(),
    )
    assert counts[0] >= 8 and counts[2] >= 10


def test_demo_pages_render(client, ctx):
    demo.load(ctx)
    for url in ("/partners/", "/projects/", "/partners/goodgym-luton/"):
        assert client.get(url).status_code == 200
    hub = ProjectPage.objects.get(slug="biscot-hub-classes-and-events")
    response = client.get(hub.url)
    assert response.status_code == 200
    assert b"St Andrew" in response.content
    assert "Biscot" in [
        label
        for _, label in client.get("/projects/").context["filter"].form.fields["ward"].choices
    ]


def test_demo_tolerates_missing_priority_groups(home_page):
    # Run without the priorities demo: projects keep a blank priority, nothing fails.
    ctx = Ctx(home_page)
    core_demo.load_taxonomy(ctx)
    factories.home_page()
    demo.load(ctx)
    assert not ProjectPage.objects.filter(priority_group__isnull=False).exists()
