"""The production way to serve media, through a real nginx built from deploy/'s template.

nginx runs as this test's own process on a free 127.0.0.1 port, in front of the live
test server, with media on disk and the app answering with X-Accel-Redirect. Skipped
when nginx is not installed, unless HETSITE_REQUIRE_BROWSER=1 (CI installs it).
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess  # noqa: S404
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from projects.models import ProjectPage
from tests import factories
from tests.browser_support import require
from tests.core.test_media import assert_no_metadata, gps_jpeg
from tests.projects.portal import factories as pf

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRAPPER = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    include {run}/hetsite.conf;
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_template(**values):
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    assert "@" not in re.sub(r"#.*", "", text), "a placeholder was left unfilled"
    return text


@contextlib.contextmanager
def running_nginx(app_address, static_root, media_root):
    require(os.path.exists(NGINX), "nginx is not installed (apt-get install nginx)")
    port = free_port()
    run = Path(tempfile.mkdtemp(prefix="hetsite-nginx-"))
    (run / "hetsite.conf").write_text(
        render_template(
            LISTEN=f"127.0.0.1:{port}",
            SERVER_NAME="localhost",
            APP_UPSTREAM=app_address,
            STATIC_ROOT=str(static_root),
            MEDIA_ROOT=str(media_root),
        )
    )
    (run / "nginx.conf").write_text(WRAPPER.format(run=run))
    command = [NGINX, "-p", str(run), "-c", str(run / "nginx.conf"), "-g", "daemon off;"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=20)  # noqa: S603
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stderr=subprocess.PIPE)  # noqa: S603
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start in 10 s"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(run, ignore_errors=True)


def fetch(url):
    """(status, headers, body) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def media_root(settings):
    root = Path(tempfile.mkdtemp(prefix="hetsite-media-"))
    root.chmod(0o755)  # nginx's workers read it as an unprivileged user
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "hetsite.media.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.HETSITE_MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    settings.SENDFILE_BACKEND = "hetsite.media.sendfile_nginx"
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def app_address(live_server):
    """The live server running the bare Django app, as gunicorn would.

    Django's test server also serves MEDIA_ROOT itself (every file, originals too),
    which would hide what the app and nginx do.
    """
    httpd = live_server.thread.httpd
    test_app = httpd.get_app()
    httpd.set_app(WSGIHandler())
    yield urlsplit(live_server.url).netloc
    httpd.set_app(test_app)


def test_nginx_serves_public_renditions_only(transactional_db, app_address, media_root):
    static_root = Path(tempfile.mkdtemp(prefix="hetsite-static-"))
    static_root.chmod(0o755)
    (static_root / "site.css").write_text("body { color: #000; }")
    (static_root / "site.css").chmod(0o644)
    org = pf.organisation("Organisation A")
    member = Client()
    member.force_login(pf.member(org, "member-a"))
    editor = Client()
    editor.force_login(factories.editor())
    upload = SimpleUploadedFile("alice-smith-home.jpg", gps_jpeg(), content_type="image/jpeg")
    response = member.post(
        reverse("projects:portal_project_new"),
        {**pf.project_post_data(action="submit"), "new-image": upload, "new-alt_text": "A walk"},
    )
    assert response.status_code == 302
    page = ProjectPage.objects.get(title="Walk and talk")
    image = get_image_model().objects.get()
    rendition = image.get_rendition("max-800x600")
    assert (media_root / image.file.name).exists()
    assert (media_root / rendition.file.name).exists()

    with running_nginx(app_address, static_root, media_root) as nginx:
        # A draft's rendition: 404 to the public, through nginx as through the app.
        status, headers, _ = fetch(nginx + rendition.url)
        assert status == 404

        assert pf.admin_action(editor, page, "approve").status_code == 302
        status, headers, body = fetch(nginx + rendition.url)
        assert status == 200
        assert headers["Content-Type"] == "image/jpeg"
        assert "public" in headers["Cache-Control"]
        assert body == (media_root / rendition.file.name).read_bytes()
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert_no_metadata(body)

        # The page itself is proxied to the app and shows that rendition.
        status, _, html = fetch(nginx + pf.fresh(page).url)
        assert status == 200 and rendition.url.encode() in html

        # Originals: 404 under every path that could reach them.
        for path in (
            f"/media/{image.file.name}",
            f"/_protected_media/{image.file.name}",
            f"/_protected_media/{rendition.file.name}",
            "/media/images/../original_images/" + Path(image.file.name).name,
        ):
            assert fetch(nginx + path)[0] == 404, path

        # Static files straight from the collected folder.
        status, headers, body = fetch(nginx + "/static/site.css")
        assert (status, body) == (200, b"body { color: #000; }")
        assert "immutable" in headers["Cache-Control"]

        # Documents: Wagtail's view checks access, nginx sends the file.
        document = get_document_model().objects.create(
            title="Report", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
        )
        status, headers, body = fetch(nginx + document.url)
        assert (status, body) == (200, b"%PDF-1.4 report")
        assert 'filename="report.pdf"' in headers["Content-Disposition"]
        assert headers["Content-Security-Policy"] == "default-src 'none'"
    shutil.rmtree(static_root, ignore_errors=True)
