"""Partners write in the language they work in: the portal asks which, and the public
page marks the text with it (lang and dir) so screen readers switch voice."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import reverse

from casestudies.models import CaseStudyPage
from hetsite.i18n.content_language import (
    content_language_attrs,
    content_language_choices,
    content_languages,
)
from portal.forms import ProjectPageForm
from projects.models import ProjectPage
from tests.projects.portal import factories as pf

NEW_PROJECT = reverse("projects:portal_project_new")


@pytest.fixture
def member_client(db):
    member = pf.member(pf.organisation("Organisation A"), "member-a")
    client = Client()
    client.force_login(member)
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_languages_are_named_in_themselves_and_sorted_by_that_name():
    choices = dict(content_language_choices())
    expected = {
        "en": "English",
        "ur": "اردو",
        "pl": "polski",
        "ro": "Română",
        "bn": "বাংলা",
        "pa": "ਪੰਜਾਬੀ",
        "gu": "ગુજરાતી",
        "ar": "العربيّة",
        "so": "Soomaali",
        "pt": "Português",
        "hi": "हिंदी",
        "ta": "தமிழ்",
        "fr": "français",
        "es": "español",
    }
    for code, name in expected.items():
        assert choices[code] == name
    names = [name.casefold() for _code, name in content_language_choices()]
    assert names == sorted(names)
    # Regional variants are not offered; English is there once.
    assert "en-gb" not in choices and "pt-br" not in choices
    assert content_languages()["ur"]["bidi"] and not content_languages()["pl"]["bidi"]


def test_attrs_only_when_the_text_is_not_in_the_pages_language():
    assert content_language_attrs("pl", "en-gb") == {"lang": "pl", "dir": "ltr"}
    assert content_language_attrs("ur", "en-gb") == {"lang": "ur", "dir": "rtl"}
    assert content_language_attrs("ar", "pl") == {"lang": "ar", "dir": "rtl"}
    assert content_language_attrs("en", "en-gb") is None
    assert content_language_attrs("", "en-gb") is None
    assert content_language_attrs("pl", "pl") is None


def test_the_portal_form_offers_every_language_with_english_first_chosen(db):
    form = ProjectPageForm(instance=ProjectPage())
    field = form["content_language"]
    document = BeautifulSoup(str(field), "html.parser")
    options = {option["value"]: option for option in document.select("option")}
    assert options["en"].has_attr("selected")
    assert options["ur"].get_text() == "اردو"
    assert {"pl", "ro", "bn", "gu", "so", "pa"} <= set(options)


def test_partner_writes_in_polish_and_the_published_page_says_so(member_client):
    data = pf.project_post_data(
        title="Spacery i rozmowy",
        summary="Cotygodniowe spacery w parku Wardown.",
        description="Spotykamy się w środy.",
        content_language="pl",
    )
    response = member_client.post(NEW_PROJECT, data)
    assert response.status_code == 302
    page = ProjectPage.objects.get(title="Spacery i rozmowy")
    assert page.get_latest_revision_as_object().content_language == "pl"

    page.get_latest_revision().publish()
    page = ProjectPage.objects.get(pk=page.pk)
    assert page.content_language == "pl"
    response = Client().get(page.get_url())
    assert response.status_code == 200
    document = soup(response)
    article = document.select_one("main article")
    assert article["lang"] == "pl" and article["dir"] == "ltr"
    assert "Spacery i rozmowy" in article.get_text()
    # The page itself (and its interface) stays in English.
    assert document.html["lang"] == "en-GB"


def test_a_page_in_english_has_no_extra_lang(member_client):
    data = pf.project_post_data(title="Walk and talk", content_language="en")
    assert member_client.post(NEW_PROJECT, data).status_code == 302
    page = ProjectPage.objects.get(title="Walk and talk")
    page.get_latest_revision().publish()
    page = ProjectPage.objects.get(pk=page.pk)
    article = soup(Client().get(page.get_url())).select_one("main article")
    assert not article.has_attr("lang")


def test_a_right_to_left_language_sets_dir(db):
    from tests.projects import factories as project_factories

    org_page = project_factories.organisation_page("Bury Park Voices")
    page = project_factories.project(org_page, title="Bury Park voices", content_language="ur")
    article = soup(Client().get(page.get_url())).select_one("main article")
    assert article["lang"] == "ur" and article["dir"] == "rtl"


def test_case_study_page_marks_its_text(db):
    from tests.casestudies import factories as casestudy_factories

    page = casestudy_factories.case_study(title="Grădina comunității", content_language="ro")
    assert isinstance(page, CaseStudyPage)
    article = soup(Client().get(page.get_url())).select_one("main article")
    assert article["lang"] == "ro" and article["dir"] == "ltr"


def test_a_language_not_in_the_list_is_refused_next_to_the_field(member_client):
    data = pf.project_post_data(title="Walk and talk", content_language="xx-evil")
    response = member_client.post(NEW_PROJECT, data)
    assert response.status_code == 400
    assert not ProjectPage.objects.filter(title="Walk and talk").exists()
    document = soup(response)
    error = document.find(id="id_content_language_error")
    assert error is not None and "valid choice" in error.get_text()
    assert document.select_one('#error-summary a[href="#id_content_language"]')
