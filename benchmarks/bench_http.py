"""HTTP benchmark: the shipped Varnish in front of two app servers, against the physical limit.

    make bench-http                          # 10 s per figure
    .venv/bin/python benchmarks/bench_http.py --seconds 5 --connections 32

Sets up the production stack on 127.0.0.1: a throwaway PostgreSQL database (migrated,
loaded with ``load_demo_content``, dropped afterwards), Redis (``--redis-url``, emptied
before and after), two gunicorn app servers (production settings, ``--workers`` each) and
varnishd with deploy/varnish/hetsite.vcl in front, purged on publish. Then, for the home
page, a library (/case-studies/) and a case study page, it prints:

1. requests per second through Varnish (cache hits), and from nginx serving a static copy
   of the same bytes from disk (the physical limit on this machine), and their ratio
   (best of ``--rounds`` interleaved runs of each);
2. requests per second with the cache bypassed (a session cookie makes Varnish pass the
   request to the app servers);
3. the purge delay: from the start of a publish (ORM, in a separate process, which purges
   on commit) to the first fresh copy of the page through Varnish.

Uses ``wrk`` when installed (Debian package ``wrk``), otherwise a small threaded client
(which measures the client as much as the server). Every request goes to 127.0.0.1, and
every figure is bounded by ``--seconds``. Clients send ``Accept-Encoding: gzip``, as
browsers do; nginx serves the gzipped copy with ``gzip_static``.
"""

import argparse
import gzip
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import production, varnish  # noqa: E402

APP_PORTS = (8641, 8642)
VARNISH_PORT = 8643
NGINX_PORT = 8644
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk")
HEADERS = {"Accept-Encoding": "gzip"}
BYPASS = {"Cookie": "sessionid=benchmark-no-such-session"}
NGINX_CONF = """
worker_processes {workers};
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    keepalive_requests 1000000;
    gzip_static on;
    server {{
        listen 127.0.0.1:{port};
        root {run}/www;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.headers, response.read()


def rate_wrk(url, seconds, connections, headers):
    command = [WRK, "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - wrk against 127.0.0.1
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"errors from {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def rate_python(url, seconds, connections, headers):
    host, _, path = url.removeprefix("http://").partition("/")
    stop_at = time.monotonic() + seconds
    counts = []

    def client():
        done = 0
        connection = http.client.HTTPConnection(host, timeout=30)
        while time.monotonic() < stop_at:
            connection.request("GET", "/" + path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=client) for _ in range(min(connections, 16))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def rate(url, seconds, connections, headers):
    if WRK:
        return rate_wrk(url, seconds, connections, headers)
    return rate_python(url, seconds, connections, headers)


class StaticCopy:
    """nginx serving files from disk, as fast as this machine serves anything."""

    def __init__(self):
        self.run = Path(tempfile.mkdtemp(prefix="hetsite-static-"))
        (self.run / "www").mkdir()
        self.run.chmod(0o755)
        (self.run / "www").chmod(0o755)

    def add(self, path, body):
        target = self.run / "www" / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        (target.parent / "index.html.gz").write_bytes(gzip.compress(body, 6))
        for folder in [target.parent, *target.parent.parents]:
            if folder == self.run:
                break
            folder.chmod(0o755)
        target.chmod(0o644)
        (target.parent / "index.html.gz").chmod(0o644)

    def __enter__(self):
        conf = self.run / "nginx.conf"
        conf.write_text(NGINX_CONF.format(run=self.run, port=NGINX_PORT, workers=2))
        self.process = subprocess.Popen(  # noqa: S603 - nginx on 127.0.0.1
            [NGINX, "-p", str(self.run), "-c", str(conf), "-g", "daemon off;"]
        )
        time.sleep(0.5)
        return f"http://127.0.0.1:{NGINX_PORT}"

    def __exit__(self, *exc):
        production.stop(self.process)
        shutil.rmtree(self.run, ignore_errors=True)


PUBLISH = """
import time
from casestudies.models import CaseStudyPage
page = CaseStudyPage.objects.live().get(slug="{slug}")
for number in range({times}):
    page.title = page.title.split(" (edit")[0] + f" (edit {{number}})"
    start = time.time()
    page.save_revision().publish()
    print(start, time.time(), flush=True)
    input()
"""


def purge_delays(env, base, detail, times=5):
    """Publish ``times`` edits of the page; seconds from each publish to a fresh copy."""
    slug = detail.rstrip("/").rsplit("/", 1)[-1]
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "--no-imports",
            "-c",
            PUBLISH.format(slug=slug, times=times),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    delays = []
    try:
        for number in range(times):
            started, published = map(float, process.stdout.readline().split())
            wanted = f"(edit {number})".encode()
            deadline = time.monotonic() + 10
            while wanted not in fetch(base + detail)[2]:
                if time.monotonic() > deadline:
                    raise RuntimeError("the edit did not show through the cache in 10 s")
                time.sleep(0.005)
            delays.append((time.time() - started, published - started))
            process.stdin.write("\n")
            process.stdin.flush()
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    return delays


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per figure (10)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (2)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server (1)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="the cache")
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 256 or args.rounds < 1:
        parser.error("--seconds must be 1-120, --connections 1-256, --rounds at least 1")
    if not varnish.installed():
        parser.error("varnishd is not installed (apt-get install varnish)")

    name = f"h_httpcache_bench_{os.getpid()}"
    purge_url = f"http://127.0.0.1:{VARNISH_PORT}"
    with production.throwaway_database(name) as db_url:
        env = production.production_env(
            db_url,
            redis_url=args.redis_url,
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            FRONTEND_CACHE_PURGE_URL=purge_url,
            DJANGO_LOG_LEVEL="WARNING",
        )
        setup_env = dict(env, TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend")
        del setup_env["FRONTEND_CACHE_PURGE_URL"]  # nothing is cached yet
        print(f"database {name}: migrate, load_demo_content ...", flush=True)
        production.manage(setup_env, "migrate", "--no-input")
        production.manage(setup_env, "load_demo_content")
        production.collect_static(setup_env)
        import redis

        cache = redis.Redis.from_url(args.redis_url)
        cache.flushdb()
        logs = [
            tempfile.NamedTemporaryFile(prefix="hetsite-bench-", suffix=".log", delete=False)  # noqa: SIM115
            for _ in APP_PORTS
        ]
        try:
            with (
                production.gunicorn(env, workers=args.workers, port=APP_PORTS[0], log=logs[0]),
                production.gunicorn(env, workers=args.workers, port=APP_PORTS[1], log=logs[1]),
                varnish.running([f"127.0.0.1:{p}" for p in APP_PORTS], VARNISH_PORT) as base,
            ):
                varnish.wait_until_healthy(base)
                report(args, env, base)
        finally:
            cache.flushdb()


def report(args, env, base):
    library = "/case-studies/"
    html = fetch(base + library)[2].decode()
    detail = re.search(r'class="card__title"><a href="(/[^"]+)"', html).group(1)
    pages = {"home": "/", "library": library, "detail": detail}
    tool = "wrk" if WRK else "python client"
    print(
        f"\n{tool}, {args.connections} connections, {args.seconds:g} s per figure, "
        f"best of {args.rounds} interleaved rounds for the cached figures\n"
    )

    static = StaticCopy()
    for path in pages.values():
        fetch(base + path, HEADERS)  # warm the cache
        status, headers, _ = fetch(base + path, HEADERS)
        if headers["X-Cache"] != "HIT":
            raise RuntimeError(f"{path} is not cached: {headers['X-Cache']}")
        static.add(path, fetch(base + path)[2])
    print(f"{'page':<8} {'Varnish (hits)':>15} {'static nginx':>13} {'ratio':>6}")
    with static as static_base:
        for kind, path in pages.items():
            if fetch(static_base + path, HEADERS)[1]["Content-Encoding"] != "gzip":
                raise RuntimeError("nginx did not serve the gzipped copy")
            # Interleaved rounds, best of each: other load on the machine hits both alike.
            cached = limit = 0
            for _ in range(args.rounds):
                cached = max(cached, rate(base + path, args.seconds, args.connections, HEADERS))
                limit = max(
                    limit, rate(static_base + path, args.seconds, args.connections, HEADERS)
                )
            print(f"{kind:<8} {cached:>11,.0f} r/s {limit:>9,.0f} r/s {cached / limit:>6.0%}")

    print(f"\ncache bypassed (passed to 2 app servers x {args.workers} worker):")
    for kind, path in pages.items():
        uncached = rate(base + path, args.seconds, min(args.connections, 8), {**HEADERS, **BYPASS})
        print(f"{kind:<8} {uncached:>11,.1f} r/s")

    delays = purge_delays(env, base, detail)
    totals = [total * 1000 for total, _ in delays]
    publishes = [publish * 1000 for _, publish in delays]
    print(
        f"\npurge delay, publish start -> fresh page through Varnish ({len(delays)} edits): "
        f"median {statistics.median(totals):.0f} ms, max {max(totals):.0f} ms "
        f"(of which the publish itself, purges included: median "
        f"{statistics.median(publishes):.0f} ms)"
    )


if __name__ == "__main__":
    main()
