"""Time the busiest case study pages against N case studies: ``make bench`` (N=10000).

Builds a throwaway database (a temporary SQLite file by default, or a new database
on the PostgreSQL server given by ``--database-url``; never the dev database),
migrates it, seeds N real, live, searchable case studies with taxonomy, refreshes
the planner statistics, then asks Django's test Client for each page many times and
prints the median server time and the query count, against the targets in issue 3.

Two figures per page: "warm" is every request after the first (what most visitors
get), and "after publish" is the first request after something was published, when
the content version changes and every facet list and fragment keyed by it misses.

    python benchmarks/pages.py --case-studies 10000 [--repeat 30] [--keep]
    python benchmarks/pages.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    python benchmarks/pages.py --cache-url redis://127.0.0.1:6379/15   # production cache
    python benchmarks/pages.py --db /tmp/hetsite-bench-....sqlite3  # reuse a kept one
    python benchmarks/pages.py --db postgres://postgres@127.0.0.1:5432/hetsite_bench_...
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {  # page: (median ms, queries)
    "index": (25, 12),
    "index, two filters": (25, 12),
    "search": (60, 12),
    "case study": (12, 12),
}
WORDS = (
    "community health wellbeing residents families children school walking running garden "
    "kitchen food housing advice support volunteers older people carers youth club sport "
    "exercise mental physical activity language classes employment skills training jobs "
    "money debt benefits energy homes warm repairs outreach clinic pharmacy nurse coach "
    "mosque church temple library park nature trees cycling football cricket music art "
    "theatre festival market neighbourhood street estate tenants landlords council nhs "
    "university college apprenticeship mentoring reading numeracy digital phones laptops"
).split()


def setup_django(database, cache_url=None):
    os.environ["HETSITE_BENCH_DATABASE"] = database
    if cache_url:
        os.environ["HETSITE_BENCH_CACHE_URL"] = cache_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def create_postgres_database(server_url):
    """A new, empty database on the server of ``server_url``; returns its URL."""
    import psycopg

    name = f"hetsite_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(server_url)
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(count, rng):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from wagtail.models import Locale
    from wagtail.search.backends import get_search_backend

    from casestudies.models import CaseStudyIndexPage, CaseStudyPage
    from hetsite.core import demo as core_demo
    from hetsite.core.models import MarmotPrinciple, Neighbourhood, PopulationGroup, Ward
    from priorities.models import PriorityGroupPage, PriorityIndexPage
    from projects.models import PartnerOrganisation

    class Ctx:
        home = None
        site_port = None
        with_users = False

        def log(self, message):
            pass

    ctx = Ctx()
    core_demo.load_taxonomy(ctx)
    home = core_demo.load_home_page(ctx)

    def add(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    index = add(home, CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    priorities = add(home, PriorityIndexPage(title="Priorities", slug="priorities"))
    groups = [
        add(priorities, PriorityGroupPage(title=title, slug=slugify(title), purpose=title))
        for title in (
            "Business, Employment, Skills and Health",
            "Children and Young People",
            "Housing and Health",
            "Net Zero",
        )
    ]
    organisations = [
        PartnerOrganisation.objects.create(
            name=f"Partner {n}", slug=f"partner-{n}", sector="vcsfe"
        )
        for n in range(1, 51)
    ]
    principles = list(MarmotPrinciple.objects.all())
    wards = list(Ward.objects.all())
    neighbourhoods = list(Neighbourhood.objects.all())
    population_groups = list(PopulationGroup.objects.all())
    content_type = ContentType.objects.get_for_model(CaseStudyPage)
    locale = Locale.get_default()
    now = timezone.now()

    def text(words):
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    from wagtail.models import Page

    fields = [f for f in CaseStudyPage._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Names from the model's own metadata, quoted; values are parameters.
    table = connection.ops.quote_name(CaseStudyPage._meta.db_table)
    insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    through = {
        name: CaseStudyPage._meta.get_field(name).remote_field.through
        for name in ("principles", "wards", "population_groups")
    }
    batch = 1000
    with transaction.atomic():
        for start in range(0, count, batch):
            size = min(batch, count - start)
            pages = []
            for n in range(start, start + size):
                title = f"{text(4)[:-1]} {n + 1}"
                published = now - timedelta(minutes=count - n)
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=f"case-study-{n + 1}",
                        path=Page._get_path(index.path, index.depth + 1, n + 1),
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}case-study-{n + 1}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=published,
                        last_published_at=published,
                        content_type=content_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            rows, links = [], {name: [] for name in through}
            for page in pages:
                case_study = CaseStudyPage(
                    page_ptr_id=page.pk,
                    organisation_name="A Luton partner",
                    organisation=rng.choice(organisations),
                    authors="",
                    about=text(60) + (" Allotment." if rng.random() < 0.05 else ""),
                    what_we_did=text(120),
                    partners=text(10),
                    achievements=text(80),
                    learning=text(60),
                    acknowledgements=text(8),
                    whats_next=text(20),
                    year=rng.choice(range(2019, 2025)),
                    neighbourhood=rng.choice(neighbourhoods + [None]),
                    priority_group=rng.choice(groups + [None]),
                )
                rows.append(
                    [
                        f.get_db_prep_save(getattr(case_study, f.attname), connection)
                        for f in fields
                    ]
                )
                for principle in rng.sample(principles, rng.randint(1, 3)):
                    links["principles"].append(
                        through["principles"](
                            casestudypage_id=page.pk, marmotprinciple_id=principle.pk
                        )
                    )
                for ward in rng.sample(wards, rng.randint(1, 2)):
                    links["wards"].append(
                        through["wards"](casestudypage_id=page.pk, ward_id=ward.pk)
                    )
                for group in rng.sample(population_groups, rng.randint(0, 2)):
                    links["population_groups"].append(
                        through["population_groups"](
                            casestudypage_id=page.pk, populationgroup_id=group.pk
                        )
                    )
            with connection.cursor() as cursor:
                cursor.executemany(insert_sql, rows)
            for name, objs in links.items():
                through[name].objects.bulk_create(objs)
        Page.objects.filter(pk=index.pk).update(numchild=count)
        backend = get_search_backend()
        ids = list(
            CaseStudyPage.objects.filter(depth=index.depth + 1).values_list("pk", flat=True)
        )
        for start in range(0, len(ids), batch):
            backend.add_bulk(
                CaseStudyPage,
                list(CaseStudyPage.objects.filter(pk__in=ids[start : start + batch])),
            )
    return index, rng.choice(ids), principles[0], wards[0]


def existing():
    """The pages and terms to ask for, from a database an earlier run kept."""
    from casestudies.models import CaseStudyIndexPage, CaseStudyPage
    from hetsite.core.models import MarmotPrinciple, Ward

    index = CaseStudyIndexPage.objects.get()
    ids = list(CaseStudyPage.objects.order_by("pk").values_list("pk", flat=True))
    return index, ids[len(ids) // 2], MarmotPrinciple.objects.first(), Ward.objects.first()


def peak_rss_mib():
    """The process's peak resident memory (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure(client, url, repeat):
    """(median ms of warm requests, median ms after a publish, queries warm, after)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hetsite.core import content_version

    for _ in range(3):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        warm.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as warm_queries:
        client.get(url)
    # What publishing does to every cache keyed by the content version.
    cold = []
    for _ in range(max(5, repeat // 3)):
        content_version.bump()
        start = time.perf_counter()
        client.get(url)
        cold.append((time.perf_counter() - start) * 1000)
    content_version.bump()
    with CaptureQueriesContext(connection) as cold_queries:
        client.get(url)
    return (
        statistics.median(warm),
        statistics.median(cold),
        len(warm_queries),
        len(cold_queries),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case-studies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create the throwaway database on, e.g. "
        "postgres://postgres@127.0.0.1:5432/postgres (default: a SQLite file)",
    )
    parser.add_argument(
        "--cache-url", help="a Redis URL for the cache, as production uses (default: local memory)"
    )
    parser.add_argument(
        "--db",
        help="reuse a database kept by an earlier --keep run, a SQLite path or a database "
        "URL (no migrating or seeding; --case-studies is ignored)",
    )
    args = parser.parse_args()

    if args.db:
        database = args.db
        if "://" not in database and not Path(database).is_file():
            raise SystemExit(f"No database at {database}")
        args.keep = True
    elif args.database_url:
        database = create_postgres_database(args.database_url)
    else:
        handle, database = tempfile.mkstemp(prefix="hetsite-bench-", suffix=".sqlite3")
        os.close(handle)
    try:
        setup_django(database, args.cache_url)
        from django.conf import settings
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from casestudies.models import CaseStudyPage
        from hetsite.core.database import refresh_planner_statistics

        # Start cold. django-redis's clear() would flush the whole Redis database;
        # delete only this run's keys (settings give them their own prefix).
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()
        if args.db:
            print(f"Reusing database: {database}")
            index, detail_id, principle, ward = existing()
            args.case_studies = CaseStudyPage.objects.count()
        else:
            print(f"Throwaway {connection.vendor} database: {database}")
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"Migrated in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            rng = random.Random(args.seed)
            index, detail_id, principle, ward = seed(args.case_studies, rng)
            print(
                f"Seeded {args.case_studies} case studies in {time.perf_counter() - started:.1f} s"
            )
        # As after `migrate` (hetsite/core/database.py) or PostgreSQL's autovacuum.
        refresh_planner_statistics()

        detail = CaseStudyPage.objects.get(pk=detail_id)
        pages = {
            "index": index.url,
            "index, two filters": f"{index.url}?ward={ward.slug}&principle={principle.slug}",
            "search": f"{index.url}?q=allotment",
            "case study": detail.url,
        }
        client = Client()
        print(f"Cache: {settings.CACHES['default']['BACKEND']}")
        print()
        print(
            f"{'page':<20} {'warm ms':>8} {'target':>7} {'queries':>8} {'max':>4}  "
            f"{'result':<7} {'after publish ms':>17} {'queries':>8}"
        )
        failures = 0
        for name, url in pages.items():
            warm, cold, queries, cold_queries = measure(client, url, args.repeat)
            target_ms, target_queries = TARGETS[name]
            ok = warm < target_ms and queries <= target_queries
            failures += not ok
            print(
                f"{name:<20} {warm:>8.1f} {'<' + str(target_ms):>7} {queries:>8} "
                f"{target_queries:>4}  {'ok' if ok else 'MISSED':<7} {cold:>17.1f} "
                f"{cold_queries:>8}"
            )
        print(
            f"\n{args.case_studies} case studies, {connection.vendor}; medians of "
            f"{args.repeat} warm requests and {max(5, args.repeat // 3)} after a publish."
        )
        print(f"Peak memory of this process: {peak_rss_mib():.0f} MiB.")
        return 1 if failures else 0
    finally:
        if args.keep:
            print(f"Kept {database}")
        elif "://" in database:
            from django.db import connections

            connections.close_all()
            drop_postgres_database(database)
        else:
            Path(database).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
