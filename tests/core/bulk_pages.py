"""Live pages in bulk for query-count tests: hundreds of pages in a few queries.

Builders that publish one page at a time take tens of milliseconds a page; tests
that only need many live pages under one parent use ``add_live_children``.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from wagtail.models import Locale, Page


def add_live_children(parent, model, rows):
    """Add a live ``model`` page under ``parent`` for each dict of fields in ``rows``.

    Each row needs ``title``; ``slug`` defaults to a unique one. No revisions are
    made (a live page is served without one). Returns the pages, in tree order.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    now = timezone.now()
    rows = [dict(row) for row in rows]
    pages = []
    for n, row in enumerate(rows, start=parent.numchild + 1):
        title = row.pop("title")
        slug = row.pop("slug", None) or f"bulk-{uuid.uuid4().hex[:12]}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                path=Page._get_path(parent.path, parent.depth + 1, n),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages)
    # The specific rows, with the model's own defaults, one INSERT per page.
    fields = list(model._meta.local_concrete_fields)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    values = []
    for page, row in zip(pages, rows, strict=True):
        obj = model(page_ptr_id=page.pk, **row)
        values.append([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)
    return list(model.objects.filter(pk__in=[p.pk for p in pages]).order_by("path"))
