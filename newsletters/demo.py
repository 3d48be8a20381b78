"""Demo content: the newsletter archive and three demo issues from the 2024 report.

The facts come from Luton's Annual Public Health Report 2024 (the prize showcase, the
case studies, the priority groups' progress, the building-blocks training, the
microsite). The wording and the issue dates are new, so each issue says it is a demo
issue. This loader runs last: it features the case studies, projects and priority
updates that earlier loaders made, and leaves out a card whose page is not there.
Idempotent: the archive is looked up by slug and each issue by year and quarter; existing
pages are left as editors made them.
"""

import datetime

from wagtail.models import Page

from casestudies.models import CaseStudyPage
from hetsite.core.models import HomePage
from priorities.models import PriorityUpdatePage
from projects.models import ProjectPage

from .models import NewsletterIndexPage, NewsletterIssuePage

INDEX_SLUG = "newsletters"
INDEX = {
    "title": "Newsletters",
    "introduction": "The Health Equity Town quarterly newsletter shares good practice and "
    "updates from partners across Luton's health equity system. Read past issues here or "
    "get each new one by email.",
    "listing_summary": "The Health Equity Town quarterly newsletter: good practice and "
    "updates from across Luton.",
}

DEMO_NOTE = (
    "<p>This is a demo issue, written for this site from Luton's Annual Public Health "
    "Report 2024. The facts are the report's; the wording and the issue date are new.</p>"
)

# Each card is (block type, model, lookup). A lookup that finds nothing is skipped.
ISSUES = [
    {
        "year": 2024,
        "quarter": 3,
        "title": "Summer 2024: Health Equity Town Prize showcase",
        "slug": "summer-2024",
        "issue_date": datetime.date(2024, 9, 16),
        "summary": "Demo issue. The 2023 Health Equity Town Prize winners showed what their "
        "projects have achieved, and partners are helping more people into work.",
        "body": [
            ("section", "About this issue", DEMO_NOTE),
            (
                "section",
                "Prize winners showcase their projects",
                "<p>The three Health Equity Town Prize winners from 2023 developed their "
                "projects in 2024 with the funding they received. In August 2024 a showcase "
                "event heard about their experiences and about the evaluation of the "
                "difference they have made to health inequalities.</p>"
                "<p>The projects worked with people who often attend primary care "
                "services, ran socially inclusive youth club activities, and opened up "
                "employment opportunities for people with learning disabilities.</p>",
            ),
            ("link", "prize", "Read about the Prize and its winners"),
            (
                "section",
                "Helping people back into work",
                "<p>Change, Grow, Live and Community Led Initiatives, Luton's commissioned "
                "treatment and recovery services, help everyone who uses their services to "
                "find employment and training, working with services across Luton. The "
                "Individual Placement Support team provides dedicated staff to Change Grow "
                "Live so that service users have support with work and training.</p>",
            ),
            ("priority_update", PriorityUpdatePage, {"slug": "supporting-people-back-into-work"}),
            (
                "priority_update",
                PriorityUpdatePage,
                {"slug": "workplace-charter-and-cultural-coaching"},
            ),
        ],
    },
    {
        "year": 2024,
        "quarter": 4,
        "title": "Autumn 2024: what works, in partners' own words",
        "slug": "autumn-2024",
        "issue_date": datetime.date(2024, 12, 9),
        "summary": "Demo issue. Three case studies from the Annual Public Health Report, the "
        "annual conference, and 73 people trained to talk about the building blocks of "
        "health.",
        "body": [
            ("section", "About this issue", DEMO_NOTE),
            (
                "section",
                "Case studies: hearing the difference we make",
                "<p>We cannot measure everything with numbers. Case studies give deep, "
                "contextual insight and let us hear the difference we are making from "
                "residents and communities. These three show the breadth of work that "
                "improves health for Luton's residents.</p>",
            ),
            ("case_study", CaseStudyPage, {"slug": "biscot-health-and-wellbeing-hub"}),
            ("case_study", CaseStudyPage, {"slug": "goodgym-luton-getting-fit-by-doing-good"}),
            ("case_study", CaseStudyPage, {"slug": "homelessness-and-exclusion"}),
            ("link", "case-studies", "Read every case study"),
            (
                "section",
                "The annual Health Equity Town conference",
                "<p>Two of the projects funded by the Health Equity Town Prize presented "
                "their work again at the annual Health Equity Town conference in November "
                "2024.</p>",
            ),
            (
                "section",
                "Building blocks of health",
                "<p>In Luton we use the term “building blocks of health” for the wider "
                "determinants of health, and we have committed to keeping our language easy "
                "to understand. We have trained 73 people across the health equity system, "
                "including champions who will share what they learnt.</p>"
                "<p>One participant said: “I am able to think about the language and format "
                "I use for the message I would like to deliver.”</p>",
            ),
            (
                "priority_update",
                PriorityUpdatePage,
                {"slug": "healthy-estates-resident-engagement"},
            ),
        ],
    },
    {
        "year": 2025,
        "quarter": 1,
        "title": "Winter 2025: sharing good practice online",
        "slug": "winter-2025",
        "issue_date": datetime.date(2025, 3, 10),
        "summary": "Demo issue. The Health Equity microsite, projects partners run now, and "
        "progress from the priority groups.",
        "body": [
            ("section", "About this issue", DEMO_NOTE),
            (
                "section",
                "A Health Equity microsite",
                "<p>We have developed a Health Equity microsite to share good practice and "
                "to tell residents, partners, businesses and other stakeholders about our "
                "actions, projects and programmes and the difference we are making.</p>"
                "<p>Next, we want to share bite-size messages and learning alongside the "
                "Talk, Listen, Change learning sessions.</p>",
            ),
            ("project", ProjectPage, {"organisation__slug": "goodgym-luton"}),
            ("project", ProjectPage, {"organisation__slug": "equality-primary-care-network"}),
            ("project", ProjectPage, {"organisation__slug": "noah-enterprises"}),
            ("priority_update", PriorityUpdatePage, {"slug": "start-for-life-and-family-hubs"}),
            (
                "priority_update",
                PriorityUpdatePage,
                {"slug": "quality-improvement-project-on-family-income"},
            ),
            ("link", "partners", "Find partner organisations"),
        ],
    },
]


def load(ctx):
    home = ctx.home or HomePage.objects.first()
    index = load_index(ctx, home)
    created = 0
    for spec in ISSUES:
        created += load_issue(ctx, index, home, spec)
    ctx.log(
        f"Newsletters: {NewsletterIssuePage.objects.count()} issues ({created} new); "
        f"send one with `python manage.py send_newsletter 2024-Q4`"
    )


def load_index(ctx, home):
    index = NewsletterIndexPage.objects.filter(slug=INDEX_SLUG).first()
    if index is None:
        index = NewsletterIndexPage(slug=INDEX_SLUG, show_in_menus=True, **INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
        ctx.log("Created the newsletter archive")
    return index


def _body(spec, home):
    blocks = []
    for item in spec["body"]:
        kind = item[0]
        if kind == "section":
            blocks.append({"type": "section", "value": {"heading": item[1], "text": item[2]}})
        elif kind == "link":
            target = Page.objects.child_of(home).live().filter(slug=item[1]).first()
            if target is not None:
                blocks.append(
                    {
                        "type": "call_to_action",
                        "value": {
                            "heading": target.title,
                            "text": "",
                            "link_text": item[2],
                            "page": target.pk,
                            "url": "",
                        },
                    }
                )
        else:
            model, lookup = item[1], item[2]
            page = model.objects.live().filter(**lookup).order_by("path").first()
            if page is not None:
                blocks.append({"type": kind, "value": {"page": page.pk, "note": ""}})
    return blocks


def load_issue(ctx, index, home, spec):
    if NewsletterIssuePage.objects.filter(year=spec["year"], quarter=spec["quarter"]).exists():
        return 0
    issue = NewsletterIssuePage(
        title=spec["title"],
        slug=spec["slug"],
        year=spec["year"],
        quarter=spec["quarter"],
        issue_date=spec["issue_date"],
        summary=spec["summary"],
        body=_body(spec, home),
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    cards = sum(1 for block in issue.body if block.block_type != "section")
    ctx.log(f"Created the demo issue “{issue.title}” with {cards} cards and links")
    return 1
