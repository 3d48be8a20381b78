import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from hetsite.core.models import HomePage
from prizes.models import PrizeIndexPage, PrizeRoundPage, PrizeWinner, pick_featured_round
from tests import factories

from . import factories as f

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_index_sits_under_home_once_and_holds_rounds(self):
        self.assertCanCreateAt(HomePage, PrizeIndexPage)
        self.assertAllowedParentPageTypes(PrizeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PrizeIndexPage, {PrizeRoundPage})
        self.assertEqual(PrizeIndexPage.max_count, 1)
        self.assertAllowedParentPageTypes(PrizeRoundPage, {PrizeIndexPage})
        self.assertAllowedSubpageTypes(PrizeRoundPage, set())
        self.assertCanNotCreateAt(HomePage, PrizeRoundPage)


def round_form_data(year, title, winners=()):
    return nested_form_data(
        {
            "title": title,
            "slug": f"round-{year}-{title[:5].lower().replace(' ', '-')}",
            "year": year,
            "name": "Director of Public Health Health Equity Town Prize",
            "summary": "",
            "funding_partners": "",
            "fund_size": "",
            "categories": "",
            "how_to_apply": rich_text(""),
            "winners": inline_formset(list(winners)),
            "body": streamfield([]),
        }
    )


def test_year_must_be_unique_with_a_clear_error():
    f.prize_round(2023)
    duplicate = PrizeRoundPage(title="Another 2023", slug="another-2023", year=2023)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict["year"] == ["There is already a prize round for this year."]


def test_admin_shows_the_year_error_beside_the_field_and_saves_nothing(client):
    index = f.prize_index()
    f.prize_round(2023)
    client.force_login(factories.site_admin())
    url = reverse("wagtailadmin_pages:add", args=("prizes", "prizeroundpage", index.pk))

    response = client.post(url, round_form_data(2023, "Second 2023 round"))

    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [
        "There is already a prize round for this year."
    ]
    assert PrizeRoundPage.objects.filter(year=2023).count() == 1
    assert not PrizeRoundPage.objects.filter(title="Second 2023 round").exists()


def test_admin_requires_a_partner_or_a_description_for_each_winner(client):
    index = f.prize_index()
    client.force_login(factories.site_admin())
    url = reverse("wagtailadmin_pages:add", args=("prizes", "prizeroundpage", index.pk))
    winner = {
        "organisation": "",
        "winner_description": "",
        "project": "",
        "project_title": "A project",
        "category": "",
        "amount": "",
        "summary": "What it did.",
        "outcome": "",
    }

    response = client.post(url, round_form_data(2024, "Round 2024", [winner]))

    assert response.status_code == 200
    errors = response.context["form"].formsets["winners"].forms[0].errors
    assert errors["winner_description"] == [
        "Choose a partner organisation or describe the winner."
    ]
    assert not PrizeRoundPage.objects.exists()


def test_timeline_dates_must_be_in_order():
    page = PrizeRoundPage(
        title="Round",
        slug="round",
        year=2024,
        opens_on=datetime.date(2024, 5, 1),
        closes_on=datetime.date(2024, 4, 1),
        announced_on=datetime.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert set(excinfo.value.message_dict) == {"closes_on", "announced_on"}


def test_winners_keep_their_order_on_the_round_page(client):
    names = ["Zebra Crossing Club", "Alpha Allotments", "Middle Way Mentors"]
    prize_round = f.prize_round(
        2023,
        winners=[{"winner_description": name, "summary": f"{name} did it."} for name in names],
    )

    # Reorder as an editor would: the last becomes first.
    winners = list(prize_round.winners.all())
    for position, winner in enumerate([winners[2], winners[0], winners[1]]):
        winner.sort_order = position
    prize_round.winners = [winners[2], winners[0], winners[1]]
    prize_round.save_revision().publish()

    response = client.get(prize_round.url)

    html = response.content.decode()
    expected = ["Middle Way Mentors", "Zebra Crossing Club", "Alpha Allotments"]
    assert [w.display_name for w in response.context["winners"]] == expected
    positions = [html.index(f"{name} did it.") for name in expected]
    assert positions == sorted(positions)


def test_round_page_links_partner_organisations_and_projects(client):
    partner = f.organisation("GoodGym Luton")
    no_page = f.organisation("No Page Yet", with_page=False)
    project = f.project(partner, "Running for good")
    draft_project = f.project(partner, "Draft plan", publish=False)
    prize_round = f.prize_round(
        2023,
        categories="VCSFE\nBusiness",
        funding_partners="Bedfordshire and Luton Community Foundation",
        fund_size="£30,000",
        showcase_on=datetime.date(2024, 8, 1),
        dates_month_only=True,
        winners=[
            {
                "organisation": partner,
                "project": project,
                "category": "VCSFE",
                "amount": Decimal("5000"),
                "summary": "Group runs.",
                "outcome": "People got active.",
            },
            {"organisation": no_page, "project": draft_project, "summary": "Plans."},
            {"winner_description": "Not named in the report", "summary": "Youth club."},
        ],
    )

    html = client.get(prize_round.url).content.decode()

    assert f'<a href="{partner.page.url}">GoodGym Luton</a>' in html
    assert f'<a href="{project.url}">Running for good</a>' in html
    assert "No Page Yet" in html and "Draft plan" in html
    assert f'href="{draft_project.url}"' not in html
    assert "Not named in the report" in html
    assert "£5,000" in html and "£30,000" in html
    assert "Bedfordshire and Luton Community Foundation" in html
    assert "<li>VCSFE</li><li>Business</li>" in html
    assert '<time datetime="2024-08">August 2024</time>' in html
    assert "People got active." in html


def test_round_page_query_count_does_not_grow_with_winners(client):
    def make(year, n):
        winners = []
        for _ in range(n):
            org = f.organisation()
            winners.append({"organisation": org, "project": f.project(org), "summary": "x"})
        return f.prize_round(year, winners=winners)

    few, many = make(2022, 1), make(2023, 8)
    counts = []
    for prize_round in (few, many):
        client.get(prize_round.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(prize_round.url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def round_on(year, opens=None, closes=None):
    return PrizeRoundPage(year=year, opens_on=opens, closes_on=closes)


def test_featured_round_is_open_now_else_next_else_latest():
    today = datetime.date(2025, 3, 1)
    past = round_on(2023, datetime.date(2023, 1, 1), datetime.date(2023, 2, 1))
    open_now = round_on(2025, datetime.date(2025, 2, 1), datetime.date(2025, 4, 1))
    next_up = round_on(2026, datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    later = round_on(2027, datetime.date(2027, 1, 1), datetime.date(2027, 2, 1))
    undated = round_on(2024)

    assert pick_featured_round([past, open_now, next_up, later, undated], today) is open_now
    assert pick_featured_round([past, later, next_up, undated], today) is next_up
    assert pick_featured_round([past, undated], today) is undated
    assert pick_featured_round([], today) is None


def test_index_features_the_open_round_and_archives_the_rest(client):
    today = datetime.date.today()
    index = f.prize_index()
    f.prize_round(2020, winners=[{"winner_description": "Old winner", "summary": "x"}])
    f.prize_round(
        2021,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )
    f.prize_round(2019, title="Draft round", publish=False)

    response = client.get(index.url)

    assert response.context["featured_round"].year == 2021
    assert [r.year for r in response.context["archive"]] == [2020]
    html = response.content.decode()
    assert "Open for applications until" in html
    assert "1 winner" in html and "Draft round" not in html


def test_index_query_count_does_not_grow_with_rounds(client):
    index = f.prize_index()
    f.prize_round(2020)
    client.get(index.url)
    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    for year in range(2001, 2011):
        f.prize_round(year, winners=[{"winner_description": "w", "summary": "s"}] * 2)
    client.get(index.url)  # publishing cleared the navigation cache: warm it again
    with CaptureQueriesContext(connection) as many:
        client.get(index.url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_badge_appears_on_a_winning_project_and_only_there(client):
    winner_org = f.organisation("Winners Ltd")
    winning = f.project(winner_org, "Winning project")
    other = f.project(winner_org, "Another project")
    prize_round = f.prize_round(
        2023, winners=[{"organisation": winner_org, "project": winning, "summary": "Won."}]
    )
    f.prize_round(
        2019,
        publish=False,
        winners=[{"organisation": winner_org, "project": other, "summary": "Draft."}],
    )

    winning_html = client.get(winning.url).content.decode()
    other_html = client.get(other.url).content.decode()

    badge = (
        f'<a class="prize-badge" href="{prize_round.url}">Health Equity Town Prize winner 2023</a>'
    )
    assert badge in winning_html
    assert "prize-badge" not in other_html
    assert "Health Equity Town Prize winner" not in other_html
    for page in (prize_round, f.prize_index()):
        assert "prize-badge" not in client.get(page.url).content.decode()


def test_badge_does_at_most_one_query(rf):
    org = f.organisation()
    project = f.project(org)
    for year in (2021, 2022, 2023):
        f.prize_round(year, winners=[{"project": project, "organisation": org, "summary": "s"}])
    request = rf.get("/")
    render_to_string(
        "prizes/components/prize_badge.html", {"project": project, "request": request}
    )
    with CaptureQueriesContext(connection) as ctx:
        html = render_to_string(
            "prizes/components/prize_badge.html", {"project": project, "request": request}
        )
    assert len(ctx.captured_queries) == 1
    assert html.index("winner 2023") < html.index("winner 2022") < html.index("winner 2021")
    assert render_to_string("prizes/components/prize_badge.html", {"project": None}).strip() == ""


def test_winner_display_falls_back_to_the_description():
    org = f.organisation("Named Partner")
    assert PrizeWinner(organisation=org).display_name == "Named Partner"
    assert PrizeWinner(winner_description="Not named").display_name == "Not named"
    assert PrizeWinner(amount=Decimal("1234.50")).amount_display == "£1,234.50"


def test_round_state_in_words():
    day = datetime.date(2025, 3, 1)
    opens, closes = datetime.date(2025, 2, 1), datetime.date(2025, 4, 1)
    assert round_on(2025, opens, closes).state(day) == "open"
    assert round_on(2025, opens, closes).state(datetime.date(2025, 1, 1)) == "upcoming"
    assert round_on(2025, opens, closes).state(datetime.date(2025, 5, 1)) == "closed"
    assert round_on(2025).state(day) == "unscheduled"
    old = PrizeRoundPage(year=2023, showcase_on=datetime.date(2024, 8, 1))
    assert old.state(day) == "closed"


def test_how_to_apply_is_hidden_once_a_round_has_closed(client):
    today = datetime.date.today()
    open_round = f.prize_round(
        2030,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=1),
        how_to_apply="<p>Fill in the form.</p>",
    )
    closed_round = f.prize_round(
        2020,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
        how_to_apply="<p>Fill in the form.</p>",
    )
    assert "Fill in the form." in client.get(open_round.url).content.decode()
    closed_html = client.get(closed_round.url).content.decode()
    assert "Fill in the form." not in closed_html and "Applications closed" in closed_html


def test_funding_partners_link_to_their_organisation_page_when_they_are_partners(client):
    blcf = f.organisation("Bedfordshire and Luton Community Foundation")
    f.organisation("Draft Funder", publish=False)
    prize_round = f.prize_round(
        2025, funding_partners="Bedfordshire and Luton Community Foundation\nDraft Funder\nOther"
    )

    for url in (prize_round.url, f.prize_index().url):
        html = client.get(url).content.decode()
        assert f'<a href="{blcf.page.url}">Bedfordshire and Luton Community Foundation</a>' in html
        assert "<li>Draft Funder</li>" in html and "<li>Other</li>" in html


def test_site_search_finds_a_round_by_its_winners(client):
    prize_round = f.prize_round(
        2023,
        winners=[
            {
                "winner_description": "Not named in the report",
                "project_title": "Socially inclusive youth club activities",
                "summary": "Youth club.",
            }
        ],
    )

    response = client.get("/search/", {"q": "youth club"})

    assert prize_round.pk in [result.pk for result in response.context["results"]]
