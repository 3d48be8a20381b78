"""Demo content: the Health Equity Town Prize 2023 round, its winners and the next round.

From Luton's Annual Public Health Report 2024 (Table 2 and "System working and next
steps"). The report does not name the winning organisations, the amounts, or the dates
other than the August 2024 showcase; none is invented here. The next round's year is
assumed for the demo, and its page says so.

Runs after the projects and case studies demos. Idempotent: pages are looked up by slug
(rounds also by year) and left alone once they exist.
"""

import datetime

from hetsite.core.models import HomePage
from prizes.models import PrizeIndexPage, PrizeRoundPage, PrizeWinner

INDEX_SLUG = "prize"
PRIZE_NAME = "Director of Public Health – Health Equity Town Prize"
NOT_NAMED = "Not named in the report"


def paragraph(html):
    return {"type": "paragraph", "value": html}


INDEX = {
    "title": "Health Equity Town Prize",
    "introduction": (
        "The Director of Public Health – Health Equity Town Prize funds local projects that "
        "tackle health inequalities in Luton. Winners develop their projects with the "
        "funding and share their experience and the impact they have made at a showcase "
        "event."
    ),
}

ROUND_2023 = {
    "year": 2023,
    "slug": "2023",
    "title": "Health Equity Town Prize 2023",
    "summary": (
        "The 2023 round had three winners. They developed their projects in 2024 with the "
        "funding they received, and presented their experiences and an evaluation of the "
        "impact they have made in tackling health inequalities at a showcase event in "
        "August 2024."
    ),
    # The report gives the month of the showcase, not the day: shown as "August 2024".
    "showcase_on": datetime.date(2024, 8, 1),
    "dates_month_only": True,
    "body": [
        {"type": "heading", "value": {"text": "What happened next", "level": "h2"}},
        paragraph(
            "<p>The three winners developed their projects in 2024 based on the funding "
            "received. In August 2024 a showcase event was organised with presentations "
            "about their experiences and evaluation of the impact they have made in tackling "
            "health inequalities. Two of the projects presented again at the Annual Health "
            "Equity Town conference in November 2024.</p>"
            "<p>Source: Luton's Annual Public Health Report 2024. The report does not name "
            "the winning organisations or the amounts awarded, so neither is given here.</p>"
        ),
    ],
    "winners": [
        {
            "project_title": "Frequent attenders of primary care services",
            "summary": (
                "A winning project for people who frequently attend primary care services, "
                "developed in 2024 with the prize funding."
            ),
        },
        {
            "project_title": "Socially inclusive youth club activities",
            "summary": (
                "A winning project running socially inclusive youth club activities, "
                "developed in 2024 with the prize funding."
            ),
        },
        {
            "project_title": "Employment opportunities for people with learning disabilities",
            "summary": (
                "A winning project creating employment opportunities for people with "
                "learning disabilities, developed in 2024 with the prize funding."
            ),
        },
    ],
}
WINNER_OUTCOME = (
    "Presented at the August 2024 showcase event: the winner's experience of the project "
    "and an evaluation of the impact it has made in tackling health inequalities. The "
    "report does not publish the evaluation's findings."
)

NEXT_ROUND = {
    "year": 2025,
    "slug": "2025",
    "title": "Health Equity Town Prize 2025",
    "summary": (
        "The next round of the prize, delivered with our funding partners Bedfordshire and "
        "Luton Community Foundation, focuses on businesses and the private sector and the "
        "VCSFE sector, to energise communities and benefit Luton workers."
    ),
    "funding_partners": "Bedfordshire and Luton Community Foundation",
    "categories": (
        "Businesses and the private sector\n"
        "Voluntary, community, faith and social enterprise (VCSFE) sector"
    ),
    "how_to_apply": (
        "<p>Dates and how to apply will be published on this page when the round opens.</p>"
    ),
    "body": [
        paragraph(
            "<p>Source: Luton's Annual Public Health Report 2024, which says the next round "
            "will be delivered and rolled out with Bedfordshire and Luton Community "
            "Foundation Trust. Demo content: the report gives no year or dates for the "
            "round; 2025 is assumed for the demo.</p>"
        )
    ],
    "winners": [],
}


def load(ctx):
    home = ctx.home or HomePage.objects.first()
    index = PrizeIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = PrizeIndexPage(slug=INDEX_SLUG, show_in_menus=True, **INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
    created = [spec["year"] for spec in (ROUND_2023, NEXT_ROUND) if load_round(index, spec)]
    ctx.log(
        f"Prize: {PrizeRoundPage.objects.count()} rounds"
        + (f" (created {', '.join(map(str, created))})" if created else "")
    )


def load_round(index, spec):
    """Create the round unless a round for its year (or its slug) exists; True if created."""
    if (
        PrizeRoundPage.objects.filter(year=spec["year"]).exists()
        or index.get_children().filter(slug=spec["slug"]).exists()
    ):
        return False
    spec = dict(spec)
    winners = spec.pop("winners")
    page = PrizeRoundPage(name=PRIZE_NAME, **spec)
    page.winners = [
        PrizeWinner(
            winner_description=NOT_NAMED,
            outcome=WINNER_OUTCOME,
            sort_order=position,
            **winner,
        )
        for position, winner in enumerate(winners)
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return True
