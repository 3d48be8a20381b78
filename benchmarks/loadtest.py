"""Load test: the production setup on this machine under 50 concurrent users.

    make loadtest                      # 60 s, 50 users, 2 gunicorn workers
    .venv/bin/python benchmarks/loadtest.py --duration 120 --users 50 --workers 3

Starts gunicorn with ``hetsite.settings.production`` on 127.0.0.1 against a throwaway
PostgreSQL database (created, migrated, loaded with ``load_demo_content``, dropped
afterwards) and Redis (``--redis-url``; that Redis database is emptied before and after),
then runs ``--users`` client threads for ``--duration`` seconds, each requesting pages
back to back from a weighted mix of public pages: home, libraries with and without
filters, detail pages, search, feeds, the newsletter archive and a 404. Prints requests,
statuses, throughput and latency percentiles; exits 1 on any 5xx or failed request.
Only 127.0.0.1 is ever requested.
"""

import argparse
import collections
import http.client
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import production  # noqa: E402

LISTINGS = ["/case-studies/", "/projects/", "/partners/", "/priorities/", "/prize/"]
FEEDS = ["/case-studies/feed/", "/newsletters/feed/"]
ARCHIVE = "/newsletters/"
SEARCH_WORDS = ["health", "walking", "food", "housing", "young", "luton", "community", "zzz"]
NOT_PAGES = ("/admin/", "/static/", "/media/", "/documents/", "/partners/portal/")
# (kind, weight): the share of requests of each kind.
MIX = [
    ("home", 10),
    ("listing", 15),
    ("filtered listing", 20),
    ("detail", 30),
    ("search", 10),
    ("feed", 5),
    ("newsletter archive", 5),
    ("404", 5),
]
HREF = re.compile(r'href="(/[^"#]*)"')
CHECKBOX = re.compile(r'<input[^>]*type="checkbox"[^>]*name="(\w+)"[^>]*value="([^"]+)"')
SELECT = re.compile(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option[^>]*value="([^"]+)"')


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - 127.0.0.1
        return response.read().decode()


def discover(base):
    """The URLs of each kind, found by reading the running site like a visitor."""
    urls = {kind: [] for kind, _ in MIX}
    urls["home"] = ["/"]
    urls["feed"] = FEEDS
    urls["newsletter archive"] = [ARCHIVE]
    urls["404"] = ["/no-such-page/", "/case-studies/no-such-study/"]
    urls["search"] = [f"/search/?q={word}" for word in SEARCH_WORDS]
    details = set()
    for listing in [*LISTINGS, ARCHIVE]:
        html = get(base, listing)
        if listing != ARCHIVE:
            urls["listing"].append(listing)
        for raw in HREF.findall(html):
            path = unescape(raw)
            if "?" in path:
                if path.startswith(listing):
                    urls["filtered listing"].append(path)  # pagination and facet links
                continue
            if path.startswith(listing) and path != listing and not path.startswith(NOT_PAGES):
                if not path.endswith(("/feed/", ".csv")):
                    details.add(path)
        facets = CHECKBOX.findall(html) + [
            (name, value)
            for name, options in SELECT.findall(html)
            for value in OPTION.findall(options)
            if value
        ]
        for name, value in facets:
            urls["filtered listing"].append(f"{listing}?{urlencode({name: value})}")
        for (n1, v1), (n2, v2) in zip(facets, facets[1:], strict=False):
            if n1 != n2:
                urls["filtered listing"].append(f"{listing}?{urlencode({n1: v1, n2: v2})}")
    for year in re.findall(r'href="/newsletters/\?year=(\d{4})"', get(base, ARCHIVE)):
        urls["newsletter archive"].append(f"{ARCHIVE}?year={year}")
    urls["detail"] = sorted(details)
    return {kind: paths for kind, paths in urls.items() if paths}


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = collections.Counter()
        self.by_kind = collections.defaultdict(list)
        self.failures = collections.Counter()
        self.server_errors = collections.Counter()

    def add(self, kind, path, status, seconds):
        with self.lock:
            self.latencies.append(seconds)
            self.by_kind[kind].append(seconds)
            self.statuses[status] += 1
            if isinstance(status, int) and status >= 500:
                self.server_errors[f"{status} {path}"] += 1
            elif not isinstance(status, int):
                self.failures[f"{status} {path}"] += 1


def user(base, urls, results, stop_at, seed):
    rng = random.Random(seed)
    kinds = [kind for kind, _ in MIX if kind in urls]
    weights = [weight for kind, weight in MIX if kind in urls]
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    while time.monotonic() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(urls[kind])
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": "text/html", "User-Agent": "loadtest"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            conn.close()
        results.add(kind, path, status, time.perf_counter() - started)
    conn.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(results, elapsed, args):
    total = len(results.latencies)
    print(f"\n{args.users} users, {elapsed:.1f} s, {args.workers} gunicorn workers")
    print(f"requests: {total}  throughput: {total / elapsed:.1f} req/s")
    statuses = sorted(results.statuses.items(), key=str)
    print("statuses: " + ", ".join(f"{status}: {count}" for status, count in statuses))
    ms = [1000 * s for s in results.latencies]
    if ms:
        p50, p95, p99 = (percentile(ms, f) for f in (0.5, 0.95, 0.99))
        mean, top = statistics.fmean(ms), max(ms)
        print(
            f"latency ms: p50 {p50:.0f}  p95 {p95:.0f}  p99 {p99:.0f}  "
            f"max {top:.0f}  mean {mean:.0f}"
        )
    print(f"{'kind':<20}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, _ in MIX:
        values = [1000 * s for s in results.by_kind.get(kind, [])]
        if values:
            print(
                f"{kind:<20}{len(values):>9}{percentile(values, 0.5):>9.0f}"
                f"{percentile(values, 0.95):>9.0f}{percentile(values, 0.99):>9.0f}"
            )
    for label, counter in (("5xx", results.server_errors), ("failed", results.failures)):
        for what, count in counter.most_common(10):
            print(f"{label}: {count} x {what}")
    return not results.server_errors and not results.failures


def baseline(base, urls):
    """Median latency of one request at a time (after a first pass warms the caches)."""
    paths = sorted({path for paths in urls.values() for path in paths})[:60]
    times = []
    for attempt in range(2):
        for path in paths:
            started = time.perf_counter()
            try:
                get(base, path)
            except urllib.error.HTTPError:
                pass
            if attempt:
                times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def flush_redis(url):
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/10", help="the cache; '' for none"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the mix")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 0 < args.duration <= 3600:
        parser.error("--users must be 1-500 and --duration 1-3600 s")

    name = f"hetsite_loadtest_{os.getpid()}"
    started = time.monotonic()
    with production.throwaway_database(name) as db_url:
        env = production.production_env(
            db_url,
            redis_url=args.redis_url or None,
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        )
        # Setting up runs tasks (search index, references) at once; no worker runs here.
        setup_env = dict(
            env,
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
            DJANGO_LOG_LEVEL="WARNING",
        )
        print(f"database {name}: migrate, load_demo_content, collectstatic ...", flush=True)
        production.manage(setup_env, "migrate", "--no-input")
        production.manage(setup_env, "load_demo_content")
        production.collect_static(setup_env, force=True)
        if args.redis_url:
            flush_redis(args.redis_url)
        print(f"set up in {time.monotonic() - started:.0f} s; starting gunicorn", flush=True)
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by production.gunicorn
            prefix="hetsite-loadtest-", suffix=".log", delete=False
        )
        try:
            with production.gunicorn(env, workers=args.workers, log=log) as base:
                urls = discover(base)
                print(
                    "mix: "
                    + ", ".join(f"{kind} ({len(urls[kind])} urls)" for kind in urls)
                    + f"\nload: {args.users} users for {args.duration:g} s ...",
                    flush=True,
                )
                print(f"one user, each URL once: median {baseline(base, urls):.0f} ms", flush=True)
                results = Results()
                stop_at = time.monotonic() + args.duration
                load_started = time.monotonic()
                threads = [
                    threading.Thread(
                        target=user, args=(base, urls, results, stop_at, args.seed + i)
                    )
                    for i in range(args.users)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=args.duration + 120)
                ok = report(results, time.monotonic() - load_started, args)
        finally:
            if args.redis_url:
                flush_redis(args.redis_url)
            print(f"gunicorn log: {log.name}")
    print("PASS: no 5xx" if ok else "FAIL: 5xx or failed requests (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
