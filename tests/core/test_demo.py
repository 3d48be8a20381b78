"""The demo loader: idempotent, and its pages are searchable."""

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Revision

from hetsite.core.models import (
    HomePage,
    MarmotPrinciple,
    Neighbourhood,
    PopulationGroup,
    StandardPage,
    Ward,
)


def counts():
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "principles": MarmotPrinciple.objects.count(),
        "neighbourhoods": Neighbourhood.objects.count(),
        "wards": Ward.objects.count(),
        "population groups": PopulationGroup.objects.count(),
        "users": get_user_model().objects.count(),
    }


def load():
    out = StringIO()
    call_command("load_demo_content", "--with-demo-users", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(module_db, django_db_blocker):
    """The demo site, loaded once for the module (every test here wants it)."""
    with django_db_blocker.unblock():
        return load()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_load_demo_content_twice_gives_the_same_counts(demo):
    first = counts()
    second_output = load()
    assert counts() == first
    assert "Demo logins" in second_output and "editor /" in second_output
    assert first["principles"] == 8
    assert first["neighbourhoods"] == 5
    assert first["wards"] == 20


def test_demo_core_pages(demo, client):
    # The English pages (the demo translates some of them: tests/i18n).
    home = HomePage.objects.get(locale__language_code="en-gb")
    slugs = set(StandardPage.objects.child_of(home).values_list("slug", flat=True))
    core = {"about", "marmot-principles", "how-to-apply", "accessibility-statement"}
    assert core | {"privacy-notice"} <= slugs
    about = StandardPage.objects.child_of(home).get(slug="about")
    assert about.show_in_menus and about.live
    html = client.get("/").content.decode()
    assert 'href="/about/"' in html and 'href="/marmot-principles/"' in html
    footer = html[html.index("<footer") :]
    assert 'href="/how-to-apply/"' in footer
    assert 'href="/accessibility-statement/"' in footer
    assert 'href="/privacy-notice/"' in footer
    for slug in sorted(core | {"privacy-notice"}):
        response = client.get(f"/{slug}/")
        assert response.status_code == 200, slug
        assert "Demo content" in response.content.decode(), slug


def test_search_finds_a_demo_page_by_a_word_in_its_body(demo, client):
    # "csrftoken" appears only in the privacy notice's cookie table.
    html = client.get("/search/", {"q": "csrftoken"}).content.decode()
    assert 'href="/privacy-notice/"' in html
    html = client.get("/search/", {"q": "Attainment"}).content.decode()
    assert 'href="/marmot-principles/"' in html


def test_every_link_on_the_demo_core_pages_works(demo, client):
    import re

    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} -> {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="(/[^"#]*)', response.content.decode()):
            if href.startswith(("/admin/", "/static/", "/media/", "/documents/")):
                continue
            if href in ("/about/", "/marmot-principles/", "/") or href.count("/") <= 2:
                queue.append(href)
    assert {"/about/", "/marmot-principles/", "/privacy-notice/"} <= seen
