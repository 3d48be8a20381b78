"""The admin's figures import and export, as real signed-in users, and the snippet listings."""

from decimal import Decimal

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from places import importer
from places.models import Indicator, IndicatorValue
from tests import factories
from tests.places import factories as places
from tests.projects.portal import factories as portal

IMPORT_URL = reverse("places_admin:import")
EXPORT_URL = reverse("places_admin:export")
FIGURES_URL = reverse("wagtailsnippets_places_indicatorvalue:list")
LOGIN_URL = reverse("wagtailadmin_login")
ADMIN_HOME = reverse("wagtailadmin_home")

GOOD = (
    "indicator,area,period,value,unit,note\n"
    "claimant-count,Central,2025-01,17.11,percent,highest\n"
    "claimant-count,Luton,2025-01,7.08,percent,\n"
)


@pytest.fixture
def figures(db):
    factories.ward("Central", "South and Town Centre")
    town = places.town()
    claimants = places.indicator(
        "claimant_count", "Unemployment claimant count", unit=Indicator.Unit.PERCENT, principle=3
    )
    places.value(claimants, town, "7.08", period="2024-12")
    return claimants


def admin_only_user():
    """Signed in to the admin, but with no permission over figures."""
    group, _ = Group.objects.get_or_create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return factories.user(groups=[group.name])


def partner_user():
    return portal.member(portal.organisation())


USERS = {
    "anonymous": None,
    "partner": partner_user,
    "admin access only": admin_only_user,
    "editor": factories.editor,
    "site administrator": factories.site_admin,
}


def client_for(role):
    client = Client()
    make = USERS[role]
    if make is not None:
        client.force_login(make())
    return client


def upload(text, name="figures.csv"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


# Where each role is sent: None means the view answers 200.
EXPECTED = {
    "anonymous": "login",
    "partner": "login",
    "admin access only": "home",
    "editor": None,
    "site administrator": None,
}


def assert_outcome(response, role, url):
    expected = EXPECTED[role]
    if expected is None:
        assert response.status_code == 200, role
    elif expected == "login":
        assert response.status_code == 302, role
        assert response["Location"] == f"{LOGIN_URL}?next={url}", role
    else:
        assert response.status_code == 302, role
        assert response["Location"] == ADMIN_HOME, role


@pytest.mark.parametrize("role", USERS)
def test_who_may_open_the_import_page(figures, role):
    response = client_for(role).get(IMPORT_URL)
    assert_outcome(response, role, IMPORT_URL)
    if EXPECTED[role] is None:
        assert "Import figures (CSV)" in response.content.decode()


@pytest.mark.parametrize("role", USERS)
def test_who_may_import(figures, role):
    response = client_for(role).post(IMPORT_URL, {"file": upload(GOOD)})
    if EXPECTED[role] is None:
        assert response.status_code == 302 and response["Location"] == FIGURES_URL
        assert IndicatorValue.objects.count() == 3
    else:
        assert_outcome(response, role, IMPORT_URL)
        assert IndicatorValue.objects.count() == 1


@pytest.mark.parametrize("role", USERS)
def test_who_may_export(figures, role):
    response = client_for(role).get(EXPORT_URL)
    assert_outcome(response, role, EXPORT_URL)
    if EXPECTED[role] is None:
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="luton-figures-')
        lines = response.content.decode().splitlines()
        assert lines[0].startswith("indicator,indicator_name,policy_area,area,area_type,period")
        assert lines[1].startswith("claimant-count,Unemployment claimant count,3,Luton,town,")
        assert ",7.08,percent," in lines[1]


def test_an_editor_who_may_view_but_not_change_figures_may_export_but_not_import(figures):
    user = admin_only_user()
    user.user_permissions.add(Permission.objects.get(codename="view_indicatorvalue"))
    client = Client()
    client.force_login(user)
    assert client.get(EXPORT_URL).status_code == 200
    assert client.get(IMPORT_URL)["Location"] == ADMIN_HOME


def test_a_successful_import_says_what_it_did(figures):
    client = client_for("editor")
    response = client.post(IMPORT_URL, {"file": upload(GOOD)}, follow=True)
    html = response.content.decode()
    assert "Imported figures.csv: 2 figures added, 0 updated, 0 already up to date." in html
    central = IndicatorValue.objects.get(area__name="Central")
    assert central.value == Decimal("17.11") and central.note == "highest"
    again = client.post(IMPORT_URL, {"file": upload(GOOD)}, follow=True).content.decode()
    assert "0 figures added, 0 updated, 2 already up to date." in again


def test_problems_are_listed_by_line_and_column_and_nothing_is_saved(figures):
    text = GOOD + "claimant-count,Nowhere,2025-01,1,percent,\nclaimant-count,Luton,2025-02,x,%,\n"
    response = client_for("editor").post(IMPORT_URL, {"file": upload(text)})
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "There is a problem with the file" in html
    assert "Nothing was imported. Correct these 3 problems" in html
    assert "<td>4</td> <td>area</td>" in html
    assert "There is no area &quot;Nowhere&quot;" in html
    assert "<td>5</td> <td>value</td>" in html
    assert "<td>5</td> <td>unit</td>" in html
    assert IndicatorValue.objects.count() == 1


def test_a_missing_file_is_a_form_error(figures):
    response = client_for("editor").post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "The file is not a CSV file."),
        (b"", "The submitted file is empty."),
        (b"indicator,area,period,value,unit\n", "a header line but no figures under it"),
        (b"indicator;area;period;value;unit\nx;y;z;1;years\n", "separated by semicolons"),
        (b"\xff\xfei\x00n\x00d\x00", "The file is not a CSV file."),
        ("value\n£12\n".encode("cp1252"), "not saved as UTF-8"),
        (b'indicator,area,period,value,unit\n"' + b"x" * 300_000 + b'"\n', "cell longer"),
        (b"x" * (importer.MAX_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_no_file_content_breaks_the_page(figures, data, message):
    response = client_for("editor").post(IMPORT_URL, {"file": upload(data)})
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert IndicatorValue.objects.count() == 1


def test_the_import_needs_the_csrf_token(figures):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.editor())
    response = client.post(IMPORT_URL, {"file": upload(GOOD)})
    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 1


def test_an_editor_finds_the_listings_and_the_import_and_export_links(figures):
    client = client_for("editor")
    menu = client.get(ADMIN_HOME).content.decode()
    assert IMPORT_URL in menu and EXPORT_URL in menu and FIGURES_URL in menu
    listing = client.get(FIGURES_URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert f'href="{IMPORT_URL}"' in html and f'href="{EXPORT_URL}"' in html
    assert "Unemployment claimant count" in html and "7.08%" in html
    filtered = client.get(
        FIGURES_URL, {"indicator": figures.pk, "area_kind": "town", "period": "2024-12"}
    )
    assert filtered.status_code == 200 and "7.08%" in filtered.content.decode()
    none = client.get(FIGURES_URL, {"area_kind": "ward"})
    assert none.status_code == 200 and "7.08%" not in none.content.decode()
    searched = client.get(FIGURES_URL, {"q": "claimant"})
    assert searched.status_code == 200 and "7.08%" in searched.content.decode()
    for name in ("indicator", "area"):
        response = client.get(reverse(f"wagtailsnippets_places_{name}:list"))
        assert response.status_code == 200, name
    indicators = client.get(reverse("wagtailsnippets_places_indicator:list")).content.decode()
    assert "Unemployment claimant count" in indicators and "Per cent (%)" in indicators
    assert "3: " in indicators  # its policy area
    found = client.get(reverse("wagtailsnippets_places_indicator:list"), {"q": "claim"})
    assert "Unemployment claimant count" in found.content.decode()
    missed = client.get(reverse("wagtailsnippets_places_indicator:list"), {"q": "infant"})
    assert "Unemployment claimant count" not in missed.content.decode()


def test_the_menu_hides_import_and_export_from_an_admin_user_without_them(figures):
    client = Client()
    client.force_login(admin_only_user())
    menu = client.get(ADMIN_HOME).content.decode()
    assert IMPORT_URL not in menu and EXPORT_URL not in menu
