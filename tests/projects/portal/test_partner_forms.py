"""The partner journey's forms: wards and website on the application, titled sections,
wards grouped by neighbourhood, "Save and preview" and the GOV.UK error summary."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import reverse

from wagtail.models import Revision

from portal.applications import approve_application
from projects.models import OrganisationPage, PartnerApplication, ProjectPage
from tests import factories

from . import factories as pf
from .test_applications import APPLY, application_data

NEW_PROJECT = reverse("projects:portal_project_new")


@pytest.fixture
def wards(db):
    return {
        "biscot": factories.ward("Biscot", "West Central"),
        "dallow": factories.ward("Dallow", "West Central"),
        "stopsley": factories.ward("Stopsley", "North Luton"),
    }


@pytest.fixture
def member_client(member_a):
    client = Client()
    client.force_login(member_a)
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def legend_text(fieldset):
    return fieldset.find("legend", recursive=False).get_text(" ", strip=True)


def ward_groups(document, name="wards"):
    """{neighbourhood legend: [ward labels]} from the wards field's nested fieldsets."""
    field = document.find("input", {"name": name}).find_parent("fieldset").find_parent("fieldset")
    groups = {}
    for group in field.find_all("fieldset", recursive=True):
        labels = [label.get_text(strip=True) for label in group.find_all("label")]
        groups[legend_text(group)] = labels
    return field, groups


def test_application_asks_for_wards_grouped_by_neighbourhood_and_website(client, wards):
    document = soup(client.get(APPLY))
    field, groups = ward_groups(document)
    assert legend_text(field).startswith("Wards you work in")
    assert groups == {"North Luton": ["Stopsley"], "West Central": ["Biscot", "Dallow"]}
    assert document.find("input", {"name": "across_luton", "type": "checkbox"})
    assert document.find("input", {"name": "website", "type": "url"})
    sections = [legend_text(f) for f in document.select("fieldset.portal-section")]
    assert sections == ["About your organisation", "Where you work", "How we contact you"]


def test_approved_application_gives_the_organisation_page_its_wards_and_website(
    client, wards, editor, on_commit
):
    pf.partner_index()
    data = application_data(website="https://walks.example.org")
    data["wards"] = [wards["biscot"].pk, wards["stopsley"].pk]
    with on_commit():
        assert client.post(APPLY, data).status_code == 302
    application = PartnerApplication.objects.get()
    assert set(application.wards.all()) == {wards["biscot"], wards["stopsley"]}

    with on_commit():
        organisation = approve_application(application.pk, editor)
    page = OrganisationPage.objects.get(organisation=organisation)
    assert set(page.wards.all()) == {wards["biscot"], wards["stopsley"]}
    assert page.website == "https://walks.example.org"
    html = client.get(page.url).content.decode()
    assert "Biscot" in html and "Stopsley" in html and "Dallow" not in html
    assert "Across Luton" not in html
    assert 'href="https://walks.example.org"' in html


def test_across_luton_gives_no_wards_and_wards_with_it_are_refused(client, wards, editor):
    pf.partner_index()
    both = application_data(across_luton="on", wards=[wards["dallow"].pk])
    response = client.post(APPLY, both)
    assert response.status_code == 400
    assert not PartnerApplication.objects.exists()
    assert soup(response).select_one("#error-summary a[href='#id_across_luton']")

    assert client.post(APPLY, application_data(across_luton="on")).status_code == 302
    organisation = approve_application(PartnerApplication.objects.get().pk, editor)
    page = OrganisationPage.objects.get(organisation=organisation)
    assert not page.wards.exists()
    assert "Across Luton" in client.get(page.url).content.decode()


def test_project_form_is_in_titled_sections_with_wards_grouped(member_client, org_a, wards):
    document = soup(member_client.get(NEW_PROJECT))
    sections = {
        legend_text(f): [i["name"] for i in f.find_all(["input", "textarea", "select"])]
        for f in document.select("fieldset.portal-section")
    }
    assert list(sections) == ["About the project", "Where and who", "How to take part", "Pictures"]
    assert "title" in sections["About the project"]
    assert "wards" in sections["Where and who"]
    assert "how_to_take_part" in sections["How to take part"]
    assert "new-image" in sections["Pictures"]
    _, groups = ward_groups(document)
    assert groups == {"North Luton": ["Stopsley"], "West Central": ["Biscot", "Dallow"]}


def test_save_and_preview_on_the_first_save(member_client, org_a):
    assert not ProjectPage.objects.exists()
    response = member_client.post(NEW_PROJECT, pf.project_post_data(action="preview"))
    page = ProjectPage.objects.get(title="Walk and talk")
    assert response.status_code == 302
    assert response.url == reverse("projects:portal_page_preview", args=[page.pk])
    assert not page.live and page.latest_revision is not None
    assert page.current_workflow_state is None  # saved, not submitted
    preview = member_client.get(response.url)
    assert preview.status_code == 200
    assert "Weekly walks in Wardown Park." in preview.content.decode()
    # The form offers the preview before anything has been saved.
    assert soup(member_client.get(NEW_PROJECT)).find(
        "button", {"name": "action", "value": "preview"}
    )


def test_error_summary_links_to_each_field_and_nothing_is_saved(member_client, org_a, wards):
    revisions = Revision.objects.count()
    data = pf.project_post_data(
        title="",
        start_date="2026-05-01",
        end_date="2026-04-01",
        website="javascript:alert(1)",
        wards=["999999"],
        action="preview",
    )
    response = member_client.post(NEW_PROJECT, data)
    assert response.status_code == 400
    assert not ProjectPage.objects.exists() and Revision.objects.count() == revisions

    document = soup(response)
    assert document.title.get_text().startswith("Error: ")
    summary = document.select_one("#error-summary")
    # First in the form, before any of its fields.
    assert (
        summary.find_parent("form")
        .find(["input", "textarea", "select"], type=lambda t: t != "hidden")
        .find_previous(id="error-summary")
    )
    assert summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    assert summary.select_one("[role=alert] h2").get_text(strip=True) == "There is a problem"
    hrefs = [a["href"] for a in summary.select("li a")]
    assert hrefs == ["#id_title", "#id_end_date", "#id_wards_0", "#id_website"]
    # Each message says which answer it is about.
    assert summary.select_one("li a").get_text(strip=True) == "Project name is required."
    for href in hrefs:
        target = document.find(id=href[1:])
        assert target is not None and target.name in {"input", "textarea", "select"}, href
        # The same message sits by the field.
        assert document.find(id=f"{href[1:].removesuffix('_0')}_error"), href
    # No scripts: the summary works without JavaScript (and under the CSP).
    assert not summary.find_all("script")


def test_error_summary_lists_an_image_without_alt_text(member_client, org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = factories.image_file("walk.png").read()
    upload = SimpleUploadedFile("walk.png", png, content_type="image/png")
    data = pf.project_post_data(**{"new-alt_text": ""})
    response = member_client.post(NEW_PROJECT, {**data, "new-image": upload})
    assert response.status_code == 400
    assert not ProjectPage.objects.exists()
    hrefs = [a["href"] for a in soup(response).select("#error-summary li a")]
    assert hrefs == ["#id_new-alt_text"]
