import datetime
import re

import pytest

from django.utils import timezone

from tests import factories
from tests.browser_support import assert_valid_html
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db

URL = "/case-studies/"


def titles(response):
    return [page.title for page in response.context["case_studies"]]


@pytest.fixture
def library(home_page):
    p1, p2, p3 = factories.principle(1), factories.principle(2), factories.principle(3)
    biscot = factories.ward("Biscot", "West Central")
    high_town = factories.ward("High Town", "South and Town Centre")
    factories.ward("Dallow", "West Central")  # a ward no case study uses
    older = factories.population_group("Older people")
    factories.population_group("Carers")  # unused
    housing = cs.priority_group("Housing and Health")
    goodgym = cs.organisation_page("GoodGym Luton")
    noah = cs.organisation_page("NOAH Enterprises")
    index = cs.index_page()
    alpha = cs.case_study(
        parent=goodgym,
        title="Alpha gardening",
        about="Community allotment sessions for older residents.",
        principles=[p1],
        wards=[biscot],
        neighbourhood=biscot.neighbourhood,
        population_groups=[older],
        year=2023,
    )
    beta = cs.case_study(
        parent=index,
        title="Beta housing",
        about="Helping people into a home.",
        principles=[p2],
        wards=[high_town],
        priority_group=housing,
        year=2024,
    )
    gamma = cs.case_study(
        parent=noah,
        title="Gamma schools",
        about="Work with schools.",
        principles=[p1, p2],
        wards=[biscot, high_town],
        priority_group=housing,
        year=2024,
    )
    cs.case_study(title="Delta draft", principles=[p1], wards=[biscot], publish=False)
    # Publication dates decide the order: newest first.
    now = timezone.now()
    for days, page in ((3, alpha), (2, beta), (1, gamma)):
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=now - datetime.timedelta(days=days)
        )
    return {
        "p1": p1,
        "p2": p2,
        "p3": p3,
        "biscot": biscot,
        "high_town": high_town,
        "housing": housing,
        "older": older,
        "goodgym": goodgym,
        "noah": noah,
    }


def test_lists_every_live_case_study_wherever_it_lives_newest_first(client, library):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Gamma schools", "Beta housing", "Alpha gardening"]
    html = response.content.decode()
    assert "3 case studies" in html
    assert "Delta draft" not in html
    assert 'name="robots"' not in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("principle=principle-1", ["Gamma schools", "Alpha gardening"]),
        ("principle=principle-2", ["Gamma schools", "Beta housing"]),
        (
            "principle=principle-1&principle=principle-2",
            ["Gamma schools", "Beta housing", "Alpha gardening"],
        ),
        ("ward=biscot", ["Gamma schools", "Alpha gardening"]),
        ("ward=high-town", ["Gamma schools", "Beta housing"]),
        ("ward=biscot&ward=high-town", ["Gamma schools", "Beta housing", "Alpha gardening"]),
        ("neighbourhood=west-central", ["Alpha gardening"]),
        ("priority=housing-and-health", ["Gamma schools", "Beta housing"]),
        ("population_group=older-people", ["Alpha gardening"]),
        ("organisation=noah-enterprises", ["Gamma schools"]),
        ("organisation=goodgym-luton", ["Alpha gardening"]),
        ("year=2023", ["Alpha gardening"]),
        ("year=2024", ["Gamma schools", "Beta housing"]),
        ("q=allotment", ["Alpha gardening"]),
        ("q=schools", ["Gamma schools"]),
    ],
)
def test_each_facet_alone(client, library, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert not response.context["form"].errors
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("principle=principle-1&ward=high-town", ["Gamma schools"]),
        (
            "principle=principle-2&year=2024&priority=housing-and-health",
            ["Gamma schools", "Beta housing"],
        ),
        ("ward=biscot&year=2023", ["Alpha gardening"]),
        ("ward=biscot&organisation=noah-enterprises&principle=principle-2", ["Gamma schools"]),
        ("ward=high-town&neighbourhood=west-central", []),
        ("q=schools&ward=biscot", ["Gamma schools"]),
        ("q=schools&ward=biscot&principle=principle-1&year=2024", ["Gamma schools"]),
        ("q=allotment&year=2024", []),
        ("q=home&priority=housing-and-health&principle=principle-2", ["Beta housing"]),
    ],
)
def test_facets_combined_and_with_search(client, library, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)
    assert response.context["result_count"] == len(expected)


def test_only_facets_in_use_are_offered(client, library):
    form = client.get(URL).context["form"]
    assert [v for v, _ in form.fields["ward"].choices] == ["biscot", "high-town"]
    assert [v for v, _ in form.fields["principle"].choices] == ["principle-1", "principle-2"]
    assert [v for v, _ in form.fields["population_group"].choices] == ["", "older-people"]
    assert [v for v, _ in form.fields["year"].choices] == ["", "2024", "2023"]
    html = client.get(URL).content.decode()
    assert "Dallow" not in html and "Carers" not in html and "principle-3" not in html


def test_a_facet_with_nothing_in_use_is_not_shown(client, home_page):
    cs.case_study(title="Untagged")
    html = client.get(URL).content.decode()
    assert 'name="ward"' not in html
    assert 'name="priority"' not in html
    assert 'name="year"' in html


def test_facet_lists_follow_publishing(client, library):
    assert "Dallow" not in client.get(URL).content.decode()
    cs.case_study(title="Epsilon", wards=[factories.ward("Dallow")])
    assert "Dallow" in client.get(URL).content.decode()


def test_active_filters_have_remove_links_and_clear_all(client, library):
    response = client.get(f"{URL}?ward=biscot&ward=high-town&year=2024&page=1")
    active = response.context["active_filters"]
    assert [a["label"] for a in active] == ["Ward: Biscot", "Ward: High Town", "Year: 2024"]
    assert active[0]["remove_url"] == f"{URL}?ward=high-town&year=2024"
    assert active[2]["remove_url"] == f"{URL}?ward=biscot&ward=high-town"
    html = response.content.decode()
    assert f'<a href="{URL}">Clear all filters</a>' in html
    assert "Remove filter </span>Ward: Biscot" in html
    # The form shows what is selected.
    assert re.search(r'<input type="checkbox" name="ward" value="biscot"[^>]*checked', html)


def test_empty_state(client, library):
    response = client.get(f"{URL}?q=zebra")
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 case studies" in html
    assert "No case studies match" in html
    assert f'<a href="{URL}">see every case study</a>' in html


def test_empty_library(client, home_page):
    cs.index_page()
    html = client.get(URL).content.decode()
    assert "0 case studies" in html and "There are no case studies yet" in html


@pytest.mark.parametrize(
    "query",
    [
        "ward=atlantis",
        "ward=biscot&ward=atlantis",
        "principle=99",
        "year=1850",
        "year=abc",
        "organisation=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "neighbourhood=" + "x" * 5000,
        "priority=%00",
    ],
)
def test_unknown_values_give_an_error_next_to_the_field_not_a_500(client, library, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    name = query.split("=")[0]
    assert response.context["form"].errors[name]
    assert f'id="id_{name}_error"' in html
    assert "There are no case studies for" in html
    assert "<script>alert(1)" not in html
    # The bad facet is ignored: the other case studies are still listed.
    assert len(titles(response)) == 3


def test_error_is_linked_to_the_field(client, library):
    html = client.get(f"{URL}?year=1850&ward=atlantis").content.decode()
    assert re.search(r'<select name="year"[^>]*aria-describedby="id_year_error"', html) or (
        re.search(r'<select[^>]*aria-describedby="id_year_error"[^>]*name="year"', html)
    )
    assert (
        '<fieldset class="case-filters__group field--error" aria-describedby="id_ward_error">'
        in html
    )


def test_hostile_and_over_long_search_text(client, library):
    response = client.get(URL, {"q": '"><script>alert(1)</script> allotment'})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    long = client.get(URL, {"q": "a" * 1000})
    assert long.status_code == 200
    assert long.context["form"].errors["q"]
    assert len(titles(long)) == 3
    for text in ['AND OR NOT " * ( ) : ^ -', "NEAR(", '"unbalanced', "allotment AND", "!!!"]:
        odd = client.get(URL, {"q": text})
        assert odd.status_code == 200, text
    assert titles(client.get(URL, {"q": "ALLOTMENT!!"})) == ["Alpha gardening"]


def test_unknown_parameters_are_ignored(client, library):
    response = client.get(f"{URL}?utm_source=newsletter&foo=bar")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert 'name="robots"' not in response.content.decode()


def test_pagination_twelve_a_page_keeping_filters(client, home_page):
    principle = factories.principle(1)
    cs.case_studies(14, principles=[principle])
    cs.case_study(title="Other")
    response = client.get(f"{URL}?principle=principle-1")
    assert len(titles(response)) == 12
    html = response.content.decode()
    assert "14 case studies" in html
    assert 'href="?principle=principle-1&amp;page=2"' in html
    assert 'aria-label="Pagination"' in html
    page2 = client.get(f"{URL}?principle=principle-1&page=2")
    assert len(titles(page2)) == 2
    assert 'href="?principle=principle-1&amp;page=1"' in page2.content.decode()


@pytest.mark.parametrize(
    ("page", "expected"), [("abc", 1), ("9999", 2), ("-1", 2), ("0", 2), ("", 1)]
)
def test_pagination_bounds(client, home_page, page, expected):
    cs.case_studies(13)
    response = client.get(f"{URL}?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def test_feed_and_export_links_keep_the_filters(client, library):
    html = client.get(f"{URL}?ward=biscot&page=2").content.decode()
    assert 'href="/case-studies/export.csv?ward=biscot"' in html
    assert 'href="/case-studies/export.json?ward=biscot"' in html
    assert 'href="/case-studies/feed/?ward=biscot"' in html
    assert 'type="application/rss+xml"' in html


def test_works_for_a_get_form_without_javascript(client, library):
    html = client.get(URL).content.decode()
    assert re.search(r'<form class="case-filters" method="get" action="/case-studies/"', html)
    assert '<button type="submit"' in html
    assert "<script" not in html.split("</head>")[1]


def test_search_results_follow_publishing_at_once(client, library):
    """The matching ids are cached per content generation: publishing, editing,
    unpublishing and deleting show in the next search, count included.

    The title avoids the search word: PostgreSQL stems "allotments" to match it."""
    assert client.get(URL, {"q": "allotment"}).context["result_count"] == 1
    new = cs.case_study(title="Beta plots", about="A second allotment garden.")
    response = client.get(URL, {"q": "allotment"})
    assert sorted(titles(response)) == ["Alpha gardening", "Beta plots"]
    assert response.context["result_count"] == 2
    new.about = "Now about bowls."
    new.save_revision().publish()
    assert client.get(URL, {"q": "allotment"}).context["result_count"] == 1
    assert titles(client.get(URL, {"q": "bowls"})) == ["Beta plots"]
    new.unpublish()
    assert client.get(URL, {"q": "bowls"}).context["result_count"] == 0
    new.save_revision().publish()
    assert client.get(URL, {"q": "bowls"}).context["result_count"] == 1
    new.delete()
    assert client.get(URL, {"q": "bowls"}).context["result_count"] == 0


def test_cached_result_lists_follow_publishing_at_once(client, library):
    """The ordered result ids are cached per filters and content generation: a newly
    published, unpublished or deleted case study changes the next page and count."""
    ward = {"ward": "biscot"}
    assert client.get(URL).context["result_count"] == 3
    assert client.get(URL, ward).context["result_count"] == 2
    new = cs.case_study(title="Epsilon walks", wards=[library["biscot"]])
    for response in (client.get(URL), client.get(URL, ward)):
        assert titles(response)[0] == "Epsilon walks"
    assert client.get(URL).context["result_count"] == 4
    assert client.get(URL, ward).context["result_count"] == 3
    new.unpublish()
    assert "Epsilon walks" not in titles(client.get(URL, ward))
    assert client.get(URL).context["result_count"] == 3
    new.save_revision().publish()
    assert client.get(URL, ward).context["result_count"] == 3
    new.delete()
    assert client.get(URL).context["result_count"] == 3
    assert client.get(URL, ward).context["result_count"] == 2


def test_result_pages_past_the_first(client, home_page):
    pages = cs.case_studies(15)
    first = titles(client.get(URL))
    second = titles(client.get(URL, {"page": "2"}))
    assert len(first) == 12 and len(second) == 3
    assert sorted(first + second) == sorted(page.title for page in pages)


def test_cached_filter_form_matches_each_request(client, library):
    """The rendered form is cached per submitted values and content generation."""
    checked = re.compile(r'<input type="checkbox" name="ward" value="([\w-]+)"[^>]*checked')
    assert checked.findall(client.get(URL, {"ward": "biscot"}).content.decode()) == ["biscot"]
    assert checked.findall(client.get(URL, {"ward": "high-town"}).content.decode()) == [
        "high-town"
    ]
    assert checked.findall(client.get(URL).content.decode()) == []
    html = client.get(URL, {"q": "garden"}).content.decode()
    assert 'value="garden"' in html
    assert 'value="garden"' not in client.get(URL, {"q": "allotment"}).content.decode()
    # A ward first used by a newly published case study is offered at once.
    dallow = type(library["biscot"]).objects.get(slug="dallow")
    assert 'value="dallow"' not in client.get(URL).content.decode()
    cs.case_study(title="Zeta", wards=[dallow])
    assert 'value="dallow"' in client.get(URL).content.decode()
    # Invalid values are never served from (or stored in) the cache.
    bad = client.get(URL, {"ward": "nowhere"}).content.decode()
    assert "There are no case studies for" in bad


@pytest.fixture
def many_wards(home_page):
    return cs.case_studies_in_wards()


def ward_disclosure(html):
    return re.search(
        r'<details class="facet-disclosure"( open)?>\s*<summary>(.*?)</summary>',
        html,
        re.S,
    )


def test_a_long_ward_list_folds_away_until_a_ward_is_chosen(client, many_wards):
    html = folded_html = client.get(URL).content.decode()
    folded = ward_disclosure(html)
    assert folded and folded[1] is None and folded[2] == "Ward"
    # Every ward is still in the form, for keyboards and for browsers without JS.
    for name in factories.MANY_WARDS:
        assert f"<span>{name}</span>" in html
    # The eight principles never fold.
    assert "<legend>Marmot principle</legend>" in html

    html = client.get(f"{URL}?ward=biscot&ward=dallow").content.decode()
    opened = ward_disclosure(html)
    assert opened and opened[1] == " open"
    assert "(2 chosen)" in opened[2]
    assert '<legend class="visually-hidden">Ward</legend>' in html

    # An error inside it keeps it open, next to the field.
    html = client.get(f"{URL}?ward=atlantis").content.decode()
    assert ward_disclosure(html)[1] == " open"
    assert 'id="id_ward_error"' in html
    assert_valid_html({"folded": folded_html, "open with an error": html})


def test_a_short_ward_list_is_not_folded(client, library):
    html = client.get(URL).content.decode()
    assert ward_disclosure(html) is None
    assert "<legend>Ward</legend>" in html


def test_phones_can_skip_the_filters_to_the_list(client, library):
    html = client.get(URL).content.decode()
    jump = '<a href="#case-results-heading">Skip to the list of 3 case studies</a>'
    assert jump in html
    assert html.index(jump) < html.index('class="case-filters"')
    assert 'id="case-results-heading"' in html
    html = client.get(f"{URL}?ward=high-town&principle=principle-2").content.decode()
    assert "Skip to the list of 2 case studies" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "principle=principle-1&ward=high-town",
        "neighbourhood=west-central",
        "priority=housing-and-health&year=2024",
        "organisation=noah-enterprises&population_group=older-people",
        "q=schools&ward=biscot",
        "ward=atlantis&year=2024",
    ],
)
def test_the_listed_ids_match_the_feed_and_export_results(client, library, query):
    """The page lists cards; feeds and exports query case studies with their relations."""
    from django.http import QueryDict

    from casestudies.filters import CaseStudyFilterSet, export_queryset

    listed = [page.pk for page in client.get(f"{URL}?{query}").context["case_studies"]]
    exported = CaseStudyFilterSet(QueryDict(query), queryset=export_queryset()).results()
    assert listed == [page.pk for page in exported]


def test_private_sections_are_left_out_of_the_library_feed_and_exports(client, library):
    from wagtail.models import PageViewRestriction

    hidden_org = cs.organisation_page("Private partner")
    cs.case_study(parent=hidden_org, title="Hidden allotment", principles=[library["p1"]])
    PageViewRestriction.objects.create(page=hidden_org, restriction_type=PageViewRestriction.LOGIN)
    for url in (URL, f"{URL}?principle=principle-1", f"{URL}?q=allotment"):
        response = client.get(url)
        assert "Hidden allotment" not in titles(response), url
    assert client.get(URL).context["result_count"] == 3
    for url in (f"{URL}feed/", f"{URL}export.csv", f"{URL}export.json"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert "Hidden allotment" not in body.decode(), url
