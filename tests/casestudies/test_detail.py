import json
import re
from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from casestudies.models import CaseStudyPage
from tests import factories
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


@pytest.fixture
def tagged(home_page):
    p1, p2 = factories.principle(1), factories.principle(2)
    biscot = factories.ward("Biscot", "West Central")
    high_town = factories.ward("High Town", "South and Town Centre")
    housing = cs.priority_group("Housing and Health")
    org_page = cs.organisation_page("GoodGym Luton")
    page = cs.case_study(
        parent=org_page,
        title="Getting fit",
        authors="A. Person",
        organisation_name="GoodGym Luton",
        about="We run.\n\nWe help.",
        what_we_did="- Runs\n- Visits",
        partners="Parkrun",
        achievements="Lots.",
        learning="Plenty.",
        acknowledgements="Thanks to LBC",
        whats_next="1. Keep going\n2. Grow",
        principles=[p1],
        wards=[biscot],
        neighbourhood=biscot.neighbourhood,
        priority_group=housing,
        population_groups=[factories.population_group("Older people")],
        year=2023,
    )
    same_principle = cs.case_study(title="Same principle", principles=[p1])
    same_ward = cs.case_study(title="Same ward", wards=[biscot])
    unrelated = cs.case_study(title="Unrelated", principles=[p2], wards=[high_town])
    draft = cs.case_study(title="Draft related", principles=[p1], publish=False)
    return locals()


def test_sections_are_headings_in_the_report_order(client, tagged):
    response = client.get(tagged["page"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<h1>Getting fit</h1>" in html
    headings = re.findall(r'<h2 id="section-[a-z_]+">(.*?)</h2>', html)
    assert headings == [
        "Tell us about your project",
        "What did you do?",
        "Partners",
        "What have you achieved?",
        "What have you learnt?",
        "Acknowledgements",
        "What’s next?",
    ]
    assert "<dt>Authors</dt><dd>A. Person</dd>" in html
    assert "<dt>Organisation</dt><dd>GoodGym Luton</dd>" in html
    assert html.index("<dt>Authors</dt>") < html.index("Tell us about your project")
    assert "<ul><li>Runs</li><li>Visits</li></ul>" in html
    assert "<ol><li>Keep going</li><li>Grow</li></ol>" in html


def test_summary_values_link_to_the_filtered_library(client, tagged):
    html = client.get(tagged["page"].url).content.decode()
    for href in [
        "/case-studies/?organisation=goodgym-luton",
        "/case-studies/?year=2023",
        "/case-studies/?principle=principle-1",
        "/case-studies/?ward=biscot",
        "/case-studies/?neighbourhood=west-central",
        "/case-studies/?priority=housing-and-health",
        "/case-studies/?population_group=older-people",
    ]:
        assert f'href="{href}"' in html, href
        # ... and each link finds this case study.
        assert "Getting fit" in [p.title for p in client.get(href).context["case_studies"]]


def test_related_case_studies_share_a_principle_or_a_ward(client, tagged):
    response = client.get(tagged["page"].url)
    related = [p.title for p in response.context["related_case_studies"]()]
    assert sorted(related) == ["Same principle", "Same ward"]
    assert "Related case studies" in response.content.decode()


def test_related_case_studies_are_at_most_three(client, tagged):
    cs.case_studies(5, principles=[tagged["p1"]])
    response = client.get(tagged["page"].url)
    assert len(response.context["related_case_studies"]()) == 3


def test_related_case_studies_are_the_newest_three(client, tagged):
    older = cs.case_study(title="Older", principles=[tagged["p1"]])
    newest = cs.case_studies(3, principles=[tagged["p1"]])
    CaseStudyPage.objects.filter(pk=older.pk).update(
        first_published_at=timezone.now() + timedelta(days=1)
    )
    related = client.get(tagged["page"].url).context["related_case_studies"]()
    assert [p.pk for p in related] == [older.pk, newest[2].pk, newest[1].pk]


def test_related_case_studies_leave_out_private_sections(client, tagged):
    private_org = cs.organisation_page("Private partner")
    hidden = cs.case_study(parent=private_org, title="Hidden", principles=[tagged["p1"]])
    PageViewRestriction.objects.create(
        page=private_org, restriction_type=PageViewRestriction.LOGIN
    )
    related = client.get(tagged["page"].url).context["related_case_studies"]()
    assert hidden.pk not in [p.pk for p in related]
    assert sorted(p.title for p in related) == ["Same principle", "Same ward"]


def test_open_graph_and_schema_org(client, tagged):
    html = client.get(tagged["page"].url).content.decode()
    assert '<meta property="og:title" content="Getting fit">' in html
    assert '<meta property="article:tag" content="Principle 1">' in html
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Getting fit"
    assert data["author"] == {"@type": "Organization", "name": "GoodGym Luton"}
    assert data["url"] == "http://testserver/partners/goodgym-luton/getting-fit/"
    assert data["spatialCoverage"] == [{"@type": "Place", "name": "Biscot ward, Luton"}]
    assert "A. Person" not in json.dumps(data)


def test_json_ld_cannot_be_broken_out_of(client, home_page):
    hostile = "</script><script>alert(1)</script><!--"
    page = cs.case_study(title=hostile, organisation_name=hostile, about=hostile)
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == hostile


def test_case_study_without_tags_or_optional_sections(client, home_page):
    page = cs.case_study(title="Bare", partners="", learning="", whats_next="")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Related case studies" not in html
    assert "section-partners" not in html


def test_related_project_is_linked_when_live(client, home_page):
    from projects.models import ProjectPage

    org_page = cs.organisation_page("NOAH Enterprises")
    project = factories.add_page(
        org_page, ProjectPage(title="Hospital discharge", summary="s", description="d")
    )
    page = cs.case_study(parent=org_page, related_project=project)
    html = client.get(page.url).content.decode()
    assert f'<a href="{project.url}">Hospital discharge</a>' in html


def test_images_need_alt_text_and_render_with_it(client, home_page):
    image = factories.image()
    page = cs.case_study(images=[(image, "Members planting a community garden")])
    html = client.get(page.url).content.decode()
    assert 'alt="Members planting a community garden"' in html
    from django.core.exceptions import ValidationError

    from casestudies.models import CaseStudyImage

    with pytest.raises(ValidationError):
        CaseStudyImage(page=page, image=image, alt_text="").full_clean()


def test_a_draft_renders_for_preview_with_its_own_terms(rf, home_page):
    """Terms of a draft are not in the cached facet lists: they are loaded instead."""
    housing = cs.priority_group("Housing and Health")
    page = cs.case_study(
        title="Draft",
        publish=False,
        principles=[factories.principle(1)],
        priority_group=housing,
    )
    request = rf.get("/")
    request.is_preview = True
    context = page.specific.get_context(request)
    assert context["summary"]["priority"].label == "Housing and Health"
    assert [p.number for p in context["principles"]] == [1]
    response = page.specific.serve_preview(request, page.default_preview_mode)
    assert b"Housing and Health" in response.render().content


def test_print_styles_hide_navigation_and_filters():
    from django.conf import settings

    css = (settings.PROJECT_DIR / "static/css/site.css").read_text()
    section = css.split("/* === casestudies === */")[1].split("/* === end casestudies === */")[0]
    assert "@media print" in section
    assert ".case-filters" in section.split("@media print")[1]
