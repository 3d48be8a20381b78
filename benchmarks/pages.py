"""Time every library and detail page at N case studies: ``make bench`` (N=10000).

Builds a throwaway database (a temporary SQLite file by default, or a new database on
the PostgreSQL server given by ``--database-url``; never the dev database), migrates
it, loads the demo site, adds N live, searchable case studies and N/10 projects (under
N/100 organisations) with taxonomy, refreshes the planner statistics, then asks
Django's test Client for one page of every public type many times and prints the
median server time and the query count, against the targets of the issue.

Two figures per page: "warm" is every request after the first (what most visitors
get), and "after publish" is the first request after a case study was published,
which starts a new content version, so every cached fragment and facet list misses.

``--sizes 10,10000`` measures at each size in turn on the same database (adding items
between them) and shows that no page's query count grows with the content.

    python benchmarks/pages.py                       # 10,000 case studies, 1,000 projects
    python benchmarks/pages.py --sizes 10,10000      # query counts flat from 10 to 10,000
    python benchmarks/pages.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    python benchmarks/pages.py --cache-url redis://127.0.0.1:6379/15   # production cache
    python benchmarks/pages.py --keep   # then --db PATH-OR-URL to measure it again

Only URLs and the public page models are used, so the script measures whatever the
pages do internally.
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
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Every page type a visitor reaches, and whether it is a library (listing) or a detail page.
PAGES = {
    "case study index": "library",
    "case study index, filtered": "library",
    "case study index, searched": "library",
    "case study": "detail",
    "project index": "library",
    "project index, filtered": "library",
    "project index, searched": "library",
    "project": "detail",
    "partner index": "library",
    "organisation": "detail",
    "priority group": "detail",
    "prize round": "detail",
    "newsletter issue": "detail",
    "home": "detail",
    "ward index": "detail",
    "ward": "detail",
    "neighbourhood": "detail",
    "indicator dashboard": "detail",
    "indicator": "detail",
}
TARGET_MS = {"library": 25, "detail": 12}
MAX_QUERIES_WARM = 12
MAX_QUERIES_AFTER_PUBLISH = 15
WORDS = (
    "community health wellbeing residents families children school walking running garden "
    "kitchen food housing advice support volunteers older people carers youth club sport "
    "exercise mental physical activity language classes employment skills training jobs "
    "money debt benefits energy homes warm repairs outreach clinic pharmacy nurse coach "
    "mosque church temple library park nature trees cycling football cricket music art "
    "theatre festival market neighbourhood street estate tenants landlords council nhs "
    "university college apprenticeship mentoring reading numeracy digital phones laptops"
).split()


@dataclass
class Row:
    page: str
    kind: str
    url: str
    warm_ms: float
    queries: int
    publish_ms: float
    publish_queries: int

    @property
    def ok(self):
        return (
            self.warm_ms < TARGET_MS[self.kind]
            and self.queries <= MAX_QUERIES_WARM
            and self.publish_queries <= MAX_QUERIES_AFTER_PUBLISH
        )


def setup_django(database, cache_url=None):
    os.environ["HETSITE_BENCH_DATABASE"] = database
    if cache_url:
        os.environ["HETSITE_BENCH_CACHE_URL"] = cache_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def create_postgres_database(server_url, prefix="hetsite_bench_"):
    """A new, empty database on the server of ``server_url``; returns its URL."""
    import psycopg

    name = f"{prefix}{uuid.uuid4().hex[:8]}"
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


# Building the content ------------------------------------------------------------------


def load_demo():
    """The demo site (home, indexes, priority groups, prize rounds, newsletters), once."""
    from django.core.management import call_command

    from casestudies.models import CaseStudyIndexPage

    if not CaseStudyIndexPage.objects.exists():
        call_command("load_demo_content", stdout=StringIO())


def text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def add_pages(parent_items):
    """Insert live pages in bulk: ``parent_items`` is [(parent, page instance, {m2m})].

    Far faster than ``add_child`` + ``publish`` per page, and as the admin leaves them:
    a place in the tree, a URL path, live, in the search index. Rows are written from
    the models' own field metadata, so the script follows the models as they change.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone

    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend

    if not parent_items:
        return []
    model = type(parent_items[0][1])
    if model._meta.get_parent_list() != [Page]:
        raise TypeError(f"{model} is not a direct Page subclass")
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    now = timezone.now()
    next_child = {}
    pages = []
    for offset, (parent, page, _m2m) in enumerate(parent_items):
        if parent.pk not in next_child:
            last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            last = last.order_by("-path").values_list("path", flat=True).first()
            next_child[parent.pk] = Page._str2int(last[-Page.steplen :]) if last else 0
        next_child[parent.pk] += 1
        published = now - timedelta(minutes=len(parent_items) - offset)
        page.draft_title = page.title
        page.path = Page._get_path(parent.path, parent.depth + 1, next_child[parent.pk])
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published
        page.content_type = content_type
        page.locale = locale
        page.translation_key = uuid.uuid4()
        base = Page()
        for field in Page._meta.local_concrete_fields:
            if not field.primary_key:
                setattr(base, field.attname, getattr(page, field.attname))
        pages.append(base)
    Page.objects.bulk_create(pages)

    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Names from the model's own metadata, quoted; values are parameters.
    table = connection.ops.quote_name(model._meta.db_table)
    insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows, links = [], {}
    for base, (_parent, page, m2m) in zip(pages, parent_items, strict=True):
        page.pk = page.page_ptr_id = base.pk
        page.id = base.pk
        rows.append([f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields])
        for name, targets in m2m.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links.setdefault(name, []).extend(
                through(**{f"{source}_id": base.pk, f"{target}_id": t.pk}) for t in targets
            )
    with connection.cursor() as cursor:
        cursor.executemany(insert_sql, rows)
    for name, objs in links.items():
        model._meta.get_field(name).remote_field.through.objects.bulk_create(objs)
    counts = {}
    for parent, _page, _m2m in parent_items:
        counts[parent.pk] = counts.get(parent.pk, 0) + 1
    for parent_pk, count in counts.items():
        Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
    ids = [page.pk for page in pages]
    backend = get_search_backend()
    for start in range(0, len(ids), 500):
        backend.add_bulk(model, list(model.objects.filter(pk__in=ids[start : start + 500])))
    return ids


def choices(model, name):
    """Every object a field of ``model`` can point at (taxonomy, priority groups...)."""
    related = model._meta.get_field(name).related_model
    queryset = related.objects.all()
    if hasattr(queryset, "live"):
        queryset = queryset.live()
    return list(queryset.order_by("pk"))


def grow(case_studies, projects, rng):
    """Add bench items until there are ``case_studies`` and ``projects`` of them."""
    from django.db import transaction
    from django.utils.text import slugify

    from casestudies.models import CaseStudyIndexPage, CaseStudyPage
    from projects.models import (
        OrganisationPage,
        PartnerIndexPage,
        PartnerOrganisation,
        ProjectPage,
    )

    bench_orgs = OrganisationPage.objects.filter(slug__startswith="bench-partner-")
    bench_projects = ProjectPage.objects.filter(slug__startswith="bench-project-")
    bench_case_studies = CaseStudyPage.objects.filter(slug__startswith="bench-case-study-")
    organisations = max(3, projects // 10)
    wards, principles = choices(ProjectPage, "wards"), choices(ProjectPage, "principles")
    groups = choices(ProjectPage, "population_groups")

    def tags():
        return {
            "wards": rng.sample(wards, rng.randint(1, 2)),
            "principles": rng.sample(principles, rng.randint(1, 3)),
            "population_groups": rng.sample(groups, rng.randint(0, 2)),
        }

    priorities = choices(ProjectPage, "priority_group")
    neighbourhoods = choices(CaseStudyPage, "neighbourhood")
    with transaction.atomic():
        have = bench_orgs.count()
        if have < organisations:
            partner_index = PartnerIndexPage.objects.get()
            items = []
            for n in range(have + 1, organisations + 1):
                name = f"Bench partner {n}"
                org = PartnerOrganisation.objects.create(
                    name=name, slug=slugify(name), sector=rng.choice(["vcsfe", "nhs", "council"])
                )
                page = OrganisationPage(
                    title=name,
                    slug=slugify(name),
                    organisation=org,
                    description=text(rng, 40),
                    website="https://example.org/",
                )
                items.append((partner_index, page, {"wards": rng.sample(wards, 2)}))
            add_pages(items)
        org_pages = list(bench_orgs.select_related("organisation").order_by("pk"))

        have = bench_projects.count()
        items = []
        for n in range(have, projects):
            org_page = org_pages[n % len(org_pages)]
            page = ProjectPage(
                title=f"{text(rng, 3)[:-1]} {n + 1}",
                slug=f"bench-project-{n + 1}",
                organisation=org_page.organisation,
                summary=text(rng, 20),
                description=text(rng, 150),
                who_it_is_for=text(rng, 20),
                how_to_take_part=text(rng, 20),
                priority_group=(priorities + [None])[n % (len(priorities) + 1)],
            )
            items.append((org_page, page, tags()))
        for start in range(0, len(items), 1000):
            add_pages(items[start : start + 1000])

        index = CaseStudyIndexPage.objects.get()
        have = bench_case_studies.count()
        items = []
        for n in range(have, case_studies):
            page = CaseStudyPage(
                title=f"{text(rng, 4)[:-1]} {n + 1}",
                slug=f"bench-case-study-{n + 1}",
                organisation_name="A Luton partner",
                organisation=org_pages[n % len(org_pages)].organisation,
                about=text(rng, 60),
                what_we_did=text(rng, 120),
                partners=text(rng, 10),
                achievements=text(rng, 80),
                learning=text(rng, 60),
                acknowledgements=text(rng, 8),
                whats_next=text(rng, 20),
                year=rng.choice(range(2019, 2025)),
                neighbourhood=rng.choice(neighbourhoods + [None]),
                priority_group=(priorities + [None])[n % (len(priorities) + 1)],
            )
            items.append((index, page, tags()))
        for start in range(0, len(items), 1000):
            add_pages(items[start : start + 1000])
    analyse()


def analyse():
    """Planner statistics, as after `migrate` or PostgreSQL's autovacuum."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Measuring -----------------------------------------------------------------------------


def page_urls():
    """One URL per page type, chosen so every listing and filter has results at any size."""
    from django.db.models import Count

    from wagtail.models import Site

    from casestudies.models import CaseStudyIndexPage, CaseStudyPage
    from hetsite.core.models import Ward
    from newsletters.models import NewsletterIssuePage
    from places.models import IndicatorIndexPage, WardIndexPage
    from priorities.models import PriorityGroupPage
    from prizes.models import PrizeRoundPage
    from projects.models import PartnerIndexPage, ProjectIndexPage, ProjectPage

    def live(model):
        return model.objects.live().public()

    project = live(ProjectPage).filter(slug="bench-project-1").first() or live(ProjectPage).first()
    org_page = project.get_parent().specific
    case_study = (
        live(CaseStudyPage)
        .filter(slug__startswith="bench-case-study-", organisation_id=project.organisation_id)
        .order_by("pk")
        .first()
    ) or live(CaseStudyPage).first()

    def filters(page):
        return urlencode(
            {
                "ward": page.wards.order_by("pk").first().slug,
                "principle": page.principles.order_by("pk").first().slug,
            }
        )

    case_index = live(CaseStudyIndexPage).get().url
    project_index = live(ProjectIndexPage).get().url
    wards_url = live(WardIndexPage).get().url
    # The ward with the most projects, case studies and organisations (the fewest of the
    # three first), so its page lists some of each at every size.
    tagged = {
        relation: dict(Ward.objects.annotate(n=Count(relation)).values_list("pk", "n"))
        for relation in ("projects", "case_studies", "organisation_pages")
    }
    busiest_ward = max(
        Ward.objects.select_related("neighbourhood").order_by("pk"),
        key=lambda w: (
            min(t[w.pk] for t in tagged.values()),
            sum(t[w.pk] for t in tagged.values()),
        ),
    )
    return {
        "case study index": case_index,
        "case study index, filtered": f"{case_index}?{filters(case_study)}",
        "case study index, searched": f"{case_index}?q={case_study.title.split()[0].lower()}",
        "case study": case_study.url,
        "project index": project_index,
        "project index, filtered": f"{project_index}?{filters(project)}",
        "project index, searched": f"{project_index}?q={project.title.split()[0].lower()}",
        "project": project.url,
        "partner index": live(PartnerIndexPage).get().url,
        "organisation": org_page.url,
        # The first group: the first bench case study and project are in it.
        "priority group": live(PriorityGroupPage).order_by("pk").first().url,
        "prize round": live(PrizeRoundPage).order_by("pk").first().url,
        "newsletter issue": live(NewsletterIssuePage).order_by("pk").first().url,
        "home": Site.objects.get(is_default_site=True).root_page.url,
        # That ward, and its neighbourhood.
        "ward index": wards_url,
        "ward": f"{wards_url}{busiest_ward.slug}/",
        "neighbourhood": f"{wards_url}neighbourhoods/{busiest_ward.neighbourhood.slug}/",
        "indicator dashboard": live(IndicatorIndexPage).get().url,
        "indicator": f"{live(IndicatorIndexPage).get().url}social-progress-index/",
    }


def publish_something():
    """Publish a case study, as an editor would: a new content version for everyone."""
    from casestudies.models import CaseStudyPage

    page = CaseStudyPage.objects.live().order_by("-pk").first()
    page.save_revision().publish()


def publishes(repeat):
    """How many first-after-publish requests to time: a third of ``repeat``, at least 3."""
    return min(repeat, max(3, repeat // 3))


def measure(client, name, url, repeat, warmups=2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {response.status_code}")

    for _ in range(warmups):  # the first request after the previous page's publish is cold
        get()
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        get()
        warm.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as warm_queries:
        get()
    after = []
    for _ in range(publishes(repeat)):
        publish_something()
        start = time.perf_counter()
        get()
        after.append((time.perf_counter() - start) * 1000)
    publish_something()
    with CaptureQueriesContext(connection) as after_queries:
        get()
    return Row(
        name,
        PAGES[name],
        url,
        statistics.median(warm),
        len(warm_queries),
        statistics.median(after),
        len(after_queries),
    )


def measure_all(repeat, warmups=2):
    from django.test import Client

    client = Client()
    return [measure(client, name, url, repeat, warmups) for name, url in page_urls().items()]


def counts():
    from casestudies.models import CaseStudyPage
    from projects.models import OrganisationPage, ProjectPage

    return {
        "case studies": CaseStudyPage.objects.live().count(),
        "projects": ProjectPage.objects.live().count(),
        "organisations": OrganisationPage.objects.live().count(),
    }


def print_table(rows, out):
    out.write(
        f"{'page':<28} {'kind':<8} {'warm ms':>8} {'target':>7} {'queries':>8} "
        f"{'after publish ms':>17} {'queries':>8}  result\n"
    )
    for r in rows:
        out.write(
            f"{r.page:<28} {r.kind:<8} {r.warm_ms:>8.1f} {'<' + str(TARGET_MS[r.kind]):>7} "
            f"{r.queries:>8} {r.publish_ms:>17.1f} {r.publish_queries:>8}  "
            f"{'ok' if r.ok else 'MISSED'}\n"
        )


def grows(results):
    """Page types whose query count rises between the smallest and the largest size."""
    sizes = sorted(results)
    first, last = results[sizes[0]], results[sizes[-1]]
    return [
        name
        for name in PAGES
        if last[name].queries > first[name].queries
        or last[name].publish_queries > first[name].publish_queries
    ]


def run(sizes, repeat=30, projects=None, seed=2024, out=sys.stdout, warmups=2):
    """Grow the content to each size in turn and measure every page; {size: {page: Row}}.

    Needs Django set up on a migrated database; loads the demo site if it is not there.
    """
    rng = random.Random(seed)
    started = time.perf_counter()
    load_demo()
    out.write(f"Demo site loaded in {time.perf_counter() - started:.1f} s\n")
    results = {}
    for size in sorted(sizes):
        started = time.perf_counter()
        grow(size, projects if projects is not None else max(size // 10, 3), rng)
        have = counts()
        out.write(
            f"\nSeeded in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{v} {k}" for k, v in have.items())
            + f" ({size} added for the benchmark)\n"
        )
        rows = measure_all(repeat, warmups)
        print_table(rows, out)
        results[size] = {row.page: row for row in rows}
    if len(results) > 1:
        out.write("\nQueries (warm / after publish) by number of case studies added:\n")
        out.write(f"{'page':<28} " + " ".join(f"{s:>12}" for s in sorted(results)) + "\n")
        for name in PAGES:
            cells = " ".join(
                f"{f'{results[s][name].queries} / {results[s][name].publish_queries}':>12}"
                for s in sorted(results)
            )
            out.write(f"{name:<28} {cells}\n")
        growing = grows(results)
        out.write(
            "Query counts grow with content on: " + ", ".join(growing) + "\n"
            if growing
            else "Query counts are flat: no page asks more queries with more content.\n"
        )
    return results


def peak_rss_mib():
    """The process's peak resident memory (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--case-studies", type=int, default=10_000, help="case studies to add (default 10000)"
    )
    parser.add_argument(
        "--sizes",
        help="comma-separated numbers of case studies to measure at in turn, e.g. 10,10000 "
        "(overrides --case-studies)",
    )
    parser.add_argument(
        "--projects", type=int, help="projects to add (default: a tenth of the case studies)"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create the throwaway database on, e.g. "
        "postgres://postgres@127.0.0.1:5432/postgres (default: a SQLite file)",
    )
    parser.add_argument(
        "--database-prefix",
        default="hetsite_bench_",
        help="how the throwaway PostgreSQL database's name starts (default hetsite_bench_)",
    )
    parser.add_argument(
        "--cache-url", help="a Redis URL for the cache, as production uses (default: local memory)"
    )
    parser.add_argument(
        "--db",
        help="reuse a database kept by an earlier --keep run, a SQLite path or a database "
        "URL (no migrating; items are only added up to the sizes asked for)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.case_studies]

    if args.db:
        database = args.db
        if "://" not in database and not Path(database).is_file():
            raise SystemExit(f"No database at {database}")
        args.keep = True
    elif args.database_url:
        database = create_postgres_database(args.database_url, args.database_prefix)
    else:
        handle, database = tempfile.mkstemp(prefix="hetsite-bench-", suffix=".sqlite3")
        os.close(handle)
    try:
        setup_django(database, args.cache_url)
        from django.conf import settings
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection

        # Start cold. django-redis's clear() would flush the whole Redis database;
        # delete only this run's keys (settings give them their own prefix).
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()
        print(f"{'Reusing' if args.db else 'Throwaway'} {connection.vendor} database: {database}")
        print(f"Cache: {settings.CACHES['default']['BACKEND']}")
        if not args.db:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"Migrated in {time.perf_counter() - started:.1f} s")
        results = run(sizes, args.repeat, args.projects, args.seed)
        repeat_after = publishes(args.repeat)
        print(
            f"\n{connection.vendor}; medians of {args.repeat} warm requests and "
            f"{repeat_after} first requests after a publish. Targets: library pages "
            f"<{TARGET_MS['library']} ms, detail pages <{TARGET_MS['detail']} ms, "
            f"<={MAX_QUERIES_WARM} queries warm, <={MAX_QUERIES_AFTER_PUBLISH} after a publish."
        )
        print(f"Peak memory of this process: {peak_rss_mib():.0f} MiB.")
        missed = [r.page for rows in results.values() for r in rows.values() if not r.ok]
        return 1 if missed or (len(results) > 1 and grows(results)) else 0
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
