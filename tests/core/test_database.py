"""The query planner gets table statistics after migrate and after loading content."""

import pytest

from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

from hetsite.core.database import refresh_planner_statistics
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db

TABLE = "casestudies_casestudypage"


def has_statistics(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return False
            cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT 1 FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone() is not None


def test_refresh_planner_statistics_analyzes_the_tables(home_page):
    cs.case_study(title="Counted")
    assert not has_statistics(TABLE)  # the table was empty when it was last analyzed
    assert refresh_planner_statistics() is True
    assert has_statistics(TABLE)


def test_migrate_refreshes_the_statistics(home_page):
    cs.case_study(title="Counted")
    assert not has_statistics(TABLE)
    # What `migrate` sends once every app's tables exist.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert has_statistics(TABLE)
