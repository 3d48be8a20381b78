"""Run the shipped Varnish configuration (deploy/varnish/) as a child process.

For the HTTP cache tests and ``benchmarks/bench_http.py``: varnishd in the foreground with its
own working directory under /tmp, listening on 127.0.0.1 only, no management port, in
front of the given app servers. Every wait is bounded; the process is killed on exit.
"""

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks import production

BASE_DIR = Path(__file__).resolve().parent.parent
VCL_DIR = BASE_DIR / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

BACKENDS = """
probe app_health {{
    .request = "GET /health/ HTTP/1.1" "Host: localhost" "Connection: close";
    .timeout = 2s;
    .interval = {probe_interval};
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}
{backends}
acl purgers {{ {purgers} }}
acl front_proxies {{ "127.0.0.1"; }}
sub vcl_init {{
    new app = directors.round_robin();
    new app_unprobed = directors.round_robin();
{adds}
}}
"""


def backends_vcl(app_addresses, probe_interval="1s", purgers=("127.0.0.1",)):
    """backends.vcl for app servers at ``host:port`` addresses (as backends.vcl.example)."""
    backends, adds = [], []
    for number, address in enumerate(app_addresses, 1):
        host, port = address.rsplit(":", 1)
        backends.append(
            f'backend app{number} {{ .host = "{host}"; .port = "{port}"; .probe = app_health; }}'
        )
        backends.append(f'backend app{number}_unprobed {{ .host = "{host}"; .port = "{port}"; }}')
        adds.append(f"    app.add_backend(app{number});")
        adds.append(f"    app_unprobed.add_backend(app{number}_unprobed);")
    return BACKENDS.format(
        probe_interval=probe_interval,
        backends="\n".join(backends),
        adds="\n".join(adds),
        purgers=" ".join(f'"{address}";' for address in purgers),
    )


def installed():
    return Path(VARNISHD).exists()


@contextlib.contextmanager
def running(app_addresses, port, *, memory="64m", vcl=None, extra=(), purgers=("127.0.0.1",)):
    """varnishd on 127.0.0.1:``port`` in front of ``app_addresses``; yields its URL."""
    work = Path(tempfile.mkdtemp(prefix="hetsite-varnish-"))
    work.chmod(0o755)
    (work / "backends.vcl").write_text(backends_vcl(app_addresses, purgers=purgers))
    vcl = vcl or VCL_DIR / "hetsite.vcl"
    log = open(work / "varnishd.log", "w+")  # noqa: SIM115 - closed below
    command = [
        VARNISHD,
        "-F",
        "-n",
        str(work / "state"),
        "-a",
        f"127.0.0.1:{port}",
        "-T",
        "none",
        "-f",
        str(vcl),
        "-p",
        f"vcl_path={work}:{VCL_DIR}",
        "-s",
        f"malloc,{memory}",
        *extra,
    ]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"varnishd did not start:\n{log.read()[-3000:]}")
            time.sleep(0.1)
        yield url
    finally:
        production.stop(process)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def wait_until_healthy(url, timeout=20):
    """Until a page comes back through Varnish from an app server (probes have passed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/robots.txt", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"nothing came through {url} within {timeout} s")
