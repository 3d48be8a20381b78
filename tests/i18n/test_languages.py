"""The site in each language: <html lang dir>, the switcher, hreflang, the English
fallback with its notice, English addresses unchanged, the sitemap's alternates."""

import re
from xml.etree import ElementTree

import pytest

from django.utils.translation import gettext, override

from tests.core import factories as core_factories
from tests.i18n.helpers import LANGUAGES, translate

pytestmark = pytest.mark.django_db

NAMES = {"en-GB": "English", "ur": "اردو", "pl": "Polski", "ro": "Română", "bn": "বাংলা"}
DIRECTION = {"ur": "rtl", "pl": "ltr", "ro": "ltr", "bn": "ltr"}


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def switcher(html):
    match = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return match.group(0) if match else ""


def hreflangs(html):
    head = html.split("</head>")[0]
    return dict(
        (lang, href)
        for href, lang in re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head
        )
        for href, lang in [(lang, href)]
    )


@pytest.fixture
def translated_home(home_page):
    """The home page in every language; About in English only."""
    homes = {code: translate(home_page, code, title=f"Home {code}") for code in LANGUAGES}
    about = core_factories.standard_page(
        home_page, "About us", show_in_menus=True, slug="about-us"
    )
    return home_page, homes, about


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_in_each_language_has_lang_dir_switcher_and_hreflang(client, translated_home, code):
    home, homes, _about = translated_home
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html_tag(html) == f'<html lang="{code}" dir="{DIRECTION[code]}">'
    assert f"<title>Home {code}</title>" in html
    nav = switcher(html)
    for lang, name in NAMES.items():
        prefix = "" if lang == "en-GB" else f"/{lang}"
        assert f'<a href="{prefix}/" lang="{lang}" hreflang="{lang}"' in nav, lang
        assert f">{name}</a>" in nav
    assert re.search(rf'hreflang="{code}"[^>]*aria-current="true"', nav)
    alternates = hreflangs(html)
    assert alternates["en-GB"] == "http://testserver/"
    assert alternates["x-default"] == "http://testserver/"
    assert alternates[code] == f"http://testserver/{code}/"
    assert set(alternates) == {*NAMES, "x-default"}
    # Nothing says this page is shown in English.
    assert "language-notice" not in html


def test_english_home_is_english_and_left_to_right(client, translated_home):
    html = client.get("/").content.decode()
    assert html_tag(html) == '<html lang="en-GB" dir="ltr">'
    assert re.search(r'hreflang="en-GB"[^>]*aria-current="true"', switcher(html))


def test_switcher_lists_only_the_languages_a_page_exists_in(client, translated_home):
    home, homes, about = translated_home
    translate(about, "pl", title="O nas")
    html = client.get("/about-us/").content.decode()
    nav = switcher(html)
    assert 'hreflang="pl"' in nav and 'href="/pl/about-us/"' in nav
    for code in ("ur", "ro", "bn"):
        assert f'hreflang="{code}"' not in nav
    assert set(hreflangs(html)) == {"en-GB", "pl", "x-default"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_missing_translation_falls_back_to_english_with_a_notice(client, translated_home, code):
    _home, _homes, about = translated_home
    response = client.get(f"/{code}/about-us/")
    assert response.status_code == 200
    html = response.content.decode()
    # The interface is in the reader's language, the page's own text marked as English.
    assert html_tag(html).startswith(f'<html lang="{code}"')
    assert '<main id="main-content" tabindex="-1" lang="en-GB" dir="ltr">' in html
    with override(code):
        notice = gettext(
            "This page has not been translated into %(language)s yet, so it is shown in English."
        ) % {"language": NAMES[code]}
    assert notice in html
    assert notice != (
        f"This page has not been translated into {NAMES[code]} yet, so it is shown in English."
    ), "the notice is not translated"
    # The switcher offers the page in English; the canonical address is the English one.
    assert 'href="/about-us/" lang="en-GB"' in switcher(html)
    assert '<link rel="canonical" href="http://testserver/about-us/">' in html
    # Links to other English pages keep the reader in their language.
    assert f'href="/{code}/"' in html


def test_english_page_redirects_to_its_translation_under_another_slug(client, translated_home):
    _home, _homes, about = translated_home
    polish = translate(about, "pl", title="O nas")
    polish.slug = "o-nas"
    polish.save_revision().publish()
    response = client.get("/pl/about-us/")
    assert response.status_code == 302
    assert response["Location"] == "/pl/o-nas/"
    assert client.get("/pl/o-nas/").status_code == 200


def test_unknown_address_in_another_language_is_404(client, translated_home):
    assert client.get("/pl/no-such-page/").status_code == 404
    assert client.get("/ur/no-such-page/").status_code == 404


def test_english_addresses_of_today_still_answer(client, translated_home):
    _home, _homes, about = translated_home
    for url in ["/", "/about-us/", "/search/", "/sitemap.xml", "/robots.txt"]:
        response = client.get(url)
        assert response.status_code == 200, url
    # English is never prefixed: /en-gb/ is not an address of the site.
    assert client.get("/en-gb/").status_code == 404


def test_responses_do_not_vary_on_the_browser_language(client, translated_home):
    for url in ["/", "/pl/", "/about-us/", "/ur/about-us/"]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="pl")
        assert "accept-language" not in response.get("Vary", "").lower(), url
    # And the browser's language does not change the English page.
    assert html_tag(client.get("/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()).startswith(
        '<html lang="en-GB"'
    )


def test_sitemap_lists_every_language_with_alternates(client, translated_home):
    _home, _homes, about = translated_home
    translate(about, "pl", title="O nas")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    assert "http://testserver/pl/about-us/" in urls
    assert urls["http://testserver/about-us/"] == {
        "en-GB": "http://testserver/about-us/",
        "pl": "http://testserver/pl/about-us/",
        "x-default": "http://testserver/about-us/",
    }
    assert urls["http://testserver/ur/"]["ur"] == "http://testserver/ur/"
    assert len(urls["http://testserver/"]) == 6  # five languages and x-default


def test_app_addresses_answer_in_each_language(client, translated_home):
    for code in LANGUAGES:
        response = client.get(f"/{code}/search/?q=home")
        assert response.status_code == 200
        assert html_tag(response.content.decode()).startswith(f'<html lang="{code}"')


def test_publishing_purges_the_page_in_every_language(translated_home):
    from hetsite.httpcache.purge import urls_for_page

    _home, _homes, about = translated_home
    urls = set(urls_for_page(about))
    # Shown under every prefix as a fallback, and listed in every language's pages.
    for code in LANGUAGES:
        assert f"http://testserver/{code}/about-us/" in urls
        assert f"http://testserver/{code}/" in urls
    assert "http://testserver/about-us/" in urls
    # A translation's publication purges the English page (its switcher changes).
    polish = translate(about, "pl", title="O nas")
    assert "http://testserver/about-us/" in set(urls_for_page(polish))


def test_links_on_admin_and_email_addresses_have_no_prefix(translated_home):
    _home, _homes, about = translated_home
    with override("pl"):
        # Outside a request served under /pl/ (the admin, emails, purges).
        assert about.url == "/about-us/"


def test_a_request_leaves_the_thread_in_the_language_it_found(client, translated_home):
    from django.utils.translation import get_language

    before = get_language()
    assert client.get("/bn/").status_code == 200
    assert get_language() == before
