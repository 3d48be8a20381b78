"""/api/v2/ pages: live, public projects, case studies and organisations only, from their
published version, without personal or internal fields."""

import json

import pytest

from wagtail.models import PageViewRestriction

from api.endpoints import ENDPOINTS, FIELD_SERIALIZERS, PublicPagesAPIViewSet
from hetsite.core.models import StandardPage
from tests import factories
from tests.projects import factories as pf

# Seeded into every page below: none of it may ever appear in an answer.
SECRETS = {
    "contact_email": "private-inbox@example.org",
    "contact_phone": "01582 900123",
    "authors": "Jane Privatename",
    "acknowledgements": "With thanks to Joe Secretperson",
    "registration_number": "REG-SECRET-4242",
}

PROJECT_FIELDS = {
    "id",
    "meta",
    "title",
    "listing_summary",
    "summary",
    "description",
    "status",
    "start_date",
    "end_date",
    "who_it_is_for",
    "how_to_take_part",
    "website",
    "funding",
    "organisation",
    "wards",
    "population_groups",
    "principles",
    "priority_group",
}
CASE_STUDY_FIELDS = {
    "id",
    "meta",
    "title",
    "listing_summary",
    "organisation_name",
    "organisation",
    "year",
    "about",
    "what_we_did",
    "partners",
    "achievements",
    "learning",
    "whats_next",
    "wards",
    "neighbourhood",
    "population_groups",
    "principles",
    "priority_group",
    "related_project",
}
ORGANISATION_FIELDS = {
    "id",
    "meta",
    "title",
    "listing_summary",
    "description",
    "website",
    "organisation",
    "wards",
}
META_FIELDS = {"type", "detail_url", "html_url", "slug", "first_published_at", "last_published_at"}


@pytest.fixture
def site(home_page):
    ward = factories.ward("Biscot")
    principle = factories.principle(2, "Maximise capability")
    group = pf.priority_group("Housing and Health")
    org_page = pf.organisation_page("Active Luton", wards=[ward], website="https://active.example")
    org = org_page.organisation
    org.registration_number = SECRETS["registration_number"]
    org.save()
    project = pf.project(
        org_page,
        title="Walking for health",
        wards=[ward],
        principles=[principle],
        priority_group=group,
        contact_email=SECRETS["contact_email"],
        contact_phone=SECRETS["contact_phone"],
        website="https://walks.example",
    )
    study = pf.case_study(
        org_page,
        title="Walks that worked",
        authors=SECRETS["authors"],
        acknowledgements=SECRETS["acknowledgements"],
        related_project=project,
        priority_group=group,
    )
    study.wards.set([ward])
    study.principles.set([principle])
    study.save_revision().publish()
    return {
        "org_page": org_page,
        "project": project,
        "study": study,
        "ward": ward,
        "group": group,
        "principle": principle,
    }


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    return response


def titles(client, endpoint, query=""):
    items = get(client, f"/api/v2/{endpoint}/{query}").json()["items"]
    return [item["title"] for item in items]


def assert_no_secrets(response):
    body = response.content.decode()
    for value in SECRETS.values():
        assert value not in body
    # Nor any of Wagtail's internal page fields, at any depth.
    for key in ("owner", "locked", "draft_title", "latest_revision", "live_revision", "path"):
        assert f'"{key}"' not in body


@pytest.mark.django_db
def test_live_pages_are_listed_with_their_public_fields(client, site):
    response = get(client, "/api/v2/projects/")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["title"] == "Walking for health"
    assert item["meta"]["html_url"] == "http://testserver" + site["project"].url
    assert item["meta"]["detail_url"] == f"http://testserver/api/v2/projects/{site['project'].pk}/"
    assert item["meta"]["type"] == "projects.ProjectPage"
    assert item["meta"]["first_published_at"]
    assert item["listing_summary"] == "Walking for health in a sentence."
    assert item["wards"] == [{"name": "Biscot", "slug": "biscot"}]
    assert item["principles"] == [
        {"name": "Maximise capability", "slug": "principle-2", "number": 2}
    ]
    assert item["priority_group"] == {
        "id": site["group"].pk,
        "title": "Housing and Health",
        "html_url": "http://testserver" + site["group"].url,
    }
    assert item["organisation"] == {
        "name": "Active Luton",
        "slug": "active-luton",
        "sector": "vcsfe",
        "html_url": "http://testserver" + site["org_page"].url,
    }
    assert item["website"] == "https://walks.example"

    assert titles(client, "case-studies") == ["Walks that worked"]
    assert titles(client, "organisations") == ["Active Luton"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint, key, fields",
    [
        ("projects", "project", PROJECT_FIELDS),
        ("case-studies", "study", CASE_STUDY_FIELDS),
        ("organisations", "org_page", ORGANISATION_FIELDS),
    ],
)
def test_detail_and_every_field_show_no_personal_or_internal_field(
    client, site, endpoint, key, fields
):
    page = site[key]
    detail = get(client, f"/api/v2/{endpoint}/{page.pk}/")
    assert set(detail.json()) == fields
    assert set(detail.json()["meta"]) == META_FIELDS
    assert_no_secrets(detail)

    everything = get(client, f"/api/v2/{endpoint}/?fields=*")
    [item] = everything.json()["items"]
    assert set(item) == fields
    assert_no_secrets(everything)
    assert_no_secrets(get(client, f"/api/v2/{endpoint}/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?fields=contact_email",
        "?fields=owner",
        "?fields=authors",
        "?fields=organisation(registration_number)",
        f"?contact_email={SECRETS['contact_email']}",
        "?order=contact_phone",
        "?type=core.StandardPage",
        "?site=testserver",
    ],
)
def test_hidden_fields_cannot_be_asked_for_filtered_or_ordered_on(client, site, query):
    response = get(client, f"/api/v2/projects/{query}", status=400)
    assert "message" in response.json()
    assert_no_secrets(response)


@pytest.mark.django_db
def test_case_study_body_is_public(client, site):
    data = get(client, f"/api/v2/case-studies/{site['study'].pk}/").json()
    assert data["about"] == "About the project."
    assert data["what_we_did"] == "What we did."
    assert data["related_project"]["title"] == "Walking for health"
    assert data["organisation_name"] == "A partner"
    assert data["year"] == 2024


@pytest.mark.django_db
def test_a_draft_never_published_is_absent(client, site):
    draft = pf.project(site["org_page"], title="Secret plans", publish=False)
    assert "Secret plans" not in titles(client, "projects")
    get(client, f"/api/v2/projects/{draft.pk}/", status=404)
    draft_study = pf.case_study(site["org_page"], title="Unfinished study", publish=False)
    assert "Unfinished study" not in titles(client, "case-studies")
    get(client, f"/api/v2/case-studies/{draft_study.pk}/", status=404)


@pytest.mark.django_db
def test_unpublished_changes_show_the_published_version(client, site):
    project = site["project"]
    project.title = "Renamed in draft"
    project.summary = "A draft summary nobody approved."
    project.save_revision()

    listing = get(client, "/api/v2/projects/")
    detail = get(client, f"/api/v2/projects/{project.pk}/")
    for response in (listing, detail):
        body = response.content.decode()
        assert "Walking for health" in body
        assert "Renamed in draft" not in body
        assert "A draft summary nobody approved." not in body


@pytest.mark.django_db
def test_unpublishing_removes_a_page(client, site):
    site["study"].unpublish()
    assert titles(client, "case-studies") == []
    # The case study's related project stays; the project is still live.
    assert titles(client, "projects") == ["Walking for health"]


@pytest.mark.django_db
@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_pages_under_a_view_restriction_are_absent(client, site, restriction_type):
    extra = {"password": "letmein"} if restriction_type == "password" else {}
    PageViewRestriction.objects.create(
        page=site["project"], restriction_type=restriction_type, **extra
    )
    assert titles(client, "projects") == []
    get(client, f"/api/v2/projects/{site['project'].pk}/", status=404)
    # The case study that names it no longer links to it.
    data = get(client, f"/api/v2/case-studies/{site['study'].pk}/").json()
    assert data["related_project"] is None


@pytest.mark.django_db
def test_a_restriction_on_an_ancestor_hides_everything_below_it(client, site):
    PageViewRestriction.objects.create(page=site["org_page"], restriction_type="login")
    assert titles(client, "projects") == []
    assert titles(client, "case-studies") == []
    assert titles(client, "organisations") == []


@pytest.mark.django_db
def test_related_pages_that_are_not_live_show_as_null(client, site):
    site["group"].unpublish()
    item = get(client, "/api/v2/projects/").json()["items"][0]
    assert item["priority_group"] is None
    assert "Housing and Health" not in get(client, "/api/v2/projects/").content.decode()


@pytest.mark.django_db
def test_other_page_types_are_not_served(client, site, home_page):
    about = factories.add_page(home_page, StandardPage(title="About us", slug="about", body=[]))
    get(client, f"/api/v2/projects/{about.pk}/", status=404)
    get(client, f"/api/v2/projects/{site['org_page'].pk}/", status=404)
    get(client, "/api/v2/projects/?child_of=root")  # the filter works, on projects only
    for endpoint in ("projects", "case-studies", "organisations"):
        assert "About us" not in get(client, f"/api/v2/{endpoint}/").content.decode()
    # No endpoint for every page, images or documents.
    for endpoint in ("pages", "images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/").status_code == 404


@pytest.mark.django_db
def test_search_and_order_see_live_public_pages_only(client, site):
    pf.project(site["org_page"], title="Walking in secret", publish=False)
    other = pf.project(site["org_page"], title="Walking behind a password")
    PageViewRestriction.objects.create(page=other, restriction_type="password", password="x")
    assert titles(client, "projects", "?search=walking") == ["Walking for health"]
    pf.project(site["org_page"], title="Art club")
    assert titles(client, "projects", "?order=title") == ["Art club", "Walking for health"]
    assert titles(client, "projects", "?order=-title") == ["Walking for health", "Art club"]


@pytest.mark.django_db
def test_open_to_other_sites_scripts(client, site):
    response = get(client, "/api/v2/projects/")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_projects_of_one_organisation(client, site):
    other = pf.organisation_page("Other Org")
    pf.project(other, title="Other project")
    query = f"?child_of={site['org_page'].pk}"
    assert titles(client, "projects", query) == ["Walking for health"]
    query = f"?organisation={site['org_page'].organisation_id}"
    assert titles(client, "projects", query) == ["Walking for health"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("endpoint", ["projects", "case-studies", "organisations"])
def test_writing_is_refused(client, site, method, endpoint):
    page = {"projects": "project", "case-studies": "study", "organisations": "org_page"}
    pk = site[page[endpoint]].pk
    for path in (f"/api/v2/{endpoint}/", f"/api/v2/{endpoint}/{pk}/"):
        response = getattr(client, method)(
            path, data=json.dumps({"title": "Hacked"}), content_type="application/json"
        )
        assert response.status_code == 405
    assert "Hacked" not in get(client, f"/api/v2/{endpoint}/{pk}/").content.decode()


@pytest.mark.django_db
def test_signing_in_shows_nothing_more(client, site, editor):
    draft = pf.project(site["org_page"], title="Secret plans", publish=False)
    PageViewRestriction.objects.create(page=site["study"], restriction_type="login")
    client.force_login(editor)
    assert titles(client, "projects") == ["Walking for health"]
    get(client, f"/api/v2/projects/{draft.pk}/", status=404)
    assert titles(client, "case-studies") == []


@pytest.mark.django_db
def test_at_most_fifty_items_a_request(client, site):
    assert get(client, "/api/v2/projects/?limit=50").json()["meta"]["total_count"] == 1
    response = get(client, "/api/v2/projects/?limit=51", status=400)
    assert response.json() == {"message": "limit cannot be higher than 50"}


def test_every_related_field_has_its_own_serializer():
    """A relation added to ``api_fields`` without one would nest the related object's
    own fields (Wagtail's default), which nobody has checked for personal data."""
    page_endpoints = [e for e in ENDPOINTS if issubclass(e, PublicPagesAPIViewSet)]
    assert len(page_endpoints) == 3
    for endpoint in page_endpoints:
        model = endpoint.model
        for name in endpoint.get_body_fields_names(model):
            if name != "id" and model._meta.get_field(name).is_relation:
                assert name in FIELD_SERIALIZERS, (model, name)
