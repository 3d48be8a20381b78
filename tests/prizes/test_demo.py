import datetime

import pytest

from prizes import demo
from prizes.models import PrizeIndexPage, PrizeRoundPage, PrizeWinner
from tests.priorities.test_demo import Ctx

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(home_page):
    ctx = Ctx(home_page)
    demo.load(ctx)
    return ctx


def test_demo_creates_the_2023_round_with_its_three_winners_and_the_next_round(loaded, client):
    index = PrizeIndexPage.objects.get()
    assert index.slug == "prize" and index.show_in_menus and index.live
    assert index.url == "/prize/"

    round_2023 = PrizeRoundPage.objects.get(year=2023)
    titles = [w.project_title for w in round_2023.winners.all()]
    assert titles == [
        "Frequent attenders of primary care services",
        "Socially inclusive youth club activities",
        "Employment opportunities for people with learning disabilities",
    ]
    # The report names no winning organisation: none is invented.
    assert {w.display_name for w in round_2023.winners.all()} == {"Not named in the report"}
    assert not PrizeWinner.objects.filter(organisation__isnull=False).exists()
    assert round_2023.showcase_on == datetime.date(2024, 8, 1) and round_2023.dates_month_only

    next_round = PrizeRoundPage.objects.exclude(year=2023).get()
    assert next_round.funding_partner_list == ["Bedfordshire and Luton Community Foundation"]
    assert any("VCSFE" in c for c in next_round.category_list)
    assert any("Businesses" in c for c in next_round.category_list)
    assert "Demo content" in str(next_round.body)

    response = client.get("/prize/")
    assert response.context["featured_round"].pk == next_round.pk
    assert [r.year for r in response.context["archive"]] == [2023]
    html = client.get(round_2023.url).content.decode()
    assert "August 2024" in html and "November 2024" in html


def test_demo_is_idempotent(loaded):
    demo.load(loaded)
    assert PrizeIndexPage.objects.count() == 1
    assert PrizeRoundPage.objects.count() == 2
    assert PrizeWinner.objects.count() == 3
