import datetime

import pytest

from django.core.exceptions import ValidationError

from projects.models import OrganisationPage, ProjectPage, Sector
from tests import factories
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(home_page):
    pf.project_index()
    org = pf.organisation_page("eQuality Primary Care Network", Sector.NHS)
    housing = pf.priority_group("Housing and Health")
    image = factories.image("Zumba class")
    return pf.project(
        org,
        "Biscot Health and Wellbeing Hub",
        summary="Classes and events tailored to our community.",
        description="Weekly exercise classes.\n\nFortnightly community gardening.",
        status=ProjectPage.Status.ACTIVE,
        start_date=datetime.date(2023, 1, 9),
        who_it_is_for="Everyone is welcome.",
        how_to_take_part="Ask at the GP surgery.",
        contact_email="hub@example.org",
        contact_phone="01582 000000",
        website="https://hub.example.org/",
        funding="The Collaboration Fund.",
        principles=[factories.principle(6, "Strengthen ill health prevention")],
        wards=[factories.ward("Biscot", "West Central")],
        population_groups=[factories.population_group("Older people")],
        priority_group=housing,
        images=[(image, "People stretching in a church hall")],
    )


def test_project_page_shows_everything_residents_need(client, hub):
    response = client.get(hub.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Classes and events tailored to our community." in content
    assert "<p>Weekly exercise classes.</p>" in content
    assert "<p>Fortnightly community gardening.</p>" in content
    assert "Running now" in content
    assert "9 January 2023" in content
    assert "Everyone is welcome." in content
    assert "Older people" in content
    assert "Ask at the GP surgery." in content
    assert 'href="mailto:hub@example.org"' in content
    assert 'href="tel:01582000000"' in content
    assert 'href="https://hub.example.org/"' in content
    assert "The Collaboration Fund." in content
    assert 'alt="People stretching in a church hall"' in content
    assert "Run by <a" in content and "eQuality Primary Care Network" in content


def test_tags_link_to_the_filtered_library(client, hub):
    content = client.get(hub.url).content.decode()
    principle = hub.principles.get()
    assert f'href="/projects/?principle={principle.slug}"' in content
    assert 'href="/projects/?ward=biscot"' in content
    assert f'href="/projects/?priority={hub.priority_group.slug}"' in content
    assert 'href="/projects/?status=active"' in content
    # and every one of those links lands on a library that contains the project
    for query in (
        f"principle={principle.slug}",
        "ward=biscot",
        f"priority={hub.priority_group.slug}",
        "status=active",
    ):
        assert hub.title in [p.title for p in client.get(f"/projects/?{query}").context["results"]]


def test_open_graph_falls_back_to_the_first_picture(client, hub):
    content = client.get(hub.url).content.decode()
    assert 'property="og:title" content="Biscot Health and Wellbeing Hub"' in content
    assert 'property="og:image" content="http://testserver/' in content
    assert 'property="og:image:alt" content="People stretching in a church hall"' in content


def test_prize_badge_block_sits_under_the_heading():
    from pathlib import Path

    from django.conf import settings

    template = (Path(settings.BASE_DIR) / "templates/projects/project_page.html").read_text()
    h1 = template.index("<h1>{{ page.title }}</h1>")
    block = template.index("{% block prize_badge %}")
    assert h1 < block < template.index('<p class="lead">')


def test_related_case_studies_are_listed(client, hub):
    pf.case_study(title="Hub case study", related_project=hub)
    pf.case_study(title="Draft case study", related_project=hub, publish=False)
    pf.case_study(title="Unrelated case study")
    response = client.get(hub.url)
    assert [c.title for c in response.context["related_case_studies"]] == ["Hub case study"]
    assert "Draft case study" not in response.content.decode()


def test_organisation_comes_from_the_parent_page(hub):
    assert hub.organisation == OrganisationPage.objects.get().organisation


def test_end_date_before_start_date_is_refused(hub):
    hub.end_date = datetime.date(2022, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        hub.full_clean()
    assert "end_date" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "javascript:alert(1)"),
        ("website", "ftp://example.org/file"),
        ("website", "data:text/html,hi"),
        ("contact_phone", "call me maybe"),
        ("contact_email", "not-an-email"),
        ("summary", "x" * 401),
        ("title", "x" * 256),
    ],
)
def test_bad_field_values_are_refused_by_the_model(hub, field, value):
    setattr(hub, field, value)
    with pytest.raises(ValidationError) as excinfo:
        hub.full_clean()
    assert field in excinfo.value.message_dict


def test_organisation_website_must_be_http(home_page):
    page = pf.organisation_page("Linky")
    page.website = "javascript:alert(1)"
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "website" in excinfo.value.message_dict


def test_script_in_text_is_shown_escaped(client, home_page):
    pf.project_index()
    org = pf.organisation_page("Partner")
    page = pf.project(
        org,
        "Safe title",
        summary="<script>alert('s')</script>",
        description="<b>bold?</b>\n\n<script>alert('d')</script>",
        how_to_take_part="<a href='javascript:alert(1)'>click</a>",
    )
    ProjectPage.objects.filter(pk=page.pk).update(website="javascript:alert(1)")
    content = client.get(page.url).content.decode()
    assert "<script>alert(" not in content
    assert "&lt;script&gt;alert(" in content
    assert "javascript:" not in content.replace("&#x27;javascript:", "")
    assert 'href="javascript:' not in content
    listing = client.get("/projects/").content.decode()
    assert "<script>alert(" not in listing


def test_draft_project_is_not_public(client, home_page):
    org = pf.organisation_page("Partner")
    page = pf.project(org, "Draft only", publish=False)
    assert client.get(f"{org.url}{page.slug}/").status_code == 404


def test_a_newly_published_case_study_shows_on_a_page_already_seen(client, hub):
    assert "Published later" not in client.get(hub.url).content.decode()
    pf.case_study(title="Published later", related_project=hub)
    assert "Published later" in client.get(hub.url).content.decode()


def test_case_studies_behind_a_view_restriction_are_not_listed(client, hub):
    from wagtail.models import PageViewRestriction

    private = pf.case_study(title="Members only", related_project=hub)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    pf.case_study(title="Open to all", related_project=hub)
    response = client.get(hub.url)
    assert [c.title for c in response.context["related_case_studies"]] == ["Open to all"]
    assert "Members only" not in response.content.decode()


def test_breadcrumbs_lead_from_home_to_the_project(client, hub):
    html = client.get(hub.url).content.decode()
    trail = html[html.index('aria-label="Breadcrumb"') :]
    trail = trail[: trail.index("</nav>")]
    assert '<a href="/">Home</a>' in trail
    assert '<a href="/partners/">Partners</a>' in trail
    assert f'<a href="{hub.get_parent().url}">eQuality Primary Care Network</a>' in trail
    assert '<span aria-current="page">Biscot Health and Wellbeing Hub</span>' in trail
