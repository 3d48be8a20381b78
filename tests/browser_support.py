"""Real-browser and HTML-validity checks shared by every app's tests.

- ``browser`` / ``browser_page`` fixtures (see ``tests/conftest.py``) drive Debian's
  Chromium through Playwright.
- ``assert_no_axe_violations(page)`` runs axe-core (vendored in the
  axe-playwright-python wheel) for WCAG 2.0/2.1/2.2 A and AA.
- ``assert_valid_html({"name": html, ...})`` runs the Nu HTML Checker (npm's vnu-jar,
  installed by ``make``) once over several documents.

Without Chromium, Java or vnu-jar these checks skip locally, but fail when
HETSITE_REQUIRE_BROWSER=1 (set by ``.ci/run``), so CI can never pass by skipping.
"""

import json
import os
import shutil
import subprocess  # noqa: S404
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HETSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def require(condition, reason):
    """Skip when a tool is missing, unless CI says every tool must be there."""
    if condition:
        return
    if os.environ.get("HETSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (HETSITE_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def format_violations(violations):
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v.get("nodes", [])][:5]
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} -> {targets}")
    return "\n".join(lines)


def axe_violations(page, context=None):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return results.response["violations"]


def assert_no_axe_violations(page, context=None):
    violations = axe_violations(page, context)
    assert not violations, f"axe-core found violations on {page.url}:\n" + format_violations(
        violations
    )


def html_errors(documents):
    """Run the Nu HTML Checker over ``{name: html}``; return its errors as strings."""
    java = shutil.which("java")
    require(java is not None, "Java is not installed")
    require(VNU_JAR.exists(), f"vnu-jar is not installed at {VNU_JAR} (run `make node_modules`)")
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for name, html in documents.items():
            path = Path(tmp) / f"doc{len(names):03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        files = [str(Path(tmp) / filename) for filename in names]
        proc = subprocess.run(  # noqa: S603
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    report = json.loads(proc.stdout or "{}")
    errors = []
    for message in report.get("messages", []):
        if message.get("type") == "error" or message.get("subType") == "fatal":
            url = message.get("url") or ""
            name = names.get(url.rsplit("/", 1)[-1], url)
            errors.append(
                f"{name}:{message.get('lastLine')}: {message.get('message')} "
                f"[{(message.get('extract') or '').strip()[:120]}]"
            )
    return errors


def assert_valid_html(documents):
    errors = html_errors(documents)
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(errors)
