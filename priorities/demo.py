"""Demo content: the priority groups and their Table 2 progress updates.

Text is copied from Luton's Annual Public Health Report 2024 (Table 2, "Summary of Health
Equity Town achievements") and, for the Net Zero steering group, the European Journal of
Public Health 2024 abstract "Luton, a Marmot town". Titles, the update date and the
statuses are set for the demo (the report gives none) and each page says so.

Idempotent: pages are looked up by slug; existing pages are left as editors made them.
"""

import datetime

from hetsite.core.models import MarmotPrinciple
from priorities.models import PriorityGroupPage, PriorityIndexPage, PriorityUpdatePage

INDEX_SLUG = "priorities"
INDEX_TITLE = "Health Equity Town priorities"
INDEX_INTRODUCTION = (
    "In order to implement the eight Marmot principles, partners from across Luton's "
    "health equity system work to the Health Equity Town's agreed priorities. Each "
    "priority is chaired by a subject matter expert and supported by Public Health."
)

# The report is dated 2024 and describes events up to November 2024; it dates no update.
UPDATE_DATE = datetime.date(2024, 12, 1)
UPDATE_NOTE = (
    "<p>Source: Table 2 of Luton's Annual Public Health Report 2024, which sets each "
    "priority's commitment from the 2023 report beside its update. Demo content: the "
    "report gives no exact date or status for the update, so the page is dated "
    "December 2024 and marked on track for the demo.</p>"
)
CHAIR = "A subject matter expert, supported by Public Health"


def paragraph(html):
    return {"type": "paragraph", "value": html}


GROUPS = [
    {
        "slug": "business-employment-skills-and-health",
        "title": "Business, Employment, Skills and Health",
        "short_name": "BESH",
        "chair": CHAIR,
        "purpose": (
            "The purpose of the group is to include strategies to ensure all working age "
            "residents have appropriate and relevant skills, and opportunities for good, "
            "quality work locally."
        ),
        "target_groups": "Businesses and employers\nSub-groups of our population",
        "principles": [3],
        "body": [
            paragraph(
                "<p>The BESH Sub-Group works with the wider workforce which includes "
                "supporting the Good Business Charter accreditation work through Inclusive "
                "Economy, and new Economic Strategy, that has re-shaped the draft Employment "
                "and Skills Strategy.</p>"
            )
        ],
        "updates": [
            {
                "slug": "supporting-people-back-into-work",
                "title": "Supporting people back into work",
                "commitment": (
                    "Developing focused actions to support people back into work – substance "
                    "misuse services, mental health services, housing associations utilise "
                    "the Health Equity Prize."
                ),
                "progress": (
                    "The three Health Equity Town prize winners from 2023 developed their "
                    "projects in 2024 based on the funding received. In August 2024 a "
                    "showcase event was organised with presentations about their experiences "
                    "and evaluation of the impact they have made in tackling health "
                    "inequalities. This concerns frequent attenders of primary care services, "
                    "socially inclusive youth club activities, and employment opportunities "
                    "for people with learning disabilities. Two of the projects presented "
                    "again at the Annual Health Equity Town conference in November 2024.\n\n"
                    "Change, Grow, Live and Community Led Initiatives, our commissioned "
                    "treatment and recovery services for Luton, collaborate to assist all "
                    "service users in accessing employment and training opportunities. This "
                    "effort is executed in partnership with various services throughout "
                    "Luton. Public Health Luton and its partners are integral members of the "
                    "Individual Placement Support consortium for Bedfordshire, Luton, and "
                    "Milton Keynes (BLMK), funded by the Office for Health Improvement and "
                    "Disparities (OHID), with aligned objectives.\n\n"
                    "The Individual Placement Support (IPS) team provides dedicated personnel "
                    "to Change Grow Live, ensuring service users receive support in their "
                    "employment and training pursuits. Luton Public Health and the IPS "
                    "leadership work together to coordinate the Education, Training, and "
                    "Employment (ETE) Development Group, which facilitates the sharing of "
                    "ongoing initiatives, best practices, and enhances collaboration, "
                    "including contributions to policy development."
                ),
                "body": [],
            },
            {
                "slug": "workplace-charter-and-cultural-coaching",
                "title": "Workplace charter and cultural coaching",
                "commitment": (
                    "Broaden workplace charter engagement around health in workplaces. "
                    "Following from the Anchor Institutions Cultural Competency project where "
                    "we worked with three organisations to implement core competencies, the "
                    "charter will focus on good work practices, cultural competencies and "
                    "sharing best practices with additional organisations."
                ),
                "progress": (
                    "Working with the Local Government Association, Healthwatch Luton, "
                    "University of Bedfordshire and Luton council organisational development "
                    "and learning team, the TLC Anchor Institutions Cultural Coaching Project "
                    "focused on delivering cultural coaching to three self-selecting anchor "
                    "organisations."
                ),
                "body": [
                    paragraph(
                        "<p>The results from the evaluation show that:</p><ul>"
                        "<li>Improved communication focusing on inclusivity and cultural "
                        "diversity is required and should not be underestimated.</li>"
                        "<li>Tailored approaches and data-driven insights help institutions "
                        "understand their users better.</li>"
                        "<li>Organisational adaption by bolstering community engagement and "
                        "changing focus to consider health inequalities as well as equality "
                        "protected characteristic groups.</li>"
                        "<li>Formulation of strategic and realistic action plans, to enable "
                        "momentum, set targets and establish roles and responsibilities "
                        "within the organisation.</li></ul>"
                    ),
                    paragraph(
                        "<p>The six objectives of the project:</p><ol>"
                        "<li>Build skills: equip staff with the tools to understand and "
                        "serve Luton's diverse communities better.</li>"
                        "<li>Use data effectively: leverage data to identify gaps and "
                        "develop responsive services.</li>"
                        "<li>Improve organisational culture: foster attitudes and behaviours "
                        "that prioritise inclusivity.</li>"
                        "<li>Create tailored solutions: develop unique approaches to meet "
                        "specific community needs.</li>"
                        "<li>Increase access: make services more accessible for patients "
                        "and service users.</li>"
                        "<li>Address TLC issues: commit to resolving challenges identified "
                        "in the Talk, Listen, Change research.</li></ol>"
                    ),
                ],
            },
        ],
    },
    {
        "slug": "children-and-young-people",
        "title": "Children and Young People",
        "short_name": "",
        "chair": CHAIR,
        "purpose": (
            "The Children and Young People's sub-group is currently meeting in a different "
            "format focusing on child poverty."
        ),
        "target_groups": "Children and young people\nFamilies",
        "principles": [1, 2],
        "body": [],
        "updates": [
            {
                "slug": "quality-improvement-project-on-family-income",
                "title": "Quality improvement project on family income",
                "commitment": (
                    "Refining and implementing the QI approach change ideas to fully ensure "
                    "that health equity is embedded in the system. Specifically, focusing on "
                    "key times within a child's journey and looking at where we can work "
                    "together to maximise the health and wellbeing of the child."
                ),
                "progress": (
                    "Working in close partnership with Family Hubs, ELFT Marmot Trust, Luton "
                    "Supporting You and Luton Citizens Advice, Public Health are delivering a "
                    "QI project to improve income in families.\n\n"
                    "The focus is to increase opportunities to access available funds by "
                    "ensuring knowledge and opportunity is available to families. Using the "
                    "QI approach, a driver diagram shows the overall aim of the project and "
                    "possible change ideas."
                ),
                "body": [],
            },
            {
                "slug": "start-for-life-and-family-hubs",
                "title": "Start for Life and Family Hubs",
                "commitment": (
                    "The Start for Life programme focusses on the critical first 1,001 days "
                    "in a child's life. The Family Hub programme is delivering and embedding "
                    "health equity approaches with Flying Start offering an extended and "
                    "universal approach to early years development, to improve health "
                    "outcomes and school readiness in the whole population."
                ),
                "progress": (
                    "Luton Family Hubs have been developed as a town-wide partnership, with "
                    "friendly, committed, helpful, professional partners and local experts "
                    "offering parent and child sessions, advice, information and guidance to "
                    "all families, whatever their experience or circumstances in Luton.\n\n"
                    "A report has been published showcasing how the Family Hubs have driven "
                    "action in infant feeding, parenting, dad groups and other actions based "
                    "on the three delivery principles: Access, Connection and Relationships."
                ),
                "body": [],
            },
            {
                "slug": "health-equity-in-contracts-strategies-and-plans",
                "title": "Health equity in contracts, strategies and plans",
                "commitment": (
                    "Ensuring that a health equity approach is embedded in all new contracts, "
                    "strategies and plans developed within local statutory and voluntary "
                    "services, including development of a framework to address Health Equity."
                ),
                "progress": (
                    "The council is testing its approach to embedding early intervention and "
                    "prevention into new or refreshed contracts. This has been tested on a "
                    "public health contract where service providers are asked to implement "
                    "stop smoking support for staff and service users. Further exploration of "
                    "early intervention and prevention proposals are underway."
                ),
                "body": [],
            },
        ],
    },
    {
        "slug": "housing-and-health",
        "title": "Housing and Health",
        "short_name": "",
        "chair": CHAIR,
        "purpose": (
            "Healthy homes and places: resident engagement on Luton's estates, warm healthy "
            "housing, fuel poverty and cold homes, and influencing the emerging Local Plan "
            "to support healthy homes and places, including specialist accommodation needs."
        ),
        "target_groups": (
            "Tenants on the managed sites of the Healthy Estates Strategy\n"
            "People with specialist accommodation needs"
        ),
        "principles": [4, 5],
        "body": [
            paragraph(
                "<p>Commitments from the 2023 report on which the 2024 report gives no "
                "separate update:</p><ul>"
                "<li>Ongoing delivery of Core20Plus5 funded project on warm healthy housing, "
                "and demonstrating outcomes.</li>"
                "<li>Continuing housing influence through the net zero subgroup on topics "
                "such as fuel poverty and cold homes.</li>"
                "<li>Influencing our emerging Local Plan to support healthy homes and places, "
                "including specialist accommodation needs.</li></ul>"
                "<p>Demo content: the purpose and target groups above summarise these "
                "commitments; the report does not state them separately.</p>"
            )
        ],
        "updates": [
            {
                "slug": "healthy-estates-resident-engagement",
                "title": "Healthy Estates: resident engagement",
                "commitment": (
                    "Healthy Estates plan to continue with a focus on resident engagement."
                ),
                "progress": (
                    "The Luton Healthy Estates Strategy aims to improve the health and "
                    "wellbeing of tenants through improvements to managed sites and "
                    "partnership working.\n\n"
                    "A series of roadshows has been organised to engage with residents to "
                    "listen to their needs. A survey with a raffle was used to encourage "
                    "survey completion, and feedback was collated through a form. To date 100 "
                    "feedback forms have been received regarding issues; their analysis has "
                    "been offered to a University of Bedfordshire student as part of working "
                    "together with the university."
                ),
                "body": [
                    paragraph(
                        "<p>The strategy's priorities are:</p><ol>"
                        "<li>Identify needs and involve local people</li>"
                        "<li>Promoting healthy and fulfilling lives</li>"
                        "<li>Providing attractive and diverse green spaces</li></ol>"
                        "<p>Further actions: a tenants' newsletter; health campaigns such as "
                        "stop smoking; play streets; green space and communal space "
                        "initiatives; community initiatives.</p>"
                    )
                ],
            },
        ],
    },
    {
        "slug": "net-zero",
        "title": "Net Zero",
        "short_name": "",
        "chair": "",
        "purpose": (
            "One of the steering groups Luton established in its first year as a Marmot "
            "Town, alongside children and young people, housing, and employment and skills. "
            "The steering groups continue to embed the Marmot recommendations using logic "
            "models."
        ),
        "target_groups": "",
        "principles": [8],
        "body": [
            paragraph(
                "<p>The Housing and Health priority continues its housing influence through "
                "the net zero subgroup on topics such as fuel poverty and cold homes.</p>"
                "<p>Source: the abstract &ldquo;Luton, a Marmot town &ndash; using a "
                "whole-system approach to tackle health equity&rdquo; (European Journal of "
                "Public Health, 2024) and Table 2 of Luton's Annual Public Health Report "
                "2024. Neither says more about the group.</p>"
            )
        ],
        "updates": [],
    },
]


def load(ctx):
    index = load_index(ctx)
    for spec in GROUPS:
        group = load_group(index, spec)
        # Same date for every update: create them last-first so that "newest first"
        # (date, then time published) lists them in the report's order.
        for update_spec in reversed(spec["updates"]):
            load_update(group, update_spec)
    ctx.log(
        f"Priorities: {PriorityGroupPage.objects.count()} priority groups, "
        f"{PriorityUpdatePage.objects.count()} progress updates"
    )


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_index(ctx):
    index = PriorityIndexPage.objects.child_of(ctx.home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = publish(
            ctx.home,
            PriorityIndexPage(
                title=INDEX_TITLE,
                slug=INDEX_SLUG,
                show_in_menus=True,
                introduction=INDEX_INTRODUCTION,
            ),
        )
    return index


def load_group(index, spec):
    group = PriorityGroupPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if group is not None:
        return group
    group = PriorityGroupPage(
        title=spec["title"],
        slug=spec["slug"],
        short_name=spec["short_name"],
        chair=spec["chair"],
        purpose=spec["purpose"],
        target_groups=spec["target_groups"],
        body=spec["body"],
    )
    group.principles = list(MarmotPrinciple.objects.filter(number__in=spec["principles"]))
    return publish(index, group)


def load_update(group, spec):
    update = PriorityUpdatePage.objects.child_of(group).filter(slug=spec["slug"]).first()
    if update is not None:
        return update
    return publish(
        group,
        PriorityUpdatePage(
            title=spec["title"],
            slug=spec["slug"],
            date=UPDATE_DATE,
            commitment=spec["commitment"],
            progress=spec["progress"],
            status=PriorityUpdatePage.Status.ON_TRACK,
            body=[*spec["body"], paragraph(UPDATE_NOTE)],
        ),
    )
