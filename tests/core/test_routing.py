"""The home page resolves a whole URL at once, with Wagtail's routing semantics."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hetsite.core.models import StandardPage
from tests.factories import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    about = add_page(home_page, StandardPage(title="About", slug="about", body=[]))
    team = add_page(about, StandardPage(title="Our team", slug="team", body=[]))
    draft = add_page(about, StandardPage(title="Draft", slug="draft", body=[]), publish=False)
    # The same slug elsewhere in the tree must not be mistaken for the one asked for.
    other = add_page(home_page, StandardPage(title="Other", slug="other", body=[]))
    add_page(other, StandardPage(title="Other team", slug="team", body=[]))
    return about, team, draft


def test_a_deep_page_is_found_with_its_parents(tree, client):
    about, team, _ = tree
    response = client.get("/about/team/")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.pk == team.pk
    assert [p.title for p in page.breadcrumb_ancestors()] == ["Home", "About"]


def test_unknown_and_unpublished_paths_are_404(tree, client):
    assert client.get("/about/nobody/").status_code == 404
    assert client.get("/nowhere/team/").status_code == 404
    assert client.get("/about/draft/").status_code == 404
    assert client.get("/other/team/").context["page"].title == "Other team"


def test_routing_costs_the_same_at_any_depth(tree, client, home_page):
    level = home_page
    for depth in range(4):
        level = add_page(level, StandardPage(title=f"Level {depth}", slug=f"l{depth}", body=[]))
    client.get("/about/")
    client.get("/l0/l1/l2/l3/")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count("/l0/l1/l2/l3/") == count("/about/")


def test_view_restrictions_on_an_ancestor_still_apply(tree, client):
    from wagtail.models import PageViewRestriction

    about, _, _ = tree
    PageViewRestriction.objects.create(page=about, restriction_type="login")
    response = client.get("/about/team/")
    assert response.status_code == 302
    assert "login" in response["Location"]
