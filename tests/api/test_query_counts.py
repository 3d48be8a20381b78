"""Each endpoint's queries stay the same from 5 items to 50 (related rows prefetched)."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Area, Indicator, IndicatorValue, WardIndexPage
from tests import factories
from tests.projects import factories as pf


def queries(client, path):
    client.get(path)  # once first: what is cached across requests (site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def add_pages(count, start, tags):
    for number in range(start, start + count):
        org_page = pf.organisation_page(f"Organisation {number}", wards=tags["wards"])
        project = pf.project(
            org_page,
            title=f"Project {number}",
            wards=tags["wards"],
            principles=tags["principles"],
            population_groups=tags["groups"],
            priority_group=tags["priority_group"],
        )
        study = pf.case_study(
            org_page,
            title=f"Case study {number}",
            related_project=project,
            priority_group=tags["priority_group"],
            neighbourhood=tags["wards"][0].neighbourhood,
        )
        study.wards.set(tags["wards"])
        study.principles.set(tags["principles"])
        study.population_groups.set(tags["groups"])
        study.save_revision().publish()


def add_figures(count, start):
    luton, _ = Area.objects.get_or_create(
        slug="luton", defaults={"name": "Luton", "kind": Area.Kind.TOWN}
    )
    principle = factories.principle(1)
    for number in range(start, start + count):
        ward = factories.ward(f"Ward {number}", f"Neighbourhood {number % 3}")
        measure = Indicator.objects.create(
            name=f"Indicator {number}",
            slug=f"indicator-{number}",
            principle=principle,
            definition="A measure.",
            unit=Indicator.Unit.PERCENT,
            better=Indicator.Better.LOWER,
            source_name="A source",
        )
        for area in (ward.area, luton):
            for period in ("2021", "2022"):
                IndicatorValue.objects.create(
                    indicator=measure, area=area, period=period, value=Decimal("12.5")
                )


@pytest.mark.django_db
def test_page_endpoints_are_flat_in_the_number_of_items(client, home_page):
    tags = {
        "wards": [factories.ward("Biscot"), factories.ward("Farley", "South")],
        "principles": [factories.principle(1), factories.principle(2)],
        "groups": [factories.population_group("Carers"), factories.population_group()],
        "priority_group": pf.priority_group(),
    }
    add_pages(5, 0, tags)
    paths = [
        f"/api/v2/{endpoint}/?limit=50{extra}"
        for endpoint in ("projects", "case-studies", "organisations")
        for extra in ("", "&fields=*")
    ]
    few = {path: queries(client, path) for path in paths}
    add_pages(45, 5, tags)
    for path in paths:
        count, data = queries(client, path)
        assert len(data["items"]) == 50
        assert len(few[path][1]["items"]) == 5
        assert count == few[path][0], path


@pytest.mark.django_db
def test_page_detail_runs_a_fixed_number_of_queries(
    client, home_page, django_assert_max_num_queries
):
    tags = {
        "wards": [factories.ward("Biscot")],
        "principles": [factories.principle(1)],
        "groups": [factories.population_group()],
        "priority_group": pf.priority_group(),
    }
    add_pages(1, 0, tags)
    project = pf.ProjectPage.objects.get()
    client.get(f"/api/v2/projects/{project.pk}/")  # the site's root paths, cached
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v2/projects/{project.pk}/").status_code == 200


@pytest.mark.django_db
def test_figure_endpoints_are_flat_in_the_number_of_items(client, home_page):
    factories.add_page(home_page, WardIndexPage(title="Wards", slug="wards"))
    add_figures(5, 0)
    paths = ["/api/v2/wards/?limit=50", "/api/v2/indicators/?limit=50"]
    few = {path: queries(client, path) for path in paths}
    add_figures(45, 5)
    for path in paths:
        count, data = queries(client, path)
        assert len(data["items"]) == 50
        assert count == few[path][0], path
    wards = queries(client, "/api/v2/wards/?limit=50")[1]["items"]
    assert all(len(ward["figures"]) == 2 for ward in wards)
