"""Demo content for the site core: taxonomy, home page, standard pages, demo users.

Every function is idempotent: running ``load_demo_content`` twice changes nothing.
Text comes from Luton's Annual Public Health Report 2024 (``hetsite/core/data``).
"""

import csv
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from wagtail.models import Page, Site

from . import demo_pages
from .groups import EDITORS_GROUP, SITE_ADMINS_GROUP
from .models import (
    HomePage,
    MarmotPrinciple,
    Neighbourhood,
    PopulationGroup,
    StandardPage,
    Ward,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

MARMOT_PRINCIPLES = [
    (1, "Give every child the best start in life", "Best start in life"),
    (
        2,
        "Enable all children, young people and adults to maximise their capabilities "
        "and have control over their lives",
        "Capabilities and control",
    ),
    (3, "Create fair employment and good work for all", "Fair employment and good work"),
    (4, "Ensure a healthy standard of living for all", "Healthy standard of living"),
    (
        5,
        "Create and develop healthy and sustainable places and communities",
        "Healthy and sustainable places",
    ),
    (6, "Strengthen the role and impact of ill health prevention", "Ill health prevention"),
    (7, "Tackle racism, discrimination and their outcomes", "Tackle racism and discrimination"),
    (
        8,
        "Pursue environmental sustainability and health equity together",
        "Sustainability and health equity",
    ),
]

NEIGHBOURHOODS = [
    "West Luton",
    "North Luton",
    "East Luton",
    "South and Town Centre",
    "West Central",
]

# Groups the report names when it talks about who is affected by health inequalities.
POPULATION_GROUPS = [
    "Children and young people",
    "Families",
    "Older people",
    "People with disabilities",
    "People with learning disabilities",
    "Low-income households",
    "People experiencing homelessness",
    "Asylum seekers and refugees",
    "Ethnic minority communities",
    "Carers",
    "Working-age adults",
]

DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105  (printed by `make run`; dev only)
DEMO_USERS = [
    # username, email, first, last, group
    ("editor", "editor@example.org", "Demo", "Editor", EDITORS_GROUP),
    ("siteadmin", "siteadmin@example.org", "Demo", "Administrator", SITE_ADMINS_GROUP),
]


def load(ctx):
    load_taxonomy(ctx)
    home = load_home_page(ctx)
    ctx.home = home
    load_standard_pages(ctx, home)
    if ctx.with_users:
        load_users(ctx)


def load_taxonomy(ctx):
    for number, name, short_name in MARMOT_PRINCIPLES:
        MarmotPrinciple.objects.update_or_create(
            number=number,
            defaults={"name": name, "short_name": short_name, "slug": slugify(short_name)},
        )
    for order, name in enumerate(NEIGHBOURHOODS):
        Neighbourhood.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": order}
        )
    neighbourhood_of = {}
    with open(DATA_DIR / "ward-neighbourhoods.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            neighbourhood_of[row["ward"]] = Neighbourhood.objects.get(
                slug=slugify(row["neighbourhood"])
            )
    with open(DATA_DIR / "luton-wards-spi-income.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Ward.objects.update_or_create(
                slug=slugify(row["ward"]),
                defaults={
                    "name": row["ward"],
                    "neighbourhood": neighbourhood_of[row["ward"]],
                },
            )
    for order, name in enumerate(POPULATION_GROUPS):
        PopulationGroup.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": order}
        )
    ctx.log(
        f"Taxonomy: {MarmotPrinciple.objects.count()} principles, "
        f"{Neighbourhood.objects.count()} neighbourhoods, {Ward.objects.count()} wards, "
        f"{PopulationGroup.objects.count()} population groups"
    )


HOME_HERO = (
    "Our vision for Luton 2040 is a healthy, fair and sustainable town where everyone "
    "can thrive and no one has to live in poverty."
)
HOME_STORY = (
    "<p>Since 2021 Luton has been England's first Marmot Town: the council, the NHS, "
    "businesses, housing, the voluntary, community, faith and social enterprise sector "
    "and the university work together as a Health Equity System, building on the eight "
    "Marmot principles to improve health equity and promote fairness.</p>"
    "<p>Health inequalities are stubborn and complex and cannot be addressed by one "
    "organisation. This site is where partners show what they do and residents can read "
    "what works.</p>"
)


def load_home_page(ctx):
    """Make a HomePage the site root, replacing Wagtail's default welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Luton Health Equity Town",
            slug="home-hetsite",
            hero_heading="Luton: England's first Marmot Town",
            hero_text=HOME_HERO,
            story=HOME_STORY,
            listing_summary="How Luton's health equity system works to improve health "
            "and fairness for every resident.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = "Luton Health Equity Town"
        site.save()
        if (
            old_root is not None
            and old_root.pk != home.pk
            and not old_root.get_children().exists()
        ):
            old_root.delete()
        # The slug was temporary so it could not clash with the welcome page's "home".
        home.slug = "home"
        home.save_revision().publish()
        # Publishing saved a copy built from the revision: reload so children added
        # below get the new url_path.
        home = HomePage.objects.get(pk=home.pk)
        ctx.log("Created the home page")
    if ctx.site_port:
        Site.objects.filter(root_page=home).update(hostname="127.0.0.1", port=ctx.site_port)
    return home


def _standard_page(ctx, home, spec, body):
    """Create the StandardPage with this slug under the home page, once.

    An existing page is left alone, so editors' changes survive a second run.
    """
    page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    page = StandardPage(
        title=spec["title"],
        slug=spec["slug"],
        introduction=spec["introduction"],
        show_in_menus=spec["show_in_menus"],
        body=body,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    ctx.log(f"Created the page {page.url_path}")
    return page


def load_standard_pages(ctx, home):
    principles = list(MarmotPrinciple.objects.order_by("number"))
    principles_page = _standard_page(
        ctx, home, demo_pages.PRINCIPLES, demo_pages.PRINCIPLES["body"](principles)
    )
    _standard_page(ctx, home, demo_pages.ABOUT, demo_pages.ABOUT["body"](principles_page))
    _standard_page(ctx, home, demo_pages.ACCESSIBILITY, demo_pages.ACCESSIBILITY["body"]())
    _standard_page(ctx, home, demo_pages.PRIVACY, demo_pages.PRIVACY["body"]())
    _standard_page(ctx, home, demo_pages.HOW_TO_APPLY, demo_pages.HOW_TO_APPLY["body"]())
    # Nothing is pinned on the home page: its "What's new" is the newest live content, and
    # the About and principles pages are in the hero and "Find your way" already.


def load_users(ctx):
    User = get_user_model()
    for username, email, first, last, group_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
    ctx.login_lines.append(f"  Public health editor:  editor / {DEMO_PASSWORD}   (/admin/)")
    ctx.login_lines.append(f"  Site administrator:    siteadmin / {DEMO_PASSWORD}   (/admin/)")
