import pytest

from priorities import demo
from priorities.models import PriorityGroupPage, PriorityIndexPage, PriorityUpdatePage
from tests import factories

pytestmark = pytest.mark.django_db

GROUP_SLUGS = [
    "business-employment-skills-and-health",
    "children-and-young-people",
    "housing-and-health",
    "net-zero",
]


class Ctx:
    def __init__(self, home):
        self.home = home
        self.with_users = False
        self.login_lines = []
        self.messages = []

    def log(self, message):
        self.messages.append(message)


@pytest.fixture
def loaded(home_page):
    for number in range(1, 9):
        factories.principle(number)
    ctx = Ctx(home_page)
    demo.load(ctx)
    return ctx


def test_demo_creates_the_groups_with_fixed_slugs_and_table_2_updates(loaded, client):
    index = PriorityIndexPage.objects.get()
    assert index.slug == "priorities" and index.show_in_menus and index.live
    groups = {g.slug: g for g in PriorityGroupPage.objects.child_of(index)}
    assert sorted(groups) == sorted(GROUP_SLUGS)
    besh = groups["business-employment-skills-and-health"]
    assert besh.title == "Business, Employment, Skills and Health"
    assert besh.short_name == "BESH"
    assert "working age residents" in besh.purpose
    assert besh.target_group_list == ["Businesses and employers", "Sub-groups of our population"]
    assert [p.number for p in besh.principles.all()] == [3]
    counts = {
        slug: PriorityUpdatePage.objects.child_of(g).live().count() for slug, g in groups.items()
    }
    assert counts == {
        "business-employment-skills-and-health": 2,
        "children-and-young-people": 3,
        "housing-and-health": 1,
        "net-zero": 0,
    }
    # The group page lists its updates in the report's order (same date, newest first).
    response = client.get(groups["children-and-young-people"].url)
    assert [u.slug for u in response.context["updates_page"]] == [
        "quality-improvement-project-on-family-income",
        "start-for-life-and-family-hubs",
        "health-equity-in-contracts-strategies-and-plans",
    ]
    # Every update says where it comes from and that its date and status are for the demo.
    for update in PriorityUpdatePage.objects.all():
        assert "Demo content" in str(update.body)


def test_demo_is_idempotent(loaded):
    before = PriorityGroupPage.objects.count(), PriorityUpdatePage.objects.count()
    demo.load(loaded)
    assert (PriorityGroupPage.objects.count(), PriorityUpdatePage.objects.count()) == before
    assert PriorityIndexPage.objects.count() == 1


def test_demo_pages_render(loaded, client):
    for page in [*PriorityGroupPage.objects.all(), *PriorityUpdatePage.objects.all()]:
        assert client.get(page.url).status_code == 200
    assert client.get("/priorities/").status_code == 200
    assert client.get("/priorities/feed/").status_code == 200
    assert client.get("/priorities/net-zero/feed/").status_code == 200
