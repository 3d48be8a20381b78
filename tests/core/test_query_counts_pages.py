"""Every public page type costs a fixed, small number of queries, however much it lists.

Each page is asked for with 5 related items and again with 200: the counts must be
equal, at most 12 once warm and at most 17 on the first request after a publish
(which starts a new content version, so every cached fragment misses).
"""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyPage
from hetsite.core.models import HomePageFeatured, StandardPage
from newsletters.models import NewsletterIssuePage
from priorities.models import PriorityGroupPage, PriorityUpdatePage
from prizes.models import PrizeRoundPage, PrizeWinner
from projects.models import ProjectPage
from tests import factories
from tests.core import factories as core_factories
from tests.core.bulk_pages import add_live_children
from tests.newsletters import factories as nf
from tests.priorities import factories as prf
from tests.prizes import factories as zf
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db

WARM_MAX = 12
# 15 before the site had languages; the language switcher reads the page's translations
# (one query), within the two that localisation may add (tests/i18n/test_query_counts_*).
AFTER_PUBLISH_MAX = 17
SMALL, LARGE = 5, 200


class Site:
    """One page of every type, and a way to give each ``n`` more related items."""

    def __init__(self, home):
        self.home = home
        self.image = factories.image()
        self.ward = factories.ward("Biscot")
        self.principle = factories.principle(1)
        pf.project_index()
        pf.case_study_index()
        self.about = core_factories.standard_page(home, "About us", show_in_menus=True)
        self.standard = core_factories.standard_page(self.about, "Our team")
        self.org_page = pf.organisation_page("NOAH Enterprises", wards=[self.ward])
        self.group = pf.priority_group("Housing and Health")
        self.project = pf.project(
            self.org_page,
            "Hospital discharge support",
            principles=[self.principle],
            wards=[self.ward],
            priority_group=self.group,
            listing_image=self.image,
            images=[(self.image, "A picture")],
        )
        self.update = prf.update(self.group, "Homes made warmer")
        self.prize_index = zf.prize_index()
        self.prize_round = zf.prize_round(
            2024, winners=[{"organisation": self.org_page.organisation, "project": self.project}]
        )
        self.newsletter_index = nf.index_page()
        self.issue = nf.issue(
            2024, 3, body=[nf.section(), nf.featured("featured_project", self.project)]
        )
        self.other = core_factories.standard_page(home, "Something else")
        self.added = 0

    def urls(self):
        return {
            "home": "/",
            "standard page": self.standard.url,
            "project page": self.project.url,
            "organisation page": self.org_page.url,
            "priority index": self.group.get_parent().url,
            "priority group": self.group.url,
            "priority update": self.update.url,
            "prize index": self.prize_index.url,
            "prize round": self.prize_round.url,
            "newsletter index": self.newsletter_index.url,
            "newsletter issue": self.issue.url,
        }

    def add(self, n):
        """``n`` more of everything each page lists or links to."""
        start, self.added = self.added, self.added + n
        numbers = range(start, start + n)
        org = self.org_page.organisation
        case_studies = add_live_children(
            self.org_page,
            CaseStudyPage,
            [
                {
                    "title": f"Case study {i}",
                    "organisation_name": org.name,
                    "organisation": org,
                    "related_project": self.project,
                    "priority_group": self.group,
                    "listing_image": self.image,
                    "about": "About.",
                    "year": 2024,
                }
                for i in numbers
            ],
        )
        projects = add_live_children(
            self.org_page,
            ProjectPage,
            [
                {
                    "title": f"Project {i}",
                    "summary": "A project.",
                    "organisation": org,
                    "priority_group": self.group,
                    "listing_image": self.image,
                }
                for i in numbers
            ],
        )
        for model, pages, field, value in (
            (CaseStudyPage, case_studies, "wards", self.ward),
            (CaseStudyPage, case_studies, "principles", self.principle),
            (ProjectPage, projects, "wards", self.ward),
            (ProjectPage, projects, "principles", self.principle),
        ):
            through = model._meta.get_field(field).remote_field.through
            target = f"{value._meta.model_name}_id"
            source = f"{model._meta.model_name}_id"
            through.objects.bulk_create(
                [through(**{source: page.pk, target: value.pk}) for page in pages]
            )
        add_live_children(
            self.about,
            StandardPage,
            [{"title": f"Standard {i}", "introduction": "Intro."} for i in numbers],
        )
        add_live_children(
            self.group,
            PriorityUpdatePage,
            [
                {
                    "title": f"Update {i}",
                    "date": datetime.date(2024, 1, 1),
                    "commitment": "Do it.",
                    "progress": "Done some.",
                }
                for i in numbers
            ],
        )
        add_live_children(
            self.group.get_parent(),
            PriorityGroupPage,
            [{"title": f"Group {i}", "purpose": "A purpose."} for i in numbers],
        )
        add_live_children(
            self.prize_index,
            PrizeRoundPage,
            [{"title": f"Prize {i}", "year": 1700 + i} for i in numbers],
        )
        PrizeWinner.objects.bulk_create(
            [
                PrizeWinner(page=self.prize_round, organisation=org, project=project, sort_order=i)
                for i, project in zip(numbers, projects, strict=True)
            ]
        )
        add_live_children(
            self.newsletter_index,
            NewsletterIssuePage,
            [
                {
                    "title": f"Issue {i}",
                    "year": 1700 + i // 4,
                    "quarter": i % 4 + 1,
                    "issue_date": datetime.date(2000, 1, 1),
                    "summary": "An issue.",
                }
                for i in numbers
            ],
        )
        if start == 0:  # the home page features up to six pages
            HomePageFeatured.objects.bulk_create(
                [
                    HomePageFeatured(page=self.home, featured_page=page, sort_order=i)
                    for i, page in enumerate(case_studies[:3] + projects[:3])
                ]
            )

    def publish_something(self):
        """A publish elsewhere on the site: a new content version."""
        self.other.save_revision().publish()


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def counts(client, site):
    warm, after_publish = {}, {}
    for name, url in site.urls().items():
        client.get(url)
        client.get(url)
        warm[name] = count(client, url)
        site.publish_something()
        after_publish[name] = count(client, url)
    return warm, after_publish


def test_query_counts_do_not_grow_and_stay_small(client, home_page):
    site = Site(home_page)
    site.add(SMALL)
    few_warm, few_after = counts(client, site)
    site.add(LARGE - SMALL)
    many_warm, many_after = counts(client, site)

    assert many_warm == few_warm, (few_warm, many_warm)
    assert many_after == few_after, (few_after, many_after)
    too_many = {name: n for name, n in many_warm.items() if n > WARM_MAX}
    assert not too_many, f"over {WARM_MAX} queries warm: {too_many}"
    too_many = {name: n for name, n in many_after.items() if n > AFTER_PUBLISH_MAX}
    assert not too_many, f"over {AFTER_PUBLISH_MAX} queries after a publish: {too_many}"
