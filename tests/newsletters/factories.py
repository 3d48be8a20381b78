"""Builders for newsletter tests: the archive, issues, featured pages and subscribers."""

import datetime

from django.utils import timezone

from newsletters.models import NewsletterIndexPage, NewsletterIssuePage, Subscriber
from newsletters.subscriptions import CONSENT_WORDING
from priorities.models import PriorityGroupPage, PriorityIndexPage, PriorityUpdatePage
from tests import factories
from tests.casestudies import factories as casestudy_factories
from tests.projects import factories as project_factories


def index_page():
    existing = NewsletterIndexPage.objects.first()
    if existing is not None:
        return existing
    return factories.add_page(
        factories.home_page(),
        NewsletterIndexPage(title="Newsletters", slug="newsletters", show_in_menus=True),
    )


def section(heading="News", html="<p>Some news.</p>"):
    return {"type": "section", "value": {"heading": heading, "text": html}}


def featured(kind, page, note=""):
    return {"type": kind, "value": {"page": page.pk, "note": note}}


def image_block(image, alt_text="A group of volunteers in a park", caption=""):
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "alt_text": alt_text, "decorative": False},
            "caption": caption,
        },
    }


def call_to_action(page=None, url="", heading="Get involved", link_text="Find out more"):
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": "Join in.",
            "link_text": link_text,
            "page": page.pk if page else None,
            "url": url,
        },
    }


def issue(year=2024, quarter=3, body=None, publish=True, index=None, **fields):
    fields.setdefault("title", f"Newsletter {year} Q{quarter}")
    fields.setdefault("slug", f"{year}-q{quarter}")
    fields.setdefault("issue_date", datetime.date(year, quarter * 3, 1))
    fields.setdefault("summary", f"What happened in {year} Q{quarter}.")
    page = NewsletterIssuePage(year=year, quarter=quarter, body=body or [section()], **fields)
    return factories.add_page(index or index_page(), page, publish=publish)


def case_study(**kwargs):
    return casestudy_factories.case_study(**kwargs)


def project(**kwargs):
    org_page = project_factories.organisation_page()
    return project_factories.project(org_page, **kwargs)


def priority_update(**kwargs):
    priority_index = PriorityIndexPage.objects.first() or factories.add_page(
        factories.home_page(), PriorityIndexPage(title="Priorities", slug="priorities")
    )
    group = PriorityGroupPage.objects.first() or factories.add_page(
        priority_index,
        PriorityGroupPage(title="Housing and Health", slug="housing-and-health", purpose="Homes."),
    )
    kwargs.setdefault("title", factories.unique("Update"))
    kwargs.setdefault("date", datetime.date(2024, 6, 1))
    kwargs.setdefault("commitment", "We said we would do this.")
    kwargs.setdefault("progress", "We have done some of it.")
    return factories.add_page(group, PriorityUpdatePage(**kwargs))


def subscriber(email=None, state=Subscriber.State.CONFIRMED, **fields):
    now = timezone.now()
    fields.setdefault("consent_given_at", now)
    fields.setdefault("consent_source", "/newsletters/subscribe/ (newsletter sign-up form)")
    fields.setdefault("consent_wording", CONSENT_WORDING)
    if state == Subscriber.State.CONFIRMED:
        fields.setdefault("confirmed_at", now)
    return Subscriber.objects.create(
        email=email or f"{factories.unique('reader')}@example.org", state=state, **fields
    )
