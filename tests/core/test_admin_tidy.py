"""The admin as editors see it: the site's branding, labels written for editors, no
duplicate or truncated labels, workflows only on partner content, prize round addresses."""

import importlib
import re
from collections import Counter

import pytest

from django.apps import apps
from django.urls import reverse

from wagtail.models import Page, Workflow, WorkflowPage
from wagtail.test.utils.form_data import querydict_from_html

from hetsite.core.models import BasePage
from prizes.models import PrizeRoundPage
from projects.models import PartnerApplication
from projects.moderation import WORKFLOW_NAME
from tests import factories
from tests.newsletters import factories as nf
from tests.prizes import factories as prf
from tests.projects.portal import factories as pf


def test_admin_carries_the_sites_name_and_logo(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert re.search(r"<title>[^<]*- Luton Health Equity Town</title>", html)
    assert "- Wagtail</title>" not in html
    assert "/static/img/logo.svg" in html
    assert "/static/img/favicon.svg" in html


def test_sign_in_page_carries_the_sites_name_and_logo(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "Sign in to Luton Health Equity Town" in html
    assert "Sign in to Wagtail" not in html
    assert "/static/img/logo.svg" in html


def test_application_columns_are_written_for_editors(client, editor):
    PartnerApplication.objects.create(
        organisation_name="Stopsley Walking Group",
        sector="vcsfe",
        contact_name="Amina Khan",
        contact_email="amina@example.org",
        description="Walks.",
    )
    client.force_login(editor)
    html = client.get(reverse("partner_applications:index")).content.decode()
    assert "Contact name" in html
    assert "Your name" not in html
    detail = client.get(
        reverse("partner_applications:inspect", args=[PartnerApplication.objects.get().pk])
    ).content.decode()
    assert "Contact email" in detail
    assert "Your email address" not in detail


def concrete_page_models():
    return [m for m in apps.get_models() if issubclass(m, BasePage) and not m._meta.abstract]


@pytest.mark.parametrize("model", concrete_page_models(), ids=lambda m: m.__name__)
def test_no_two_fields_on_an_edit_form_share_a_label(model):
    form_class = model.get_edit_handler().get_form_class()
    labels = Counter(
        str(field.label).casefold() for field in form_class.base_fields.values() if field.label
    )
    assert [label for label, count in labels.items() if count > 1] == []


def test_case_study_organisation_fields_say_which_is_which():
    from casestudies.models import CaseStudyPage

    fields = CaseStudyPage.get_edit_handler().get_form_class().base_fields
    assert fields["organisation_name"].label == "Organisation name as credited"
    assert fields["organisation"].label == "Partner organisation"


def test_menu_labels_are_short_enough_to_read(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Newsletter subscribers" not in html
    assert '"Subscribers"' in html


# --- Workflows only on partner content ----------------------------------------------------


def test_no_workflow_on_the_tree_root_or_editor_only_pages(db):
    root = Page.get_first_root_node()
    assert not WorkflowPage.objects.filter(page=root).exists()
    issue = nf.issue()
    prize_round = prf.prize_round(2026)
    assert issue.get_workflow() is None
    assert prize_round.get_workflow() is None


def test_partner_content_still_goes_through_review(db):
    org = pf.organisation("Organisation A")
    project = pf.project(org)
    assert project.get_workflow().name == WORKFLOW_NAME


def test_the_migration_takes_the_default_workflow_off_the_root(db):
    root = Page.get_first_root_node()
    default = Workflow.objects.create(name="Moderators approval")
    WorkflowPage.objects.create(page=root, workflow=default)
    partner = pf.partner_index()
    migration = importlib.import_module(
        "projects.migrations.0002_workflows_only_on_partner_content"
    )
    migration.remove_workflows_from_root(apps, None)
    assert not WorkflowPage.objects.filter(page=root).exists()
    assert partner.get_workflow().name == WORKFLOW_NAME  # partner content keeps its own


# --- Prize rounds ---------------------------------------------------------------------------


def add_round_form(client, index):
    url = reverse("wagtailadmin_pages:add", args=("prizes", "prizeroundpage", index.pk))
    html = client.get(url).content.decode()
    return url, html, querydict_from_html(html, form_id="page-edit-form")


def test_a_new_prize_round_gets_its_year_as_address(client, db):
    index = prf.prize_index()
    client.force_login(factories.user(is_superuser=True))
    url, html, data = add_round_form(client, index)
    # Typing the year fills in the slug in the browser; the title does not.
    year_input = re.search(r'<input[^>]*name="year"[^>]*>', html).group(0)
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert 'data-w-sync-target-value="#id_slug"' in year_input
    assert 'data-w-sync-target-value=""' in title_input
    # Without the browser's help the slug is empty; the server takes the year.
    data.update(
        {
            "title": "Health Equity Town Prize 2026",
            "year": "2026",
            "name": "Director of Public Health Health Equity Town Prize",
            "slug": "",
            "body-count": "0",
            "action-publish": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    prize_round = PrizeRoundPage.objects.get(year=2026)
    assert prize_round.slug == "2026"
    assert prize_round.url == "/prize/2026/"


def test_prize_round_name_help_leads_away_from_the_year(db):
    field = PrizeRoundPage._meta.get_field("name")
    assert "without the year" in field.help_text
    page = PrizeRoundPage(title="Prize 2026", year=2026, name="Prize 2026", slug="x")
    with pytest.raises(Exception, match="Leave the year out"):
        page.clean()
