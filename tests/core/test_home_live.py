"""The home page's "What's new": the newest live content, pins first, never drafts."""

import datetime

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyPage
from tests.core import factories as core_factories
from tests.newsletters import factories as nf
from tests.priorities import factories as prf
from tests.prizes import factories as zf
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def latest_section(html):
    start = html.index('id="latest-heading"')
    return html[start : html.index("</section>", start)]


def test_newest_live_items_of_each_type_and_no_drafts(client, home_page):
    org = pf.organisation_page("Dallow Community Trust")
    case_studies = [pf.case_study(org, f"Case study number {i}") for i in range(4)]
    pf.case_study(org, "Draft case study", publish=False)
    projects = [pf.project(org, f"Project number {i}") for i in range(4)]
    pf.project(org, "Draft project", publish=False)
    group = pf.priority_group("Housing and Health")
    prf.update(group, "Older update", date=datetime.date(2024, 1, 1))
    prf.update(group, "Middle update", date=datetime.date(2024, 3, 1))
    prf.update(group, "Newest update", date=datetime.date(2024, 6, 1))
    prf.update(group, "Draft update", date=datetime.date(2025, 1, 1), publish=False)
    nf.index_page()
    nf.issue(2023, 4, title="Winter 2023 issue", issue_date=datetime.date(2023, 12, 1))
    nf.issue(2024, 2, title="Summer 2024 issue", issue_date=datetime.date(2024, 6, 1))

    html = latest_section(client.get("/").content.decode())

    # The three newest case studies and projects, newest first; the oldest is left out.
    for pages in (case_studies, projects):
        assert pages[0].title not in html
        positions = [html.index(page.title) for page in pages[:0:-1]]
        assert positions == sorted(positions)
    assert "Newest update" in html and "Middle update" in html
    assert "Older update" not in html
    assert "Summer 2024 issue" in html and "Winter 2023 issue" not in html
    for draft in ("Draft case study", "Draft project", "Draft update"):
        assert draft not in html
    # Labelled in words people use.
    for label in ("Case study", "Project", "Priority update", "Newsletter"):
        assert f'<p class="card__type">{label}</p>' in html


def test_pins_come_first_and_are_not_repeated(client, home_page):
    org = pf.organisation_page("Dallow Community Trust")
    old = pf.case_study(org, "An older case study")
    newer = [pf.case_study(org, f"Newer case study {i}") for i in range(3)]
    about = core_factories.standard_page(home_page, "About the town")
    draft = core_factories.standard_page(home_page, "Draft page", publish=False)
    core_factories.feature(home_page, about, newer[0], draft, old)

    html = latest_section(client.get("/").content.decode())

    assert html.index("About the town") < html.index("Newer case study 0")
    assert html.index("Newer case study 0") < html.index("An older case study")
    assert html.index("An older case study") < html.index("Newer case study 2")
    assert html.count("Newer case study 0") == 1
    assert "Draft page" not in html
    assert '<p class="card__type">Page</p>' in html


def test_view_restricted_pages_are_left_out(client, home_page):
    from wagtail.models import PageViewRestriction

    org = pf.organisation_page("Dallow Community Trust")
    pf.case_study(org, "Public case study")
    hidden = pf.case_study(org, "Members only case study")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    html = latest_section(client.get("/").content.decode())
    assert "Public case study" in html
    assert "Members only case study" not in html


def test_current_or_next_prize_round(home_page):
    today = datetime.date(2025, 3, 1)
    index = zf.prize_index()
    zf.prize_round(2023, index=index)
    upcoming = zf.prize_round(
        2026,
        index=index,
        opens_on=datetime.date(2025, 9, 1),
        closes_on=datetime.date(2025, 11, 1),
    )
    assert home_page.get_prize_round(today).pk == upcoming.pk
    assert home_page.get_prize_round(today).prize_state == "upcoming"
    open_round = zf.prize_round(
        2025,
        index=index,
        opens_on=datetime.date(2025, 2, 1),
        closes_on=datetime.date(2025, 4, 1),
    )
    chosen = home_page.get_prize_round(today)
    assert (chosen.pk, chosen.prize_state) == (open_round.pk, "open")
    # After every round has closed, the latest year.
    assert home_page.get_prize_round(datetime.date(2027, 1, 1)).pk == upcoming.pk


def test_prize_round_is_shown_with_its_dates(client, home_page):
    zf.prize_round(
        2099,
        title="Health Equity Town Prize 2099",
        opens_on=datetime.date(2099, 1, 1),
        closes_on=datetime.date(2099, 3, 1),
    )
    html = latest_section(client.get("/").content.decode())
    assert "Health Equity Town Prize 2099" in html
    assert "Applications open on 1 January 2099" in html


def home_queries(client):
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_query_count_flat_in_content(client, home_page):
    org = pf.organisation_page("Dallow Community Trust")
    group = pf.priority_group("Housing and Health")
    nf.index_page()
    zf.prize_round(2024)

    def add(n, start):
        for i in range(start, start + n):
            pf.case_study(org, f"Case study {i}")
            pf.project(org, f"Project {i}")
            prf.update(group, f"Update {i}")
            nf.issue(2030 + i, 1, title=f"Issue {i}")

    add(1, 0)
    core_factories.feature(home_page, org)
    few = home_queries(client)
    add(5, 1)
    core_factories.feature(home_page, org, *CaseStudyPage.objects.all()[:3])
    many = home_queries(client)
    assert many == few
