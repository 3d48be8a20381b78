"""Demo content: the case study library and the report's three case studies.

Runs after the priorities and projects demos, which create the priority groups and
the partner organisations' pages the case studies belong to. Idempotent: pages are
looked up by slug and left alone when they exist.
"""

from hetsite.core.models import MarmotPrinciple, Neighbourhood, PopulationGroup, Ward
from projects.models import OrganisationPage

from .demo_content import CASE_STUDIES, INDEX
from .models import CaseStudyIndexPage, CaseStudyPage

TEXT_FIELDS = [
    "authors",
    "organisation_name",
    "year",
    "about",
    "what_we_did",
    "partners",
    "achievements",
    "learning",
    "acknowledgements",
    "whats_next",
]


class DemoContentError(RuntimeError):
    pass


def load(ctx):
    if ctx.home is None:
        raise DemoContentError("The case study demo needs the home page (core demo) first.")
    load_index(ctx)
    for data in CASE_STUDIES:
        load_case_study(ctx, data)


def load_index(ctx):
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        index = CaseStudyIndexPage(
            title=INDEX["title"],
            slug=INDEX["slug"],
            introduction=INDEX["introduction"],
            show_in_menus=True,
        )
        ctx.home.add_child(instance=index)
        index.save_revision().publish()
        ctx.log("Created the case study index at /case-studies/")
    return index


def _organisation_page(slug):
    page = OrganisationPage.objects.filter(organisation__slug=slug).first()
    if page is None:
        raise DemoContentError(
            f"No OrganisationPage for the partner organisation {slug!r}: the projects demo "
            "must create it before the case study demo runs."
        )
    return page


def _get(model, label, **lookup):
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist as exc:
        raise DemoContentError(f"Demo taxonomy missing: no {label} with {lookup}.") from exc


def load_case_study(ctx, data):
    parent = _organisation_page(data["organisation_slug"])
    if CaseStudyPage.objects.filter(slug=data["slug"]).exists():
        return
    page = CaseStudyPage(
        title=data["title"], slug=data["slug"], **{f: data[f] for f in TEXT_FIELDS}
    )
    if data["neighbourhood"]:
        page.neighbourhood = _get(Neighbourhood, "neighbourhood", slug=data["neighbourhood"])
    if data["priority_group"]:
        page.priority_group = _get(
            CaseStudyPage._meta.get_field("priority_group").related_model,
            "priority group",
            slug=data["priority_group"],
        )
    page.principles = [
        _get(MarmotPrinciple, "Marmot principle", number=n) for n in data["principles"]
    ]
    page.wards = [_get(Ward, "ward", slug=slug) for slug in data["wards"]]
    page.population_groups = [
        _get(PopulationGroup, "population group", slug=slug) for slug in data["population_groups"]
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    ctx.log(f"Created the case study {data['title']!r} under {parent.title}")
