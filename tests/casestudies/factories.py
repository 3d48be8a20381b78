"""Builders for case studies and the pages and organisations they belong to."""

from django.utils.text import slugify

from casestudies.models import CaseStudyImage, CaseStudyIndexPage, CaseStudyPage
from priorities.models import PriorityGroupPage, PriorityIndexPage
from projects.models import OrganisationPage, PartnerIndexPage, PartnerOrganisation, Sector
from tests import factories


def _singleton(model, title, slug):
    existing = model.objects.first()
    if existing is not None:
        return existing
    return factories.add_page(
        factories.home_page(), model(title=title, slug=slug, show_in_menus=True)
    )


def index_page():
    return _singleton(CaseStudyIndexPage, "Case studies", "case-studies")


def partner_index():
    return _singleton(PartnerIndexPage, "Partners", "partners")


def priority_group(title="Housing and Health", short_name=""):
    index = _singleton(PriorityIndexPage, "Priorities", "priorities")
    slug = slugify(title)
    existing = PriorityGroupPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    page = PriorityGroupPage(
        title=title, slug=slug, short_name=short_name, purpose=f"What {title} does."
    )
    return factories.add_page(index, page)


def organisation(name=None, sector=Sector.VCSFE):
    name = name or factories.unique("Organisation")
    org, _ = PartnerOrganisation.objects.get_or_create(
        slug=slugify(name)[:200], defaults={"name": name, "sector": sector}
    )
    return org


def organisation_page(name=None, sector=Sector.VCSFE):
    org = organisation(name, sector)
    existing = OrganisationPage.objects.filter(organisation=org).first()
    if existing is not None:
        return existing
    page = OrganisationPage(
        title=org.name,
        slug=org.slug,
        organisation=org,
        description=f"{org.name} works with residents across Luton.",
    )
    return factories.add_page(partner_index(), page)


def case_study(
    parent=None,
    title=None,
    principles=(),
    wards=(),
    population_groups=(),
    images=(),
    publish=True,
    **fields,
):
    """A CaseStudyPage under ``parent`` (the index by default); ``images``: (image, alt)."""
    parent = parent or index_page()
    title = title or factories.unique("Case study")
    fields.setdefault("organisation_name", "A partner")
    fields.setdefault("about", f"About {title}.")
    fields.setdefault("what_we_did", "What we did.")
    fields.setdefault("achievements", "What we achieved.")
    fields.setdefault("learning", "What we learnt.")
    fields.setdefault("year", 2024)
    page = CaseStudyPage(title=title, slug=slugify(title)[:50] or None, **fields)
    page.principles = list(principles)
    page.wards = list(wards)
    page.population_groups = list(population_groups)
    for order, (image, alt_text) in enumerate(images):
        page.images.add(CaseStudyImage(image=image, alt_text=alt_text, sort_order=order))
    return factories.add_page(parent, page, publish=publish)


def case_studies(count, **kwargs):
    return [case_study(**kwargs) for _ in range(count)]


def case_studies_in_wards(names=factories.MANY_WARDS):
    """One case study per ward, all under the same principle."""
    principle = factories.principle(1)
    return [
        case_study(title=f"Work in {name}", wards=[factories.ward(name)], principles=[principle])
        for name in names
    ]
