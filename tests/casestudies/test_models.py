import pytest

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from casestudies.text import plain_summary, render_plain_text
from hetsite.core.models import HomePage
from projects.models import OrganisationPage
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db


def test_page_tree_rules(home_page):
    index = cs.index_page()
    assert CaseStudyIndexPage.can_create_at(home_page) is False  # max_count = 1
    org_page = cs.organisation_page("GoodGym Luton")
    assert CaseStudyPage.can_create_at(index)
    assert CaseStudyPage.can_create_at(org_page)
    assert not CaseStudyPage.can_create_at(home_page)
    assert CaseStudyPage.allowed_parent_page_models() == [CaseStudyIndexPage, OrganisationPage]
    assert "casestudies.CaseStudyIndexPage" in HomePage.subpage_types


def test_index_can_be_created_under_the_home_page_when_there_is_none(home_page):
    assert CaseStudyIndexPage.can_create_at(home_page)


def test_case_study_under_an_organisation_page_belongs_to_that_organisation(home_page):
    org_page = cs.organisation_page("NOAH Enterprises")
    page = cs.case_study(parent=org_page, title="Homelessness")
    assert page.organisation == org_page.organisation
    editor_written = cs.case_study(title="Written by an editor")
    assert editor_written.organisation is None


def test_sections_follow_the_report_template_and_skip_empty_ones(home_page):
    page = cs.case_study(partners="", acknowledgements="Thanks", whats_next="", learning="")
    assert [heading for _, heading, _ in page.sections()] == [
        "Tell us about your project",
        "What did you do?",
        "What have you achieved?",
        "Acknowledgements",
    ]
    full = cs.case_study(partners="P", acknowledgements="A", whats_next="N", learning="L")
    assert [name for name, _, _ in full.sections()] == [
        "about",
        "what_we_did",
        "partners",
        "achievements",
        "learning",
        "acknowledgements",
        "whats_next",
    ]


def test_plain_text_becomes_paragraphs_and_lists_and_is_escaped():
    html = render_plain_text(
        "First line\nsame paragraph\n\n- one\n- <b>two</b>\n\n1. a\n2. b\n\n<script>x</script>"
    )
    assert "<p>First line<br>same paragraph</p>" in html
    assert "<ul><li>one</li><li>&lt;b&gt;two&lt;/b&gt;</li></ul>" in html
    assert "<ol><li>a</li><li>b</li></ol>" in html
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert render_plain_text("") == ""


def test_plain_summary_is_short_and_flat():
    text = "- Open to all\n- Everyone is welcome\n\n" + "word " * 200
    summary = plain_summary(text, limit=60)
    assert summary.startswith("Open to all Everyone is welcome")
    assert len(summary) <= 60 and summary.endswith("…")
