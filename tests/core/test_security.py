"""Security headers, inline-script-free public pages, upload limits, production settings."""

import json
import os
import re
import secrets
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest

from django.conf import settings

from tests import factories
from tests.core import factories as core_factories

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "hetsite.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "healthequity.example.org",
    "DATABASE_URL": "postgres://hetsite:secret@127.0.0.1:5432/hetsite",
}


def public_urls(home):
    page = core_factories.standard_page(
        title="Every block", body=core_factories.every_block_body(image=factories.image())
    )
    return ["/", page.url, "/search/", "/search/?q=block", "/no-such-page/", "/robots.txt"]


def test_security_headers_on_public_pages(client, home_page):
    for url in public_urls(home_page):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp, url
        assert "style-src 'self'" in csp, url
        assert "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


def test_public_pages_have_no_inline_script_style_or_handlers(client, home_page):
    for url in public_urls(home_page)[:-1]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script on {url}: {tag}"
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        # Nothing is loaded from another host (links to other sites are fine).
        assert not re.search(r'\ssrc="(https?:)?//(?!testserver)', html), url
        assert not re.search(r'<link\b[^>]*href="(https?:)?//(?!testserver)', html), url


def test_admin_gets_its_own_looser_policy(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]


def test_upload_limits_are_set():
    assert 0 < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert 0 < settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 100_000_000
    assert set(settings.WAGTAILIMAGES_EXTENSIONS) <= {"jpg", "jpeg", "png", "webp", "gif", "avif"}
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert 0 < settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 50 * 1024 * 1024
    assert "pdf" in settings.WAGTAILDOCS_EXTENSIONS
    assert not {"html", "htm", "svg", "js", "exe"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


def test_oversized_image_upload_is_refused(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    client.force_login(editor)
    big = factories.image_file(size=(400, 400))
    upload = SimpleUploadedFile("big.png", big.read(), content_type="image/png")
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024):
        response = client.post(
            "/admin/images/add/", {"title": "Too big", "file": upload, "collection": 1}
        )
    from wagtail.images import get_image_model

    assert not get_image_model().objects.filter(title="Too big").exists()
    assert response.status_code == 200


def run(args, env):
    """Run Python in a clean environment: only what production would be given."""
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_python(code, env):
    return run(["-c", code], env)


def test_production_settings_pass_the_deploy_check():
    proc = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_fail_loudly_without_required_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    proc = run_python("import django; django.setup()", env)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert missing in proc.stderr


def test_production_sends_hsts_and_redirects_to_https():
    # A request through the real production middleware stack (no database needed).
    code = """
import json, django
django.setup()
from django.test import Client
c = Client()
secure = c.get("/robots.txt", secure=True, headers={"host": "healthequity.example.org"})
plain = c.get("/robots.txt", headers={"host": "healthequity.example.org"})
print(json.dumps({"secure": dict(secure.headers), "status": secure.status_code,
                  "plain_status": plain.status_code, "plain_location": plain.get("Location")}))
"""
    proc = run_python(code, PRODUCTION_ENV)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    headers = result["secure"]
    assert result["status"] == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert result["plain_status"] == 301
    assert result["plain_location"].startswith("https://healthequity.example.org/")


def test_wsgi_defaults_to_production_settings():
    text = (BASE_DIR / "hetsite" / "wsgi.py").read_text()
    assert '"hetsite.settings.production"' in text
