"""/api/v2/wards/ and /api/v2/indicators/: every figure, as stored, by slug."""

from decimal import Decimal

import pytest

from places.models import Area, Indicator, IndicatorIndexPage, IndicatorValue, WardIndexPage
from tests import factories


def indicator(name="Healthy life expectancy", slug="healthy-life-expectancy", **kwargs):
    kwargs.setdefault("group", Indicator.Group.OVERARCHING)
    kwargs.setdefault("definition", f"{name}, as the source defines it.")
    kwargs.setdefault("unit", Indicator.Unit.YEARS)
    kwargs.setdefault("better", Indicator.Better.HIGHER)
    kwargs.setdefault("source_name", "Office for Health Improvement and Disparities")
    kwargs.setdefault("source_url", "https://fingertips.example/hle")
    return Indicator.objects.create(name=name, slug=slug, **kwargs)


def figure(indicator, area, period, value, **kwargs):
    return IndicatorValue.objects.create(
        indicator=indicator, area=area, period=period, value=Decimal(value), **kwargs
    )


@pytest.fixture
def figures(home_page):
    biscot = factories.ward("Biscot", "West Central")
    factories.ward("Farley", "South")
    hle = indicator()
    income = indicator(
        "Median household income",
        "median-household-income",
        group=Indicator.Group.CONTEXT,
        unit=Indicator.Unit.GBP_THOUSANDS,
        better=Indicator.Better.NEITHER,
        source_name="ONS",
        source_url="",
    )
    luton = Area.objects.create(name="Luton", slug="luton", kind=Area.Kind.TOWN)
    figure(hle, biscot.area, "2020-2022", "59.2000", lower_ci=Decimal("57.1"), upper_ci="61.3")
    figure(
        hle,
        biscot.area,
        "2017-2019",
        "60.05",
        comparison=IndicatorValue.Comparison.WORSE_THAN_ENGLAND,
    )
    figure(income, biscot.area, "2021", "1234.5", note="Modelled estimate")
    figure(hle, luton, "2020-2022", "61.5")
    factories.add_page(home_page, WardIndexPage(title="Wards", slug="wards"))
    factories.add_page(home_page, IndicatorIndexPage(title="Indicators", slug="indicators"))
    return {"biscot": biscot, "hle": hle, "income": income}


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    return response.json()


@pytest.mark.django_db
def test_wards_with_their_figures(client, figures):
    data = get(client, "/api/v2/wards/")
    assert data["meta"]["total_count"] == 2
    assert [ward["slug"] for ward in data["items"]] == ["biscot", "farley"]
    biscot, farley = data["items"]
    assert biscot["name"] == "Biscot"
    assert biscot["neighbourhood"] == {"name": "West Central", "slug": "west-central"}
    assert biscot["meta"] == {
        "detail_url": "http://testserver/api/v2/wards/biscot/",
        "html_url": "http://testserver/wards/biscot/",
    }
    assert farley["figures"] == []
    hle_source = {
        "name": "Office for Health Improvement and Disparities",
        "url": "https://fingertips.example/hle",
    }
    assert biscot["figures"] == [
        {
            "indicator": {
                "slug": "healthy-life-expectancy",
                "name": "Healthy life expectancy",
                "unit": "years",
            },
            "period": "2020-2022",
            "value": "59.2",
            "lower_ci": "57.1",
            "upper_ci": "61.3",
            "comparison": None,
            "note": None,
            "source": hle_source,
        },
        {
            "indicator": {
                "slug": "healthy-life-expectancy",
                "name": "Healthy life expectancy",
                "unit": "years",
            },
            "period": "2017-2019",
            "value": "60.05",
            "lower_ci": None,
            "upper_ci": None,
            "comparison": "worse_than_england",
            "note": None,
            "source": hle_source,
        },
        {
            "indicator": {
                "slug": "median-household-income",
                "name": "Median household income",
                "unit": "gbp_thousands",
            },
            "period": "2021",
            "value": "1234.5",
            "lower_ci": None,
            "upper_ci": None,
            "comparison": None,
            "note": "Modelled estimate",
            "source": {"name": "ONS", "url": None},
        },
    ]
    assert get(client, "/api/v2/wards/biscot/") == biscot


@pytest.mark.django_db
def test_indicators_with_the_figures_for_every_area(client, figures):
    data = get(client, "/api/v2/indicators/")
    assert [item["slug"] for item in data["items"]] == [
        "healthy-life-expectancy",
        "median-household-income",
    ]
    hle = get(client, "/api/v2/indicators/healthy-life-expectancy/")
    assert hle == data["items"][0]
    assert hle["meta"]["html_url"] == "http://testserver/indicators/healthy-life-expectancy/"
    assert hle["unit"] == "years"
    assert hle["better"] == "higher"
    assert hle["principle"] is None
    assert {(v["area"]["slug"], v["period"], v["value"]) for v in hle["values"]} == {
        ("ward-biscot", "2020-2022", "59.2"),
        ("ward-biscot", "2017-2019", "60.05"),
        ("luton", "2020-2022", "61.5"),
    }
    assert {v["area"]["kind"] for v in hle["values"]} == {"ward", "town"}


@pytest.mark.django_db
def test_policy_area_indicators_name_their_principle(client, figures):
    principle = factories.principle(3, "Fair employment")
    indicator(
        "Unemployment", "unemployment", group=Indicator.Group.POLICY_AREA, principle=principle
    )
    data = get(client, "/api/v2/indicators/unemployment/")
    assert data["principle"] == {"number": 3, "name": "Fair employment", "slug": "principle-3"}


@pytest.mark.django_db
def test_no_live_index_page_means_no_page_address(client, figures):
    WardIndexPage.objects.get().unpublish()
    assert get(client, "/api/v2/wards/biscot/")["meta"]["html_url"] is None


@pytest.mark.django_db
def test_unknown_slugs_and_parameters(client, figures):
    assert get(client, "/api/v2/wards/nowhere/", status=404) == {
        "message": "No Ward matches the given query."
    }
    get(client, "/api/v2/indicators/nothing/", status=404)
    assert "message" in get(client, "/api/v2/wards/?order=name", status=400)
    get(client, "/api/v2/wards/?limit=51", status=400)
    assert len(get(client, "/api/v2/wards/?limit=1&offset=1")["items"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused(client, figures, method):
    for path in ("/api/v2/wards/", "/api/v2/wards/biscot/", "/api/v2/indicators/unemployment/"):
        response = getattr(client, method)(path, data="{}", content_type="application/json")
        assert response.status_code == 405
