"""Projects and case studies show how to take part and contact details when given, and
nothing about them when not."""

import pytest

from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(home_page):
    return pf.organisation_page("Dallow Community Trust")


def test_project_with_details_shows_them_before_the_description(client, org):
    project = pf.project(
        org,
        "Cooking on a budget",
        description="What the project does.",
        how_to_take_part="Come along on Tuesdays.",
        contact_email="hello@example.org",
        contact_phone="01582 000000",
        website="https://example.org/cooking",
    )
    html = client.get(project.url).content.decode()
    assert html.index('id="take-part-heading"') < html.index("What the project does.")
    assert "Come along on Tuesdays." in html
    assert 'href="mailto:hello@example.org"' in html
    assert 'href="tel:01582000000"' in html
    assert 'href="https://example.org/cooking"' in html


def test_project_without_details_says_nothing_about_them(client, org):
    project = pf.project(org, "Quiet project")
    html = client.get(project.url).content.decode()
    assert "take-part-heading" not in html
    assert "website" not in html.lower().split("<main", 1)[1].split("</main>")[0]


def test_case_study_shows_how_to_take_part_in_its_project(client, org):
    project = pf.project(org, "Cooking on a budget", how_to_take_part="Come along on Tuesdays.")
    case = pf.case_study(org, "What we learnt cooking", related_project=project)
    html = client.get(case.url).content.decode()
    assert "How to take part in Cooking on a budget" in html
    assert "Come along on Tuesdays." in html
    assert f'href="{project.url}"' in html


def test_case_study_without_take_part_details_says_nothing(client, org):
    project = pf.project(org, "Cooking on a budget")
    with_project = pf.case_study(org, "With a quiet project", related_project=project)
    draft = pf.project(org, "Draft project", how_to_take_part="Not yet.", publish=False)
    with_draft = pf.case_study(org, "With a draft project", related_project=draft)
    alone = pf.case_study(org, "On its own")
    for case in (with_project, with_draft, alone):
        html = client.get(case.url).content.decode()
        assert "take-part-heading" not in html, case.title
        assert "Not yet." not in html
