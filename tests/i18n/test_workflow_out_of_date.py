"""A translation goes out of date when its English page is published again: the
Translations report and the translation's edit view say so until it is synced. Who may
see the report, mark a translation as awaiting review and commission translations."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import reverse

from hetsite.i18n.models import TranslationRecord
from tests import factories
from tests.core import factories as core_factories
from tests.projects.portal import factories as portal_factories

from .helpers import import_title, start_translation, sync

pytestmark = pytest.mark.django_db

REPORT = reverse("page_translations")


@pytest.fixture
def polish_page(on_commit):
    """An English page and its Polish translation (the Polish home first)."""
    home = factories.home_page()
    import_title(start_translation(home, "pl", on_commit), "Strona główna", on_commit)
    english = core_factories.standard_page(title="About us")
    polish = import_title(start_translation(english, "pl", on_commit), "O nas", on_commit)
    return english, polish


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def report_rows(response, title="O nas"):
    """The report's rows for the translated page ``title`` (the Polish home has one too)."""
    document = BeautifulSoup(response.content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in document.select("table.listing tbody tr")
    ]
    return [row for row in rows if row[0] == title]


def publish_change(page, title):
    page = type(page).objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_out_of_date_until_synced(polish_page, editor, on_commit):
    english, polish = polish_page
    record = TranslationRecord.objects.get(page=polish)
    assert record.source_page_id == english.pk
    assert record.source_revision_id == english.get_latest_revision().pk
    assert not record.is_out_of_date

    client = logged_in(editor)
    rows = report_rows(client.get(REPORT))
    assert len(rows) == 1
    assert rows[0][0] == "O nas" and rows[0][1] == "Polski" and rows[0][2] == "About us"
    assert rows[0][4] == "Up to date"

    english = publish_change(english, "About the programme")
    record.refresh_from_db()
    assert record.is_out_of_date
    rows = report_rows(client.get(REPORT))
    assert rows[0][4].startswith("Out of date: the English page changed on ")
    assert rows[0][2] == "About the programme"
    # Filtered by status and language.
    assert len(report_rows(client.get(REPORT, {"status": "out_of_date"}))) == 1
    assert report_rows(client.get(REPORT, {"status": "up_to_date"})) == []
    assert report_rows(client.get(REPORT, {"language": "ur"})) == []
    assert len(report_rows(client.get(REPORT, {"language": "pl"}))) == 1
    # The row links to wagtail-localize's sync action for the English page.
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get_for_instance(english)
    html = client.get(REPORT).content.decode()
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in html

    # The translation's edit view warns, and says what to do.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[polish.pk]), follow=True)
    assert response.status_code == 200
    warnings = [str(message) for message in response.context["messages"]]
    assert any(
        "has changed since this translation was made" in text and "Sync translated pages" in text
        for text in warnings
    ), warnings
    # Shown on the page itself (the translation editor, wagtail-localize's view).
    assert "has changed since this translation was made" in response.content.decode()

    sync(english, "pl", on_commit, user=editor)
    record.refresh_from_db()
    assert not record.is_out_of_date
    assert record.source_revision_id == english.live_revision_id
    # The new English title has no Polish yet: the translation shows the English one
    # until a translator gives it.
    rows = report_rows(client.get(REPORT, {"status": "up_to_date"}), "About the programme")
    assert rows[0][4] == "Up to date"
    response = client.get(reverse("wagtailadmin_pages:edit", args=[polish.pk]))
    assert not any("has changed since" in str(message) for message in response.context["messages"])


def test_the_sync_view_from_the_report_brings_the_translation_up_to_date(
    polish_page, editor, on_commit
):
    from wagtail_localize.models import TranslationSource

    english, polish = polish_page
    english = publish_change(english, "About the programme")
    source = TranslationSource.objects.get_for_instance(english)
    client = logged_in(editor)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert client.get(url).status_code == 200
    with on_commit():
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert not TranslationRecord.objects.get(page=polish).is_out_of_date


def _partner(polish_page):
    org = portal_factories.organisation("Organisation A")
    return portal_factories.member(org, "member-a")


def _toggle(client, record, value):
    return client.post(
        reverse("page_translation_review", args=[record.pk]),
        {"awaiting_review": value, "next": REPORT},
    )


@pytest.mark.parametrize(
    "who, sees_report, toggles, translates",
    [
        ("anonymous", False, False, False),
        ("partner", False, False, False),
        ("editor", True, True, True),
        ("site_admin", True, True, True),
    ],
)
def test_permission_matrix(polish_page, who, sees_report, toggles, translates):
    english, polish = polish_page
    record = TranslationRecord.objects.get(page=polish)
    if who == "anonymous":
        client = Client()
    elif who == "partner":
        client = logged_in(_partner(polish_page))
    elif who == "editor":
        client = logged_in(factories.editor())
    else:
        client = logged_in(factories.site_admin())

    response = client.get(REPORT)
    assert (response.status_code == 200) is sees_report, response.status_code
    if sees_report:
        assert "O nas" in response.content.decode()
    else:
        assert "O nas" not in response.content.decode()

    response = _toggle(client, record, "1")
    record.refresh_from_db()
    assert record.awaiting_review is toggles
    if toggles:
        assert response.status_code == 302 and response.url == REPORT
        assert "Mark as reviewed" in client.get(REPORT).content.decode()
        _toggle(client, record, "0")
        record.refresh_from_db()
        assert not record.awaiting_review
    else:
        assert response.status_code in (302, 403)

    translate = client.get(reverse("wagtail_localize:submit_page_translation", args=[english.pk]))
    assert (translate.status_code == 200) is translates, translate.status_code


def test_toggle_needs_post_and_csrf(polish_page, editor):
    english, polish = polish_page
    record = TranslationRecord.objects.get(page=polish)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(reverse("page_translation_review", args=[record.pk])).status_code == 405
    assert _toggle(client, record, "1").status_code == 403
    record.refresh_from_db()
    assert not record.awaiting_review


def test_editor_commissions_a_translation_through_the_admin(editor, on_commit):
    """ "Translate this page" in the admin: the chosen locale, the parents copied."""
    from wagtail.models import Locale, Page

    factories.home_page()
    english = core_factories.standard_page(title="Contact us")
    client = logged_in(editor)
    url = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    romanian = Locale.objects.get(language_code="ro")
    with on_commit():
        response = client.post(url, {"locales": [romanian.pk]})
    assert response.status_code == 302
    translated = Page.objects.get(translation_key=english.translation_key, locale=romanian)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[translated.pk])
    assert translated.get_parent().locale_id == romanian.pk
    record = TranslationRecord.objects.get(page=translated)
    assert record.source_page_id == english.pk and not record.is_out_of_date
    # The translation editor opens for it.
    assert client.get(response.url).status_code == 200
