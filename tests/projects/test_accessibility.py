"""Valid HTML (Nu HTML Checker), WCAG 2.2 AA (axe-core) and no-JavaScript use of the
partner directory, the project library and the organisation and project pages."""

import pytest

from projects.models import ProjectPage, Sector
from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html
from tests.projects import factories as pf


def build_site():
    """A small but complete set of pages; returns {name: url} for every state to check."""
    biscot = factories.ward("Biscot", "West Central")
    dallow = factories.ward("Dallow", "West Central")
    principle = factories.principle(6, "Strengthen the role and impact of ill health prevention")
    pf.project_index()
    housing = pf.priority_group("Housing and Health")
    org = pf.organisation_page(
        "eQuality Primary Care Network",
        Sector.NHS,
        wards=[biscot, dallow],
        logo=factories.image("Logo"),
        website="https://equality.example.org/",
    )
    pf.organisation_page("GoodGym Luton", Sector.VCSFE)
    project = pf.project(
        org,
        "Biscot Health and Wellbeing Hub",
        status=ProjectPage.Status.ACTIVE,
        who_it_is_for="Everyone is welcome.",
        how_to_take_part="Ask at reception.",
        contact_email="hub@example.org",
        contact_phone="01582 000000",
        funding="The Collaboration Fund.",
        principles=[principle],
        wards=[biscot],
        population_groups=[factories.population_group("Families")],
        priority_group=housing,
        listing_image=factories.image("Card"),
        images=[(factories.image("Class"), "A chair-based exercise class")],
    )
    pf.case_study(org, "Biscot hub case study", related_project=project)
    return {
        "partners": "/partners/",
        "partners filtered": "/partners/?sector=nhs&ward=biscot",
        "partners bad filter": "/partners/?ward=atlantis&sector=nope",
        "organisation": org.url,
        "projects": "/projects/",
        "projects filtered": f"/projects/?principle={principle.slug}&ward=biscot&status=active",
        "projects searched": "/projects/?q=Biscot",
        "projects empty": "/projects/?q=nothingmatchesthis",
        "projects bad input": "/projects/?ward=atlantis&q=" + "x" * 250,
        "project": project.url,
    }


@pytest.mark.django_db
def test_public_pages_are_valid_html(client, home_page):
    documents = {}
    for name, url in build_site().items():
        response = client.get(url)
        assert response.status_code == 200, name
        content = response.content.decode()
        assert content.count("<h1") == 1, name
        assert "style=" not in content and "<script" not in content, name
        documents[name] = content
    assert_valid_html(documents)


@pytest.mark.browser
def test_public_pages_have_no_axe_violations(transactional_db, browser_page):
    factories.home_page()
    for url in build_site().values():
        browser_page.goto(url)
        assert_no_axe_violations(browser_page)


@pytest.mark.browser
def test_filters_and_search_work_without_javascript(transactional_db, browser, live_server):
    factories.home_page()
    build_site()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/projects/")
        page.get_by_label("Biscot").check()
        page.get_by_label("Status").select_option("active")
        page.get_by_role("button", name="Show projects").click()
        assert "ward=biscot" in page.url and "status=active" in page.url
        assert page.get_by_role("heading", name="1 project").is_visible()
        page.get_by_role("link", name="Biscot (remove this filter)").click()
        assert "ward=" not in page.url and "status=active" in page.url

        page.goto("/partners/")
        page.get_by_label("Type of organisation").select_option("vcsfe")
        page.get_by_role("button", name="Show organisations").click()
        assert page.get_by_role("heading", name="1 organisation").is_visible()
        assert page.get_by_role("link", name="GoodGym Luton").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_filter_controls_are_keyboard_reachable_with_visible_targets(
    transactional_db, browser_page
):
    factories.home_page()
    build_site()
    browser_page.goto("/projects/")
    box = browser_page.get_by_label("Biscot").bounding_box()
    label_box = browser_page.locator("label[for='id_ward_0']").bounding_box()
    assert label_box["height"] >= 24 and box["width"] >= 20
    browser_page.get_by_label("Biscot").focus()
    browser_page.keyboard.press("Space")
    assert browser_page.get_by_label("Biscot").is_checked()
