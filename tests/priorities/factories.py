"""Builders for priority groups and their updates."""

import datetime

from priorities.models import PriorityGroupPage, PriorityIndexPage, PriorityUpdatePage
from tests import factories


def priority_index(home=None):
    home = home or factories.home_page()
    existing = PriorityIndexPage.objects.first()
    if existing is not None:
        return existing
    return factories.add_page(
        home, PriorityIndexPage(title="Priorities", slug="priorities", show_in_menus=True)
    )


def group(title="Housing and Health", index=None, publish=True, **kwargs):
    index = index or priority_index()
    kwargs.setdefault("purpose", f"What {title} is for.")
    kwargs.setdefault("slug", factories.unique("group"))
    return factories.add_page(index, PriorityGroupPage(title=title, **kwargs), publish=publish)


def update(group_page, title=None, date=None, publish=True, **kwargs):
    kwargs.setdefault("commitment", "We said we would do this.")
    kwargs.setdefault("progress", "We have done some of it.")
    page = PriorityUpdatePage(
        title=title or factories.unique("Update"),
        date=date or datetime.date(2024, 6, 1),
        **kwargs,
    )
    return factories.add_page(group_page, page, publish=publish)
