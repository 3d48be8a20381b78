"""Builders for partner organisations, their pages, projects and the pages they link to."""

from django.utils.text import slugify

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from priorities.models import PriorityGroupPage, PriorityIndexPage
from projects.models import (
    OrganisationPage,
    PartnerIndexPage,
    PartnerOrganisation,
    ProjectIndexPage,
    ProjectPage,
    ProjectPageImage,
    Sector,
)
from tests import factories


def _singleton(model, title, slug):
    existing = model.objects.first()
    if existing is not None:
        return existing
    return factories.add_page(
        factories.home_page(), model(title=title, slug=slug, show_in_menus=True)
    )


def partner_index():
    return _singleton(PartnerIndexPage, "Partners", "partners")


def project_index():
    return _singleton(ProjectIndexPage, "Projects", "projects")


def case_study_index():
    return _singleton(CaseStudyIndexPage, "Case studies", "case-studies")


def priority_group(title="Housing and Health", slug=None, short_name=""):
    index = _singleton(PriorityIndexPage, "Priorities", "priorities")
    slug = slug or slugify(title)
    existing = PriorityGroupPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    page = PriorityGroupPage(
        title=title, slug=slug, short_name=short_name, purpose=f"What {title} is for."
    )
    return factories.add_page(index, page)


def organisation(name=None, sector=Sector.VCSFE, **kwargs):
    name = name or factories.unique("Organisation")
    return PartnerOrganisation.objects.create(
        name=name, slug=slugify(name)[:200], sector=sector, **kwargs
    )


def organisation_page(name=None, sector=Sector.VCSFE, wards=(), publish=True, **kwargs):
    org = organisation(name, sector)
    kwargs.setdefault("description", f"{org.name} works with residents across Luton.")
    page = OrganisationPage(title=org.name, slug=org.slug, organisation=org, **kwargs)
    page = factories.add_page(partner_index(), page, publish=False)
    page.wards.set(wards)
    page.save()
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def project(
    org_page,
    title=None,
    principles=(),
    wards=(),
    population_groups=(),
    images=(),
    publish=True,
    **kwargs,
):
    """A ProjectPage under ``org_page``; ``images`` is a list of (image, alt_text)."""
    title = title or factories.unique("Project")
    kwargs.setdefault("summary", f"{title} in a sentence.")
    kwargs.setdefault("description", f"What {title} does.\n\nA second paragraph.")
    page = ProjectPage(title=title, slug=slugify(title)[:50] or None, **kwargs)
    for order, (image, alt_text) in enumerate(images):
        page.images.add(ProjectPageImage(image=image, alt_text=alt_text, sort_order=order))
    page = factories.add_page(org_page, page, publish=False)
    page.principles.set(principles)
    page.wards.set(wards)
    page.population_groups.set(population_groups)
    page.save()
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def case_study(parent=None, title=None, publish=True, **kwargs):
    """A CaseStudyPage under ``parent`` (an OrganisationPage or the case study index)."""
    parent = parent or case_study_index()
    title = title or factories.unique("Case study")
    kwargs.setdefault("organisation_name", "A partner")
    kwargs.setdefault("about", "About the project.")
    kwargs.setdefault("what_we_did", "What we did.")
    kwargs.setdefault("achievements", "What we achieved.")
    kwargs.setdefault("learning", "What we learnt.")
    kwargs.setdefault("year", 2024)
    page = CaseStudyPage(title=title, slug=slugify(title)[:50], **kwargs)
    return factories.add_page(parent, page, publish=publish)
