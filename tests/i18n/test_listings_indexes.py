"""Index pages in another language: a translated archive lists the English archive's
issues (its own children are only the translated ones), an untranslated index shown in
English under /pl/ lists the translations of its items; each item once."""

import pytest

from priorities.models import PriorityIndexPage
from tests.i18n.helpers import translate_alone, translate_home
from tests.newsletters import factories as nf
from tests.priorities import factories as prf

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(home_page):
    index = nf.index_page()
    issues = [nf.issue(2024, quarter) for quarter in (1, 2, 3)]
    translate_home(home_page, "pl")
    polish_index = translate_alone(index, "pl", title="Biuletyny")
    # (An issue cannot be translated: its year and quarter are unique across locales.)
    return {"index": index, "polish_index": polish_index, "issues": issues}


def issue_titles(response):
    return sorted(
        issue.title for _year, group in response.context["issues_by_year"] for issue in group
    )


def test_translated_archive_lists_the_english_archives_issues(client, archive):
    response = client.get("/pl/newsletters/")
    assert response.status_code == 200
    assert response.context["page"].pk == archive["polish_index"].pk
    assert issue_titles(response) == [
        "Newsletter 2024 Q1",
        "Newsletter 2024 Q2",
        "Newsletter 2024 Q3",
    ]
    assert response.context["page_obj"].paginator.count == 3
    assert f'href="/pl{archive["issues"][0].url_path[len("/home") :]}"' in (
        response.content.decode()
    )


def test_english_archive_unchanged(client, archive):
    response = client.get("/newsletters/")
    assert issue_titles(response) == [
        "Newsletter 2024 Q1",
        "Newsletter 2024 Q2",
        "Newsletter 2024 Q3",
    ]


def test_untranslated_archive_in_urdu_lists_english_issues(client, archive):
    response = client.get("/ur/newsletters/")
    assert response.context["page"].pk == archive["index"].pk
    assert len(issue_titles(response)) == 3


def test_untranslated_priority_index_lists_translated_groups(client, home_page):
    housing = prf.group("Housing and Health")
    work = prf.group("Good work")
    update = prf.update(housing, "Homes made warmer")
    prf.update(work, "Jobs fair held")
    translate_home(home_page, "pl")
    translate_alone(housing, "pl", title="Mieszkania i zdrowie")
    translate_alone(update, "pl", title="Cieplejsze domy")
    # The index itself untranslated (copied as its groups were, then withdrawn): /pl/
    # shows the English index, which lists the Polish translations of its items.
    PriorityIndexPage.objects.get(locale__language_code="pl").unpublish()
    response = client.get("/pl/priorities/")
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "en-gb"  # the fallback
    assert sorted(g.title for g in response.context["groups"]) == [
        "Good work",
        "Mieszkania i zdrowie",
    ]
    assert sorted(u.title for u in response.context["latest_updates"]) == [
        "Cieplejsze domy",
        "Jobs fair held",
    ]
    english = client.get("/priorities/")
    assert sorted(g.title for g in english.context["groups"]) == [
        "Good work",
        "Housing and Health",
    ]
