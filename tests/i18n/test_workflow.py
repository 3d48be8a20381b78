"""Every page type the demo has, translated into Polish the way editors do it in the
admin with wagtail-localize: translation started (English strings as the fallback),
a PO file with the translated title imported, published, and served under /pl/."""

import datetime

import pytest

from wagtail.models import Page

from places.models import IndicatorIndexPage, WardIndexPage
from tests import factories
from tests.casestudies import factories as casestudy_factories
from tests.core import factories as core_factories
from tests.newsletters import factories as newsletter_factories
from tests.priorities import factories as priority_factories
from tests.prizes import factories as prize_factories
from tests.projects import factories as project_factories

from .helpers import import_title, start_translation

pytestmark = pytest.mark.django_db


def _home():
    return factories.home_page()


def _standard():
    image = factories.image()
    body = core_factories.every_block_body(image=image, link_page=factories.home_page())
    return core_factories.standard_page(title="About the programme", body=body)


def _organisation():
    ward = factories.ward("Biscot")
    return project_factories.organisation_page("Luton Food Link", wards=[ward])


def _project():
    org_page = project_factories.organisation_page("Dallow Gardeners")
    return project_factories.project(
        org_page,
        title="Growing together",
        principles=[factories.principle(1)],
        wards=[factories.ward("Dallow")],
        population_groups=[factories.population_group()],
        images=[(factories.image(), "Volunteers at the allotment")],
        priority_group=project_factories.priority_group(),
        contact_phone="01582 123456",
        website="https://example.org/",
    )


def _case_study():
    org_page = project_factories.organisation_page("Biscot Youth Club")
    return casestudy_factories.case_study(
        parent=org_page,
        title="Youth voices",
        principles=[factories.principle(2)],
        wards=[factories.ward("Biscot")],
    )


def _newsletter():
    return newsletter_factories.issue(year=2025, quarter=1)


def _priority_group():
    return priority_factories.group("Housing and Health")


def _priority_update():
    return priority_factories.update(
        priority_factories.group("Best Start in Life"), title="Spring progress"
    )


def _prize_round():
    return prize_factories.prize_round(
        2025, summary="Prizes for work that narrows the gap.", opens_on=datetime.date(2025, 1, 6)
    )


def _places(model, title, slug):
    def build():
        return factories.add_page(_home(), model(title=title, slug=slug))

    return build


PAGE_TYPES = {
    "HomePage": _home,
    "StandardPage": _standard,
    "PartnerIndexPage": project_factories.partner_index,
    "OrganisationPage": _organisation,
    "ProjectIndexPage": project_factories.project_index,
    "ProjectPage": _project,
    "CaseStudyIndexPage": casestudy_factories.index_page,
    "CaseStudyPage": _case_study,
    "NewsletterIndexPage": newsletter_factories.index_page,
    "NewsletterIssuePage": _newsletter,
    "PriorityIndexPage": priority_factories.priority_index,
    "PriorityGroupPage": _priority_group,
    "PriorityUpdatePage": _priority_update,
    "PrizeIndexPage": prize_factories.prize_index,
    "PrizeRoundPage": _prize_round,
    "WardIndexPage": _places(WardIndexPage, "Wards", "wards"),
    "IndicatorIndexPage": _places(IndicatorIndexPage, "Indicators", "indicators"),
}


def test_every_page_type_with_a_demo_page_is_covered():
    from django.apps import apps

    from hetsite.core.models import BasePage

    page_types = {
        model.__name__
        for model in apps.get_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    }
    assert page_types == set(PAGE_TYPES)


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_translate_into_polish_import_po_and_publish(page_type, client, editor, on_commit):
    page = PAGE_TYPES[page_type]()
    assert type(page).__name__ == page_type
    home = _home()
    if page.pk != home.pk:
        # The Polish home first: /pl/ routes from it.
        import_title(start_translation(home, "pl", on_commit), "Strona główna", on_commit)

    translation = start_translation(page, "pl", on_commit, user=editor)
    polish_title = f"{page.title} (po polsku)"
    polish = import_title(translation, polish_title, on_commit, user=editor)

    assert polish.pk != page.pk
    assert polish.locale.language_code == "pl"
    assert polish.live
    assert polish.title == polish_title
    # Every ancestor has a Polish version, so the page is reached under /pl/.
    for ancestor in polish.get_ancestors().filter(depth__gt=1):
        assert ancestor.locale_id == polish.locale_id
        assert ancestor.live
    url = polish.get_url()
    assert url.startswith("/pl/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert polish_title in html
    assert 'lang="pl"' in html

    # The English page is untouched and still served at its address.
    english = Page.objects.get(pk=page.pk).specific
    assert english.title == page.title
    assert client.get(english.get_url()).status_code == 200


def test_synchronised_taxonomy_and_source_only_fields(on_commit):
    project = _project()
    home = _home()
    import_title(start_translation(home, "pl", on_commit), "Strona główna", on_commit)
    project.content_language = "so"
    project.save_revision().publish()
    polish = import_title(start_translation(project, "pl", on_commit), "Rośniemy razem", on_commit)
    # Taxonomy and images follow the English page; the organisation page's link to its
    # organisation stays on the English page (one page per organisation).
    assert set(polish.wards.all()) == set(project.wards.all())
    assert set(polish.principles.all()) == set(project.principles.all())
    assert set(polish.population_groups.all()) == set(project.population_groups.all())
    assert polish.images.count() == 1
    assert polish.organisation_id == project.organisation_id
    # A translation is written in its own language.
    assert polish.content_language == ""
    org_page = project.get_parent().specific
    polish_org = polish.get_parent().specific
    assert polish_org.locale.language_code == "pl"
    assert polish_org.organisation_id is None
    assert polish_org.partner == org_page.organisation
