"""Issue pages and the archive: rules, rendering, the feed, previews and query counts."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from tests import factories
from tests.newsletters import factories as nf

pytestmark = pytest.mark.django_db


def test_tree_rules(home_page):
    assert NewsletterIndexPage.can_create_at(home_page)
    index = nf.index_page()
    assert not NewsletterIndexPage.can_create_at(home_page)  # max_count = 1
    assert NewsletterIssuePage.can_create_at(index)
    assert not NewsletterIssuePage.can_create_at(home_page)
    assert index.url == "/newsletters/"
    assert index.show_in_menus


def test_second_issue_for_a_quarter_is_a_clear_error_on_the_quarter_field():
    nf.issue(year=2024, quarter=3, title="Autumn 2024")
    duplicate = NewsletterIssuePage(
        title="Another",
        slug="another",
        year=2024,
        quarter=3,
        issue_date=datetime.date(2024, 9, 1),
        summary="x",
        body=[nf.section()],
    )
    with pytest.raises(ValidationError) as excinfo:
        nf.index_page().add_child(instance=duplicate)  # Page.save() runs full_clean()
    assert set(excinfo.value.message_dict) == {"quarter"}
    assert "already an issue for 2024 Q3" in excinfo.value.message_dict["quarter"][0]
    assert "Autumn 2024" in excinfo.value.message_dict["quarter"][0]
    assert NewsletterIssuePage.objects.count() == 1
    # The same quarter of another year is fine.
    duplicate = NewsletterIssuePage(
        title="Next year",
        slug="next-year",
        year=2025,
        quarter=3,
        issue_date=datetime.date(2025, 9, 1),
        summary="x",
        body=[nf.section()],
    )
    nf.index_page().add_child(instance=duplicate)
    assert NewsletterIssuePage.objects.count() == 2


def test_editing_an_issue_does_not_clash_with_itself():
    issue = nf.issue(year=2024, quarter=2)
    issue.summary = "Changed"
    issue.full_clean()
    issue.save_revision().publish()


def test_admin_add_form_shows_the_clash_next_to_quarter(client, editor):
    nf.issue(year=2024, quarter=3, title="Autumn 2024")
    index = nf.index_page()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("newsletters", "newsletterissuepage", index.pk))
    data = nested_form_data(
        {
            "title": "Duplicate issue",
            "slug": "duplicate-issue",
            "year": "2024",
            "quarter": "3",
            "issue_date": "2024-09-15",
            "summary": "Same quarter again.",
            "body": streamfield(
                [("section", {"heading": "News", "text": rich_text("<p>Hello</p>")})]
            ),
        }
    )
    count = NewsletterIssuePage.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "quarter" in form.errors, form.errors
    assert "already an issue for 2024 Q3" in form.errors["quarter"][0]
    assert not form.non_field_errors()
    assert NewsletterIssuePage.objects.count() == count  # nothing half-saved
    # The same form with another quarter is accepted.
    data["quarter"] = "4"
    data["issue_date"] = "2024-12-01"
    response = client.post(url, data)
    assert response.status_code == 302
    assert NewsletterIssuePage.objects.filter(year=2024, quarter=4).exists()


def test_slugs_used_by_newsletter_urls_are_refused():
    page = NewsletterIssuePage(
        title="Feed",
        slug="feed",
        year=2023,
        quarter=1,
        issue_date=datetime.date(2023, 2, 1),
        summary="x",
        body=[nf.section()],
    )
    with pytest.raises(ValidationError) as excinfo:
        nf.index_page().add_child(instance=page)
    assert "slug" in excinfo.value.message_dict


def test_issue_date_must_match_the_year():
    page = NewsletterIssuePage(
        title="Odd",
        slug="odd",
        year=2023,
        quarter=1,
        issue_date=datetime.date(2030, 2, 1),
        summary="x",
        body=[nf.section()],
    )
    with pytest.raises(ValidationError) as excinfo:
        nf.index_page().add_child(instance=page)
    assert "issue_date" in excinfo.value.message_dict


def test_archive_groups_by_year_newest_first(client):
    nf.issue(year=2023, quarter=4, title="Winter 2023")
    nf.issue(year=2024, quarter=1, title="Spring 2024")
    nf.issue(year=2024, quarter=3, title="Autumn 2024")
    nf.issue(year=2024, quarter=2, title="Draft 2024", publish=False)
    response = client.get("/newsletters/")
    assert response.status_code == 200
    groups = response.context["issues_by_year"]
    assert [year for year, _ in groups] == [2024, 2023]
    assert [i.title for i in groups[0][1]] == ["Autumn 2024", "Spring 2024"]
    html = response.content.decode()
    assert "Draft 2024" not in html
    assert html.index("Autumn 2024") < html.index("Spring 2024") < html.index("Winter 2023")
    assert 'href="/newsletters/subscribe/"' in html
    assert 'type="application/rss+xml"' in html


@pytest.mark.parametrize("page", ["abc", "9999", "-1", "1" * 400])
def test_archive_bad_page_numbers_are_clamped(client, page):
    nf.issue(year=2024, quarter=1)
    response = client.get("/newsletters/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def test_issue_page_renders_every_block_as_cards(client):
    case_study = nf.case_study(title="Biscot Health and Wellbeing Hub")
    project = nf.project(title="GoodGym group runs")
    update = nf.priority_update(title="Warm homes progress")
    unpublished = nf.case_study(title="Not yet live", publish=False)
    image = factories.image()
    issue = nf.issue(
        body=[
            nf.section("Good practice", "<p>Partners share what works.</p>"),
            nf.featured("case_study", case_study, "A neighbourhood hub."),
            nf.featured("project", project),
            nf.featured("priority_update", update),
            nf.featured("case_study", unpublished),
            nf.image_block(image, "Volunteers planting a garden", "The community garden"),
            nf.call_to_action(url="https://example.org/join/"),
        ],
        pdf=None,
    )
    response = client.get(issue.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h2>Good practice</h2>" in html
    for page, label in [
        (case_study, "Case study"),
        (project, "Project"),
        (update, "Priority update"),
    ]:
        assert f'href="{page.url}"' in html
        assert label in html
    assert "A neighbourhood hub." in html
    assert "Not yet live" not in html
    assert 'alt="Volunteers planting a garden"' in html
    assert "https://example.org/join/" in html
    assert ' style="' not in html.split("<main", 1)[1]  # CSP: no inline styles


def test_feed_parses_and_lists_live_issues_newest_first(client):
    nf.issue(year=2024, quarter=1, title="Spring 2024")
    nf.issue(year=2024, quarter=3, title="Autumn 2024")
    nf.issue(year=2024, quarter=4, title="Unpublished", publish=False)
    response = client.get("/newsletters/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    assert channel.findtext("link") == "http://testserver/newsletters/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Autumn 2024", "Spring 2024"]
    assert items[0].findtext("link") == "http://testserver/newsletters/2024-q3/"
    assert items[0].findtext("pubDate").startswith("Sun, 01 Sep 2024")


def test_feed_without_an_archive_is_404(client, home_page):
    assert client.get("/newsletters/feed/").status_code == 404


def test_email_preview_modes(rf, editor):
    issue = nf.issue(body=[nf.section("Inside", "<p>News.</p>")])
    assert ("email", "Email") in issue.preview_modes
    request = rf.get("/admin/")
    request.user = editor
    html = issue.make_preview_request(original_request=request, preview_mode="email")
    assert html.status_code == 200
    body = html.content.decode()
    assert "<table" in body and "Inside" in body
    assert "http://testserver/newsletters/unsubscribe/preview/" in body
    text = issue.make_preview_request(original_request=request, preview_mode="email-text")
    assert text["Content-Type"].startswith("text/plain")
    assert "Inside\n------" in text.content.decode()
    web = issue.make_preview_request(original_request=request, preview_mode="")
    assert "<h1>" in web.rendered_content if hasattr(web, "rendered_content") else True


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_archive_query_count_does_not_grow_with_issues(client):
    image = factories.image()
    for quarter in (1, 2):
        nf.issue(year=2023, quarter=quarter, listing_image=image)
    client.get("/newsletters/")  # warm caches (site root paths, content types)
    few = _count_queries(client, "/newsletters/")
    for year in (2020, 2021, 2022):
        for quarter in (1, 2, 3, 4):
            nf.issue(year=year, quarter=quarter, listing_image=factories.image())
    client.get("/newsletters/")  # the new images' renditions are made once, here
    assert _count_queries(client, "/newsletters/") == few


def test_issue_query_count_does_not_grow_with_featured_cards(client):
    def build(year, count):
        body = [nf.section()]
        for _ in range(count):
            body.append(nf.featured("case_study", nf.case_study(listing_image=factories.image())))
            body.append(nf.featured("project", nf.project(listing_image=factories.image())))
            body.append(nf.featured("priority_update", nf.priority_update()))
        return nf.issue(year=year, quarter=1, body=body)

    small, large = build(2023, 1), build(2024, 6)
    client.get(small.url)
    client.get(large.url)
    assert _count_queries(client, large.url) == _count_queries(client, small.url)


def test_deleting_the_archive_parent_keeps_other_pages(home_page):
    index = nf.index_page()
    nf.issue()
    index.delete()
    assert Page.objects.filter(pk=home_page.pk).exists()
    assert not NewsletterIssuePage.objects.exists()
