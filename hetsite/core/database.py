"""Keep the database's query planner informed about how much data each table holds.

Without statistics SQLite guesses, and at thousands of case studies it guesses
badly: Wagtail's full-text sub-query walks every search index entry of the
content type instead of asking the FTS index first (130 ms instead of 3 ms at
10,000 case studies). ``ANALYZE`` takes a few tens of milliseconds at that size.
PostgreSQL's autovacuum keeps its own statistics; running ANALYZE there after a
migration or a bulk load only brings that forward.
"""

from django.db import connections

ANALYZING_VENDORS = ("sqlite", "postgresql")


def refresh_planner_statistics(using="default"):
    """Run ANALYZE on the database ``using`` (SQLite and PostgreSQL). True if it ran."""
    connection = connections[using]
    if connection.vendor not in ANALYZING_VENDORS:
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def analyze_after_migrate(using="default", **kwargs):
    """post_migrate: new tables and indexes get statistics as soon as they exist.

    ``make run`` migrates before serving, so a development database's statistics
    are refreshed each time it is started.
    """
    refresh_planner_statistics(using)
