import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase

from casestudies.models import CaseStudyPage
from hetsite.core.models import HomePage
from priorities.models import PriorityGroupPage, PriorityIndexPage, PriorityUpdatePage
from projects.models import ProjectIndexPage
from tests import factories
from tests.prizes import factories as prize_factories

from . import factories as f

pytestmark = pytest.mark.django_db


def case_study(org, group, title=None, publish=True):
    page = CaseStudyPage(
        title=title or factories.unique("Case study"),
        organisation_name=org.name,
        about="About it.",
        what_we_did="What we did.",
        achievements="What we achieved.",
        learning="What we learnt.",
        year=2024,
        priority_group=group,
    )
    return factories.add_page(org.page, page, publish=publish)


class TestPageTree(WagtailPageTestCase):
    def test_index_sits_under_home_once(self):
        self.assertCanCreateAt(HomePage, PriorityIndexPage)
        self.assertAllowedParentPageTypes(PriorityIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PriorityIndexPage, {PriorityGroupPage})
        self.assertEqual(PriorityIndexPage.max_count, 1)

    def test_groups_hold_updates_only(self):
        self.assertAllowedParentPageTypes(PriorityGroupPage, {PriorityIndexPage})
        self.assertAllowedSubpageTypes(PriorityGroupPage, {PriorityUpdatePage})
        self.assertAllowedParentPageTypes(PriorityUpdatePage, {PriorityGroupPage})
        self.assertAllowedSubpageTypes(PriorityUpdatePage, set())
        self.assertCanNotCreateAt(HomePage, PriorityGroupPage)
        self.assertCanNotCreateAt(PriorityIndexPage, PriorityUpdatePage)


def test_group_lists_only_its_own_live_updates_newest_first(client):
    group = f.group("Housing and Health")
    other = f.group("Children and Young People")
    jan = f.update(group, "January update", datetime.date(2024, 1, 10))
    jun = f.update(group, "June update", datetime.date(2024, 6, 10))
    mar = f.update(group, "March update", datetime.date(2024, 3, 10))
    f.update(group, "Draft update", datetime.date(2024, 12, 1), publish=False)
    f.update(other, "Other group's update", datetime.date(2024, 7, 1))

    response = client.get(group.url)

    assert response.status_code == 200
    assert [u.pk for u in response.context["updates_page"]] == [jun.pk, mar.pk, jan.pk]
    html = response.content.decode()
    assert html.index("June update") < html.index("March update") < html.index("January update")
    assert "Draft update" not in html
    assert "Other group&#x27;s update" not in html and "Other group's update" not in html


def test_group_page_shows_its_facts_and_status_in_words(client):
    group = f.group(
        "Business, Employment, Skills and Health",
        short_name="BESH",
        chair="A subject matter expert",
        target_groups="Businesses and employers\n\nSub-groups of our population",
    )
    group.principles = [factories.principle(3, "Create fair employment and good work for all")]
    group.save_revision().publish()
    f.update(group, "Back into work", status=PriorityUpdatePage.Status.NEEDS_ATTENTION)

    html = client.get(group.url).content.decode()

    assert "(BESH)" in html
    assert "A subject matter expert" in html
    assert "<li>Businesses and employers</li><li>Sub-groups of our population</li>" in html
    assert "Create fair employment and good work for all" in html
    assert "Status:</span> Needs attention" in html
    assert f'href="/priorities/{group.slug}/feed/"' in html


def test_group_lists_live_projects_and_case_studies_tagged_with_it(client):
    group = f.group("Housing and Health")
    other = f.group("Net Zero")
    org = prize_factories.organisation("Warm Homes Luton")
    prize_factories.project(org, "Warm homes project", priority_group=group)
    prize_factories.project(org, "Draft housing project", priority_group=group, publish=False)
    prize_factories.project(org, "Solar panels project", priority_group=other)
    case_study(org, group, "Healthy estates roadshows")
    case_study(org, group, "Draft case study", publish=False)
    case_study(org, other, "Other group's case study")

    project_index = factories.add_page(
        factories.home_page(), ProjectIndexPage(title="Projects", slug="projects")
    )

    html = client.get(group.url).content.decode()

    assert f'href="{project_index.url}?priority={group.slug}"' in html
    assert "See every case study" not in html  # no case study library page yet
    assert "Warm homes project" in html
    assert "Healthy estates roadshows" in html
    for absent in ("Draft housing project", "Solar panels project", "Draft case study"):
        assert absent not in html
    assert "Other group" not in html


def test_update_page_shows_date_commitment_progress_status_and_group(client):
    group = f.group("Children and Young People")
    update = f.update(
        group,
        "Family Hubs",
        datetime.date(2024, 11, 5),
        commitment="Start for Life.",
        progress="Family Hubs are a town-wide partnership.",
        status=PriorityUpdatePage.Status.DONE,
    )

    response = client.get(update.url)

    html = response.content.decode()
    assert response.context["group"].pk == group.pk
    assert '<time datetime="2024-11-05">5 November 2024</time>' in html
    assert "Start for Life." in html and "Family Hubs are a town-wide partnership." in html
    assert "<dt>Status</dt>" in html and ">Done</span>" in html
    assert f'href="{group.url}"' in html


@pytest.mark.parametrize("page_param", ["abc", "9999", "-1", "1" * 50, "<script>"])
def test_bad_page_numbers_do_not_break_the_group_page(client, page_param):
    group = f.group()
    for day in range(1, 13):
        f.update(group, f"Update {day}", datetime.date(2024, 1, day))

    response = client.get(group.url, {"page": page_param})

    assert response.status_code == 200
    assert response.context["updates_page"].number in (1, 2)


def test_updates_are_paginated_and_links_keep_the_query(client):
    group = f.group()
    for day in range(1, 13):
        f.update(group, f"Update {day:02d}", datetime.date(2024, 1, day))

    first = client.get(group.url)
    second = client.get(group.url, {"page": 2})

    assert len(first.context["updates_page"]) == 10
    assert [u.title for u in second.context["updates_page"]] == ["Update 02", "Update 01"]
    assert 'href="?page=2"' in first.content.decode()


def test_index_lists_live_groups_and_latest_updates_with_their_group(client):
    index = f.priority_index()
    housing = f.group("Housing and Health")
    f.group("Draft group", publish=False)
    f.update(housing, "Roadshows", datetime.date(2024, 9, 1))

    response = client.get(index.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Housing and Health" in html and "Draft group" not in html
    assert "Roadshows" in html
    assert [u.group.pk for u in response.context["latest_updates"]] == [housing.pk]
    assert 'type="application/rss+xml"' in html and 'href="/priorities/feed/"' in html


def test_feed_is_a_reserved_slug():
    group = f.group()
    group.slug = "feed"
    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()
    assert "slug" in excinfo.value.message_dict
    update = f.update(f.group())
    update.slug = "feed"
    with pytest.raises(ValidationError):
        update.full_clean()


def count_queries(client, url):
    client.get(url)  # warm caches (site root paths, navigation) as a real visitor would
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_content(group, n, start):
    org = prize_factories.organisation()
    for i in range(n):
        f.update(group, date=datetime.date(2024, 1, 1) + datetime.timedelta(days=start + i))
        project = prize_factories.project(org, priority_group=group)
        project.listing_image = factories.image()
        project.save_revision().publish()
        case_study(org, group)


def test_group_and_index_query_counts_do_not_grow_with_content(client):
    index = f.priority_index()
    group = f.group(principles=[])
    group.principles = [factories.principle(1), factories.principle(2)]
    group.save_revision().publish()
    add_content(group, 2, 0)
    few_group = count_queries(client, group.url)
    few_index = count_queries(client, index.url)

    add_content(group, 8, 10)
    for _ in range(3):
        add_content(f.group(), 2, 30)

    assert count_queries(client, group.url) == few_group
    assert count_queries(client, index.url) == few_index


def test_update_page_query_count_does_not_grow_with_siblings(client):
    group = f.group()
    update = f.update(group)
    few = count_queries(client, update.url)
    for _ in range(10):
        f.update(group)
    assert count_queries(client, update.url) == few
