"""Demo content: the partner directory, the project library, partners and their projects.

Everything here is taken from Luton's Annual Public Health Report 2024 (copied into this
module so a clone of the repository has it). Where the report does not say something
(websites, charity numbers, dates, contact details) the field is left blank rather
than invented. Taxonomy comes from the core demo and priority groups from the
priorities demo, both of which run first (INSTALLED_APPS order).

Idempotent: organisations are looked up by slug, their pages by organisation and
projects by slug under their organisation's page. Existing pages are left as editors
made them. Member accounts are created by the partner portal's demo, not here.
"""

from django.db import transaction

from hetsite.core.models import MarmotPrinciple, PopulationGroup, Ward

from .models import (
    OrganisationPage,
    PartnerIndexPage,
    PartnerOrganisation,
    ProjectIndexPage,
    ProjectPage,
    Sector,
)
from .moderation import assign_workflow_to_partner_index

PARTNER_INDEX = {
    "title": "Partners",
    "slug": "partners",
    "introduction": (
        "The organisations in Luton's Health Equity System: voluntary, community, faith "
        "and social enterprise groups, the NHS, the council, businesses and education. "
        "Find out who works in your ward and what they do."
    ),
}
PROJECT_INDEX = {
    "title": "Projects",
    "slug": "projects",
    "introduction": (
        "Projects and services partners run to improve health equity in Luton. Filter by "
        "Marmot principle, ward, priority group, status or type of organisation."
    ),
}

ACTIVE = ProjectPage.Status.ACTIVE
COMPLETED = ProjectPage.Status.COMPLETED

# Each organisation: name, slug, sector, description, wards (slugs) and projects. Each
# project: title, slug, summary, description, status, wards, who it is for, how to take
# part, funding, principles (numbers), priority group (slug), population groups (slugs).
ORGANISATIONS = [
    {
        "name": "eQuality Primary Care Network",
        "slug": "equality-primary-care-network",
        "sector": Sector.NHS,
        "wards": ["biscot"],
        "description": (
            "A primary care network working with its patients and the wider community in "
            "Biscot.\n\n"
            "Its Personalised Care Team, including health and wellbeing coaches, runs the "
            "Biscot Health and Wellbeing Hub with St Andrew's Church, the Biscot councillor "
            "and the GP Biscot Group, as part of Luton's integrated neighbourhood working."
        ),
        "projects": [
            {
                "title": "Biscot Health and Wellbeing Hub: classes and events",
                "slug": "biscot-hub-classes-and-events",
                "summary": (
                    "A friendly, safe space with classes and events tailored to the needs of "
                    "our patients and community: exercise, gardening, arts and crafts, "
                    "coffee mornings and seasonal festivals."
                ),
                "description": (
                    "The hub gives the local population access to health education and "
                    "wellbeing activities and encourages a healthy lifestyle through diet and "
                    "exercise. It targets health inequalities and reaches groups services "
                    "often miss, and it aims to be a safe space for vulnerable patients.\n\n"
                    "What happens at the hub:\n"
                    "- weekly exercise classes (Pure Stretch, yoga, Zumba, chair-based and "
                    "more)\n"
                    "- fortnightly community gardening sessions\n"
                    "- arts, crafts and activities workshops\n"
                    "- work with local schools, including workshops on addressing knife crime\n"
                    "- monthly coffee mornings and afternoons\n"
                    "- seasonal community festivals\n\n"
                    "It is run in collaboration with St Andrew's Church and the local "
                    "council, with the Biscot councillor, eQuality PCN coaches and the GP "
                    "Biscot Group, and is part of the Integrated Neighbourhood Team."
                ),
                "status": ACTIVE,
                "wards": ["biscot"],
                "who_it_is_for": (
                    "Open to all our patients, their families and the wider community. "
                    "Everyone is welcome, regardless of age, gender, religion, ethnicity, "
                    "background or disability. Classes and events are multilingual."
                ),
                "how_to_take_part": (
                    "Ask the network's Personalised Care Team, such as its health and "
                    "wellbeing coaches, about the hub's classes and events."
                ),
                "principles": [5, 6],
            },
        ],
    },
    {
        "name": "GoodGym Luton",
        "slug": "goodgym-luton",
        "sector": Sector.VCSFE,
        "wards": [],
        "description": (
            "GoodGym engages adults in physical activity by giving the activity a purpose "
            "beyond their own fitness. Members use their energy to help community projects "
            "with physical tasks, and isolated older people in their homes.\n\n"
            "GoodGym isn't confined to a physical location: Luton is our gym. The streets "
            "are our treadmill and the community is where we do our heavy lifting.\n\n"
            "GoodGym Luton has been running for over two years, launched with start-up "
            "funding from Luton Borough Council, and its membership continues to grow."
        ),
        "projects": [
            {
                "title": "GoodGym Luton group sessions",
                "slug": "goodgym-luton-group-sessions",
                "summary": (
                    "Group sessions every Wednesday evening, whatever the weather, and more "
                    "on rotation through the week: walk, run or cycle to do good in the "
                    "community."
                ),
                "description": (
                    "The Wednesday evening session is a regular focal point in the week for "
                    "people to get together and feel part of the GoodGym community; the "
                    "friendship and camaraderie between members keeps them coming back. "
                    "Other sessions on rotation mean there is something on offer nearly every "
                    "day, at various times, and members who gain confidence lead their own "
                    "sessions.\n\n"
                    "We partner with community groups tackling many issues, among them "
                    "Wardown Parkrun, FoodCycle, Breakfast Battery Boxes, Penrose Roots, 61 "
                    "Football Club and the Level Trust school clothes bank. We work with the "
                    "council's Parks and Countryside team to maintain and improve Luton's "
                    "parks and nature reserves, and support community events such as the "
                    "Fireworks Spectacular, Luton RunFest and Race for Life.\n\n"
                    "In 2023 so far, 49 members have taken part in 279 group sessions, done "
                    "over 1,000 good deeds in the community and covered over 4,500 km. Luton's "
                    "asylum seekers have joined us, finding community connections, a chance to "
                    "give something back and a boost to their fitness and mental state."
                ),
                "status": ACTIVE,
                "who_it_is_for": (
                    "Adults, whether you enjoy being active or need some motivation to get "
                    "out there. Sessions vary in intensity to suit everyone, and you can walk, "
                    "run or cycle."
                ),
                "how_to_take_part": (
                    "Come along to a group session on a Wednesday evening, whatever the weather."
                ),
                "funding": "Start-up funding from Luton Borough Council launched GoodGym Luton.",
                "principles": [5, 6],
                "population_groups": ["asylum-seekers-and-refugees"],
            },
            {
                "title": "GoodGym Luton visits to older people",
                "slug": "goodgym-luton-visits-to-older-people",
                "summary": (
                    "Members visit isolated older people in their homes, for practical tasks "
                    "and, since this year, purely social visits over a cup of tea."
                ),
                "description": (
                    "Our visits to older people in their homes have expanded this year with "
                    "social visits in addition to practical tasks. A social visit is simply "
                    "sitting down with an isolated older person and having a chat over a cup "
                    "of tea.\n\n"
                    "\u201cA lady from GoodGym visited my auntie this week. It was very well "
                    "received. Auntie enjoyed chatting to the lady over a cup of tea, it is "
                    "exactly the kind of thing to help with her feeling so lonely.\u201d\n\n"
                    "A larger pool of members, and of DBS-checked members in particular, "
                    "would let us support more older people in their homes."
                ),
                "status": ACTIVE,
                "who_it_is_for": "Isolated older people living in Luton.",
                "principles": [6],
                "population_groups": ["older-people"],
            },
        ],
    },
    {
        "name": "NOAH Enterprises",
        "slug": "noah-enterprises",
        "sector": Sector.VCSFE,
        "wards": [],
        "description": (
            "NOAH takes a holistic approach to homelessness and exclusion. Whichever service "
            "a person comes to first, they are encouraged to use as many parts of NOAH as "
            "they need to reach their potential.\n\n"
            "NOAH believes that access to stable and quality accommodation is a significant "
            "wider determinant of health and wellbeing, and strives to help everyone in Luton "
            "obtain it, to avoid future health challenges and hospital admissions."
        ),
        "projects": [
            {
                "title": "NOAH welfare, advice and outreach",
                "slug": "noah-welfare-advice-and-outreach",
                "summary": (
                    "Welfare services are at the heart of NOAH: most people first meet NOAH "
                    "through its welfare and outreach services."
                ),
                "description": (
                    "Welfare, advice and outreach are where people most often have their "
                    "first contact with NOAH, and the way in to everything else NOAH offers, "
                    "including in-house immigration advice."
                ),
                "status": ACTIVE,
                "principles": [4],
                "priority_group": "housing-and-health",
                "population_groups": ["people-experiencing-homelessness"],
            },
            {
                "title": "NOAH hospital discharge support",
                "slug": "noah-hospital-discharge-support",
                "summary": (
                    "A hospital discharge worker helps patients leaving hospital with nowhere "
                    "to live into a home instead of rough sleeping."
                ),
                "description": (
                    "When a patient is ready to leave hospital but has nowhere to live, "
                    "returning to rough sleeping makes relapse and readmission likely. NOAH's "
                    "Hospital Discharge Project Worker can arrange interim accommodation, "
                    "refer them to NOAH's in-house OISC immigration adviser, help them claim "
                    "Universal Credit and apply for supported or private rented housing.\n\n"
                    "In 2023 this support helped a patient discharged from the Luton and "
                    "Dunstable Hospital have his no recourse to public funds status removed "
                    "within five days and move into a privately rented room of his own.\n\n"
                    "NOAH works with Luton Citizens Advice, Luton Council Housing and the "
                    "Luton and Dunstable Hospital."
                ),
                "status": ACTIVE,
                "who_it_is_for": ("Patients ready to leave hospital who have nowhere to live."),
                "principles": [4, 6],
                "priority_group": "housing-and-health",
                "population_groups": ["people-experiencing-homelessness"],
            },
            {
                "title": "NOAH work experience and skills training",
                "slug": "noah-work-experience-and-skills-training",
                "summary": (
                    "Work experience, training in employable skills and preparation for "
                    "employment: a bridge into a sustainable future."
                ),
                "description": (
                    "For someone who has been homeless or long-term unemployed, the chance to "
                    "gain work experience and training in employable skills is a very "
                    "important step. Combined with preparation for employment it provides a "
                    "bridge into a sustainable future.\n\n"
                    "NOAH's social enterprise activities raise money for its charitable work "
                    "and give support and work experience to many NOAH service users."
                ),
                "status": ACTIVE,
                "who_it_is_for": ("People who have been homeless or long-term unemployed."),
                "principles": [3],
                "priority_group": "business-employment-skills-and-health",
                "population_groups": ["people-experiencing-homelessness"],
            },
        ],
    },
    {
        "name": "Luton Borough Council",
        "slug": "luton-borough-council",
        "sector": Sector.COUNCIL,
        "wards": [],
        "description": (
            "Luton Borough Council's public health team supports the Health Equity Town "
            "priority groups and works with partners across the Health Equity System to "
            "improve health equity and promote fairness, building on the eight Marmot "
            "principles."
        ),
        "projects": [
            {
                "title": "Improving income in families: a quality improvement project",
                "slug": "improving-income-in-families",
                "summary": (
                    "Public health, Family Hubs, ELFT Marmot Trust, Luton Supporting You and "
                    "Luton Citizens Advice are working together to improve income in families."
                ),
                "description": (
                    "The project's focus is to increase families' opportunities to access "
                    "available funds by making sure the knowledge and the opportunity are "
                    "there for them.\n\n"
                    "It uses a quality improvement approach: a driver diagram sets out the "
                    "overall aim and possible change ideas, looking at key times in a "
                    "child's journey where partners can work together to maximise the "
                    "health and wellbeing of the child."
                ),
                "status": ACTIVE,
                "who_it_is_for": "Families in Luton.",
                "principles": [1, 4],
                "priority_group": "children-and-young-people",
                "population_groups": ["families", "low-income-households"],
            },
            {
                "title": "Building blocks of health training",
                "slug": "building-blocks-of-health-training",
                "summary": (
                    "Training, with HealthWorks Ltd, in talking about the wider determinants "
                    "of health in everyday terms: the building blocks of health."
                ),
                "description": (
                    "In Luton we use the term \u2018building blocks of health\u2019 for the "
                    "wider determinants of health, and have committed to keeping our "
                    "language easy to understand. Working with HealthWorks Ltd we have "
                    "trained 73 people across the Health Equity System, including champions "
                    "who commit to sharing the learning and using the communication skills "
                    "they gained.\n\n"
                    "\u2018Really powerful tool to get messages through to colleagues, wider "
                    "community and policy makers\u2019 (a senior Health Equity System leader)."
                ),
                "status": ACTIVE,
                "who_it_is_for": (
                    "Partners and colleagues working in Luton's Health Equity System."
                ),
            },
            {
                "title": "The Collaboration Fund",
                "slug": "collaboration-fund",
                "summary": (
                    "Funding for voluntary, community and faith sector groups to work together "
                    "on the health inequalities marginalised and vulnerable communities face."
                ),
                "description": (
                    "Public health worked with the Fairness Taskforce, in partnership with "
                    "Bedfordshire and Luton Community Foundation and the Young Foundation, to "
                    "fund and deliver the Collaboration Fund. It built on the award-winning "
                    "Talk, Listen, Change research with the University of Bedfordshire.\n\n"
                    "Its purpose was a strategic approach to structural health inequalities "
                    "in the VCSFE sector: new partnerships instead of competition, and the "
                    "added value of collaboration. The evaluation found learning for "
                    "individuals and organisations, with a focus on people's stories."
                ),
                "status": COMPLETED,
                "who_it_is_for": (
                    "Voluntary, community and faith sector groups and organisations in Luton."
                ),
                "funding": (
                    "Public health with Bedfordshire and Luton Community Foundation and the "
                    "Young Foundation."
                ),
            },
            {
                "title": "Luton Integrated Neighbourhood Collaborative (LINC)",
                "slug": "luton-integrated-neighbourhood-collaborative",
                "summary": (
                    "Teams across primary care, hospitals, social care and communities "
                    "working together as neighbourhood multidisciplinary teams."
                ),
                "description": (
                    "LINC has three foundation stone projects:\n"
                    "1. Mapping multidisciplinary teams (MDTs) across Luton and agreeing a "
                    "consistent, best-practice way of working, matched to need.\n"
                    "2. Refreshing the BLMK High Intensity Users Scheme to offer a holistic, "
                    "neighbourhood-level MDT offer in a pilot neighbourhood.\n"
                    "3. An All-Age Professional Network connecting everyone who works in a "
                    "neighbourhood, with training in neighbourhood working.\n\n"
                    "Work has started in the Biscot and North Luton neighbourhoods."
                ),
                "status": ACTIVE,
                "wards": ["biscot"],
                "principles": [6],
            },
            {
                "title": "Healthy Estates",
                "slug": "healthy-estates",
                "summary": (
                    "Improving the health and wellbeing of tenants through improvements to "
                    "managed sites and partnership working."
                ),
                "description": (
                    "The Luton Healthy Estates Strategy has three priorities: identify needs "
                    "and involve local people; promote healthy and fulfilling lives; provide "
                    "attractive and diverse green spaces.\n\n"
                    "Roadshows listened to residents' needs, and a survey collected feedback: "
                    "100 forms so far. Next come a tenants' newsletter, health campaigns such "
                    "as stop smoking, play streets, green and communal space initiatives and "
                    "community initiatives."
                ),
                "status": ACTIVE,
                "who_it_is_for": "Tenants on Luton's managed sites.",
                "principles": [5],
                "priority_group": "housing-and-health",
            },
        ],
    },
    {
        "name": "Luton Family Hubs",
        "slug": "luton-family-hubs",
        "sector": Sector.COUNCIL,
        "wards": [],
        "description": (
            "Luton Family Hubs are a town-wide partnership: friendly, committed, helpful, "
            "professional partners and local experts offering parent and child sessions, "
            "advice, information and guidance to all families, whatever their experience or "
            "circumstances.\n\n"
            "Their work follows three delivery principles: access, connection and "
            "relationships."
        ),
        "projects": [
            {
                "title": "Start for Life and Flying Start",
                "slug": "start-for-life-and-flying-start",
                "summary": (
                    "Support in the critical first 1,001 days of a child's life, and an "
                    "extended, universal approach to early years development."
                ),
                "description": (
                    "The Start for Life programme focuses on the first 1,001 days of a "
                    "child's life. Through the Family Hub programme, Flying Start offers an "
                    "extended and universal approach to early years development, to improve "
                    "health outcomes and school readiness across the whole population."
                ),
                "status": ACTIVE,
                "who_it_is_for": "Parents and young children.",
                "principles": [1],
                "priority_group": "children-and-young-people",
                "population_groups": ["families", "children-and-young-people"],
            },
            {
                "title": "Family Hub parent and child sessions",
                "slug": "family-hub-parent-and-child-sessions",
                "summary": (
                    "Parent and child sessions, advice, information and guidance, including "
                    "infant feeding, parenting and dad groups."
                ),
                "description": (
                    "Family Hubs offer parent and child sessions, advice, information and "
                    "guidance to all families in Luton. A published report shows how they "
                    "have driven action in infant feeding, parenting, dad groups and more."
                ),
                "status": ACTIVE,
                "who_it_is_for": "All families, whatever their experience or circumstances.",
                "principles": [1],
                "priority_group": "children-and-young-people",
                "population_groups": ["families"],
            },
        ],
    },
    {
        "name": "Change Grow Live",
        "slug": "change-grow-live",
        "sector": Sector.VCSFE,
        "wards": [],
        "description": (
            "With Community Led Initiatives, one of Luton's commissioned treatment and "
            "recovery services."
        ),
        "projects": [
            {
                "title": "Employment and training support in treatment and recovery",
                "slug": "employment-support-in-treatment-and-recovery",
                "summary": (
                    "Helping everyone using treatment and recovery services into employment "
                    "and training, with dedicated Individual Placement Support staff."
                ),
                "description": (
                    "Change Grow Live and Community Led Initiatives work together to help all "
                    "service users into employment and training opportunities, in partnership "
                    "with services across Luton.\n\n"
                    "The Individual Placement Support (IPS) team, part of a Bedfordshire, "
                    "Luton and Milton Keynes consortium funded by the Office for Health "
                    "Improvement and Disparities, provides dedicated staff to Change Grow Live."
                ),
                "status": ACTIVE,
                "who_it_is_for": "People using Luton's treatment and recovery services.",
                "funding": (
                    "The Individual Placement Support consortium for Bedfordshire, Luton and "
                    "Milton Keynes is funded by the Office for Health Improvement and "
                    "Disparities (OHID)."
                ),
                "principles": [3],
                "priority_group": "business-employment-skills-and-health",
            },
        ],
    },
    {
        "name": "Luton Citizens Advice",
        "slug": "luton-citizens-advice",
        "sector": Sector.VCSFE,
        "wards": [],
        "description": (
            "A partner in the quality improvement project to improve income in families, "
            "with public health, Family Hubs, ELFT Marmot Trust and Luton Supporting You, "
            "and in NOAH Enterprises' work with people facing homelessness."
        ),
        "projects": [],
    },
    {
        "name": "East London Foundation Trust (ELFT)",
        "slug": "east-london-foundation-trust",
        "sector": Sector.NHS,
        "wards": [],
        "description": (
            "Luton's mental health provider. As ELFT Marmot Trust it is a partner in the "
            "quality improvement project to improve income in families."
        ),
        "projects": [],
    },
    {
        "name": "HealthWorks Ltd",
        "slug": "healthworks-ltd",
        "sector": Sector.BUSINESS,
        "wards": [],
        "description": (
            "Partnered with Luton Borough Council to improve the understanding and "
            "communication of the building blocks of health, delivering training to partners "
            "and colleagues across the Health Equity System."
        ),
        "projects": [],
    },
    {
        "name": "Bedfordshire and Luton Community Foundation",
        "slug": "bedfordshire-and-luton-community-foundation",
        "sector": Sector.VCSFE,
        "wards": [],
        "description": (
            "Funded and delivered the Collaboration Fund with public health, the Fairness "
            "Taskforce and the Young Foundation, and is a funding partner of the Director of "
            "Public Health Health Equity Town Prize."
        ),
        "projects": [],
    },
]

PROJECT_TEXT_FIELDS = ["who_it_is_for", "how_to_take_part", "funding"]


def load(ctx):
    with transaction.atomic():
        partner_index = load_index(ctx, PartnerIndexPage, PARTNER_INDEX)
        load_index(ctx, ProjectIndexPage, PROJECT_INDEX)
        for spec in ORGANISATIONS:
            org_page = load_organisation(ctx, partner_index, spec)
            for project_spec in spec["projects"]:
                load_project(ctx, org_page, project_spec)
        # Pages partners submit from now on go through the review workflow.
        assign_workflow_to_partner_index()
    ctx.log(
        f"Partners: {PartnerOrganisation.objects.count()} organisations, "
        f"{ProjectPage.objects.live().count()} live projects"
    )


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_index(ctx, model, spec):
    index = model.objects.child_of(ctx.home).filter(slug=spec["slug"]).first()
    if index is None:
        index = _publish(
            ctx.home,
            model(
                title=spec["title"],
                slug=spec["slug"],
                introduction=spec["introduction"],
                show_in_menus=True,
            ),
        )
        ctx.log(f"Created /{spec['slug']}/")
    return index


def load_organisation(ctx, partner_index, spec):
    organisation, _ = PartnerOrganisation.objects.get_or_create(
        slug=spec["slug"], defaults={"name": spec["name"], "sector": spec["sector"]}
    )
    page = OrganisationPage.objects.filter(organisation=organisation).first()
    if page is not None:
        return page
    page = OrganisationPage(
        title=organisation.name,
        slug=spec["slug"],
        organisation=organisation,
        description=spec["description"],
    )
    page.wards = list(Ward.objects.filter(slug__in=spec["wards"]))
    _publish(partner_index, page)
    ctx.log(f"Created the partner {organisation.name}")
    return page


def load_project(ctx, org_page, spec):
    if ProjectPage.objects.child_of(org_page).filter(slug=spec["slug"]).exists():
        return
    page = ProjectPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        description=spec["description"],
        status=spec["status"],
        **{field: spec.get(field, "") for field in PROJECT_TEXT_FIELDS},
    )
    if spec.get("priority_group"):
        # Fixed slugs from the priorities demo; a missing group is left blank. The model is
        # reached through the field: priorities sits above projects and is not imported.
        groups = ProjectPage._meta.get_field("priority_group").related_model.objects
        page.priority_group = groups.filter(slug=spec["priority_group"]).first()
    page.principles = list(MarmotPrinciple.objects.filter(number__in=spec.get("principles", [])))
    page.wards = list(Ward.objects.filter(slug__in=spec.get("wards", [])))
    page.population_groups = list(
        PopulationGroup.objects.filter(slug__in=spec.get("population_groups", []))
    )
    _publish(org_page, page)
    ctx.log(f"Created the project {page.title!r}")
