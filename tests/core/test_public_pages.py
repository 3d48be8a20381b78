"""The home page, standard pages, navigation, search, sitemap, robots.txt and error pages."""

import re

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hetsite.core import views
from hetsite.core.listing import app_route_exists
from tests import factories
from tests.core import factories as core_factories


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


@pytest.fixture
def principles(db):
    return [factories.principle(n, f"Principle number {n}") for n in range(1, 9)]


# --- Home page ---------------------------------------------------------------------------


def test_home_page_shows_vision_story_and_principles(client, home_page, principles):
    home_page.hero_text = "A healthy, fair and sustainable town where everyone can thrive."
    home_page.story = "<p>England's first Marmot Town.</p>"
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "A healthy, fair and sustainable town" in html
    assert "England's first Marmot Town." in html
    for n in range(1, 9):
        assert f"Principle number {n}" in html
    assert h1_count(html) == 1


def test_home_page_links_the_principles_page_only_when_it_exists(client, home_page, principles):
    assert "/marmot-principles/" not in client.get("/").content.decode()
    core_factories.standard_page(title="The eight Marmot principles", slug="marmot-principles")
    cache.clear()
    assert 'href="/marmot-principles/"' in client.get("/").content.decode()


def test_home_page_routes_only_link_pages_that_exist(client, home_page):
    from casestudies.models import CaseStudyIndexPage
    from projects.models import ProjectIndexPage

    html = client.get("/").content.decode()
    assert 'href="/case-studies/"' not in html
    assert 'href="/admin/"' in html  # editors always have a way in
    factories.add_page(home_page, CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    # A draft at a fixed slug is not linked: it would 404 for residents.
    factories.add_page(home_page, ProjectIndexPage(title="Projects", slug="projects"), False)
    html = client.get("/").content.decode()
    assert 'href="/case-studies/"' in html
    assert 'href="/projects/"' not in html


def test_home_page_partner_links_follow_the_partner_app(client, home_page):
    html = client.get("/").content.decode()
    for path in ("/partners/apply/", "/partners/portal/"):
        assert (f'href="{path}"' in html) == app_route_exists(path)


def test_app_route_exists_tells_app_views_from_pages():
    assert app_route_exists("/search/")
    assert app_route_exists("/robots.txt")
    assert not app_route_exists("/no-such-app-route/")


def test_featured_content_in_editor_order_and_drafts_hidden(client, home_page):
    first = core_factories.standard_page(title="First featured")
    second = core_factories.standard_page(title="Second featured")
    draft = core_factories.standard_page(title="Draft featured", publish=False)
    core_factories.feature(home_page, second, draft, first)
    html = client.get("/").content.decode()
    assert html.index("Second featured") < html.index("First featured")
    assert "Draft featured" not in html


def count_queries(client, url, data=None):
    """Queries for one request, after a warm-up that makes one-off rows (renditions,
    default settings) and fills per-process caches; the navigation cache is emptied."""
    client.get(url, data)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, data).status_code == 200
    return len(ctx.captured_queries)


def _home_queries(client):
    return count_queries(client, "/")


def test_home_page_query_count_does_not_grow_with_content(client, home_page, principles):
    pages = [core_factories.standard_page(title=f"Page {i}", show_in_menus=True) for i in range(2)]
    pages[0].listing_image = factories.image()
    pages[0].save_revision().publish()
    core_factories.feature(home_page, *pages)
    few = _home_queries(client)
    more = []
    for i in range(6):
        page = core_factories.standard_page(title=f"More {i}", show_in_menus=True)
        page.listing_image = factories.image()
        page.save_revision().publish()
        more.append(page)
    core_factories.feature(home_page, *pages, *more[:4])
    many = _home_queries(client)
    assert many == few, f"{few} queries with 2 featured pages, {many} with 6"


# --- Standard pages and navigation --------------------------------------------------------


def test_standard_page_renders_every_block(client, home_page):
    target = core_factories.standard_page(title="Case studies target")
    image = factories.image()
    page = core_factories.standard_page(
        title="Every block",
        body=core_factories.every_block_body(image=image, link_page=target),
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert "<h2>Why health equity matters</h2>" in html
    assert "<h3>A sub-heading</h3>" in html
    assert "<strong>fairness</strong>" in html
    assert "<blockquote>" in html and "<figcaption>APHR</figcaption>" in html
    assert f'href="{target.url}"' in html
    assert '<th scope="col">Ward</th>' in html and '<th scope="row">Barnfield</th>' in html
    assert "<caption>Scores by ward</caption>" in html
    assert 'alt="Volunteers planting a community garden"' in html
    assert "<figcaption>The Biscot garden</figcaption>" in html
    assert 'aria-label="Breadcrumb"' in html


def test_call_to_action_to_an_unpublished_page_shows_no_dead_link(client, home_page):
    target = core_factories.standard_page(title="Soon")
    page = core_factories.standard_page(
        title="Linker", body=core_factories.every_block_body(link_page=target)
    )
    target.unpublish()
    html = client.get(page.url).content.decode()
    assert "See case studies" not in html


def _standard_queries(client, url):
    return count_queries(client, url)


def test_standard_page_query_count_does_not_grow_with_the_site(client, home_page):
    page = core_factories.standard_page(
        title="Deep", body=core_factories.every_block_body(image=factories.image())
    )
    child = core_factories.standard_page(parent=page, title="Child", show_in_menus=True)
    few = _standard_queries(client, child.url)
    for i in range(8):
        core_factories.standard_page(title=f"Menu {i}", show_in_menus=True)
        core_factories.standard_page(parent=page, title=f"Sibling {i}")
    assert _standard_queries(client, child.url) == few


def test_header_menu_and_footer_come_from_the_page_tree(client, home_page):
    about = core_factories.standard_page(title="About the town", slug="about", show_in_menus=True)
    hidden = core_factories.standard_page(title="Hidden from menu", slug="hidden")
    html = client.get(about.url).content.decode()
    nav = html[
        html.index('aria-label="Main"') : html.index("</nav>", html.index('aria-label="Main"'))
    ]
    assert 'href="/about/"' in nav and 'aria-current="page"' in nav
    assert hidden.title not in nav
    footer = html[html.index("<footer") :]
    assert 'href="/about/"' in footer
    assert "/privacy-notice/" not in footer  # not created yet: no broken link
    core_factories.standard_page(title="Privacy notice", slug="privacy-notice")
    # Publishing clears the cached navigation.
    assert 'href="/privacy-notice/"' in client.get(about.url).content.decode()
    about.unpublish()
    assert 'href="/about/"' not in client.get("/").content.decode()


# --- Search -------------------------------------------------------------------------------


def test_search_finds_a_page_by_a_word_in_its_body(client, home_page):
    core_factories.standard_page(
        title="Healthy homes",
        body=core_factories.every_block_body() + [("heading", {"text": "Damp", "level": "h2"})],
    )
    core_factories.standard_page(title="Unrelated")
    response = client.get("/search/", {"q": "fairness"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Healthy homes" in html and "Unrelated" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert h1_count(html) == 1


def test_search_without_a_query_and_with_no_results(client, home_page):
    html = client.get("/search/").content.decode()
    assert "result" not in html.split("<main", 1)[1].split("</main>")[0].lower().replace(
        "results-count", ""
    )
    html = client.get("/search/", {"q": "zzzyxnothing"}).content.decode()
    assert "0 results" in html and "No pages matched" in html


def test_search_leaves_out_drafts_and_private_pages(client, home_page):
    from wagtail.models import PageViewRestriction

    core_factories.standard_page(title="Draft fairness", publish=False)
    private = core_factories.standard_page(title="Private fairness")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = client.get("/search/", {"q": "fairness Body"}).content.decode()
    assert "Draft fairness" not in html and "Private fairness" not in html


@pytest.mark.parametrize("page", ["abc", "9999", "-1", "0", ""])
def test_search_pagination_never_errors(client, home_page, page):
    for i in range(12):
        core_factories.standard_page(title=f"Fairness {i}")
    response = client.get("/search/", {"q": "Fairness", "page": page})
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 results" in html
    assert 'aria-label="Pagination"' in html
    assert "q=Fairness" in html.split('aria-label="Pagination"')[1]  # keeps the query


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "NEAR(a b", "*", "a AND OR NOT", "x" * 5000, "nul\x00byte", "<script>", "%%%"],
)
def test_search_survives_hostile_queries(client, home_page, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>" not in response.content.split(b"<main", 1)[1]


def test_search_query_count_does_not_grow_with_results(client, home_page):
    def queries():
        return count_queries(client, "/search/", {"q": "fairness"})

    core_factories.standard_page(title="Fairness one", listing_image=factories.image())
    few = queries()
    for i in range(9):
        core_factories.standard_page(title=f"Fairness {i}", listing_image=factories.image())
    assert queries() == few


def test_search_accepts_get_only(client, home_page):
    assert client.post("/search/", {"q": "x"}).status_code == 405


# --- Sitemap, robots.txt, error pages -----------------------------------------------------


def test_sitemap_lists_live_pages_only(client, home_page):
    live = core_factories.standard_page(title="Live page", slug="live-page")
    core_factories.standard_page(title="Draft page", slug="draft-page", publish=False)
    withdrawn = core_factories.standard_page(title="Withdrawn page", slug="withdrawn-page")
    withdrawn.unpublish()
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert f"<loc>http://testserver{live.url}</loc>" in xml
    assert "<loc>http://testserver/</loc>" in xml
    assert "draft-page" not in xml and "withdrawn-page" not in xml


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'action="/search/"' in html
    assert h1_count(html) == 1
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_renders_without_the_database():
    # No ``db`` fixture: pytest-django fails any query, as a broken database would.
    request = RequestFactory().get("/")
    response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html
    assert 'lang="en-GB"' in html


def test_500_handler_is_wired_up():
    from django.urls import get_resolver

    assert get_resolver().resolve_error_handler(500) is views.server_error
    assert get_resolver().resolve_error_handler(404) is views.page_not_found
