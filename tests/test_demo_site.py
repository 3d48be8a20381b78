"""The whole demo site as a new visitor finds it: every link works, every page is valid HTML.

Starts from the home page and follows every internal link of every page (links with a
query string, such as filters, pagination and exports, are requested but not followed
further, so the crawl stays finite).
"""

import re
from html import unescape
from io import StringIO
from urllib.parse import urlsplit

import pytest

from django.conf import settings
from django.core.management import call_command

from tests.browser_support import assert_valid_html, axe_violations, format_violations

HREF = re.compile(r'\b(?:href|src)="([^"]+)"')
NOT_PAGES = ("/admin/", "/static/", "/media/", "/documents/")


def internal_links(html):
    for raw in HREF.findall(html):
        url = unescape(raw)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(NOT_PAGES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def load_demo():
    call_command("load_demo_content", stdout=StringIO())


@pytest.fixture
def demo_site(db):
    load_demo()


def in_another_language(url):
    return any(url.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)


def crawl(client, languages=True):
    """Every page reached from the home page; with ``languages`` false, the English
    pages only (every language's pages use the same templates)."""
    pages, checked, queue, broken = {}, set(), ["/"], []
    while queue:
        url = queue.pop(0)
        if url in checked:
            continue
        checked.add(url)
        # The partner portal sends visitors to its sign-in page: follow redirects.
        response = client.get(url, follow=True)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if "?" in url or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[url] = html
        queue.extend(
            link
            for link in internal_links(html)
            if link not in checked and (languages or not in_another_language(link))
        )
    return pages, checked, broken


def test_every_link_on_the_demo_site_works_and_every_page_is_valid_html(demo_site, client):
    pages, checked, broken = crawl(client)
    assert broken == []
    # The report's case studies, partners, priorities, prize and newsletters are reached.
    for path in (
        "/case-studies/",
        "/case-studies/feed/",
        "/case-studies/export.csv",
        "/projects/",
        "/partners/",
        "/priorities/",
        "/prize/",
        "/newsletters/",
    ):
        assert path in checked, path
    assert sum(1 for url in pages if url.startswith("/case-studies/")) >= 1
    # Every language's pages, through the language switcher.
    for code in ("ur", "pl", "ro", "bn"):
        for path in ("", "about/", "how-to-apply/", "case-studies/"):
            assert f"/{code}/{path}" in checked, f"/{code}/{path}"
    assert len(pages) > 40, sorted(pages)
    assert_valid_html(pages)


BODY_CLASS = re.compile(r'<body class="([^"]*)"')
# Pages of one template differ only in their content: axe-core checks this many of each
# (the Nu HTML Checker above still reads every page).
AXE_PAGES_PER_TEMPLATE = 3


def some_of_each_template(pages):
    taken = {}
    for url, html in pages.items():
        match = BODY_CLASS.search(html)
        # A page whose template sets no body class counts as a template of its own.
        template = match.group(1) if match and match.group(1) else url
        taken.setdefault(template, [])
        if len(taken[template]) < AXE_PAGES_PER_TEMPLATE:
            taken[template].append(url)
    return [url for urls in taken.values() for url in urls]


@pytest.mark.browser
def test_axe_finds_nothing_on_any_kind_of_page_of_the_demo_site(
    transactional_db, client, browser_page
):
    load_demo()
    # English pages here: tests/i18n/test_browser_languages.py runs axe-core on the
    # Urdu, Polish and Bengali interface.
    pages, _checked, _broken = crawl(client, languages=False)
    found = {}
    for url in some_of_each_template(pages):
        browser_page.goto(url)
        violations = axe_violations(browser_page)
        if violations:
            found[url] = format_violations(violations)
    assert found == {}
