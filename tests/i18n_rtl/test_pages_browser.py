"""A real page in Chromium: English downloads no font; the same page turned into Urdu
(lang="ur", dir="rtl") draws Urdu in Nastaliq from this site and lays out right to left,
and Bengali in Noto Sans Bengali. The page's language is set in the browser here, as the
site's own Urdu pages will set it in <html>."""

import pytest

from tests import factories

URDU = "لوٹن میں صحت کی برابری، Dallow وارڈ میں 23.33% گھرانے۔"
BENGALI = "লুটনে স্বাস্থ্য সমতা, Dallow ওয়ার্ডে 23.33% পরিবার।"


def font_requests(page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def fonts_in(requested):
    return sorted({url.rsplit("/", 1)[-1] for url in requested if "/static/fonts/" in url})


def write(page, language, direction, text):
    page.evaluate(
        """([language, direction, text]) => {
            document.documentElement.lang = language;
            document.documentElement.dir = direction;
            document.querySelector('main h1').textContent = text;
        }""",
        [language, direction, text],
    )
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_english_downloads_no_font_and_urdu_draws_in_nastaliq(transactional_db, browser_page):
    factories.home_page()
    requested = font_requests(browser_page)
    assert browser_page.goto("/").status == 200
    browser_page.wait_for_load_state("networkidle")
    assert fonts_in(requested) == []

    write(browser_page, "ur", "rtl", URDU)
    assert fonts_in(requested) == ["noto-nastaliq-urdu-arabic-700-normal.woff2"]  # h1 is bold
    style = browser_page.evaluate(
        """() => { const h1 = document.querySelector('main h1'); const s = getComputedStyle(h1);
            return {family: s.fontFamily, lineHeight: parseFloat(s.lineHeight),
                    size: parseFloat(s.fontSize), align: s.textAlign,
                    loaded: document.fonts.check('700 16px "Noto Nastaliq Urdu"', 'اردو')}; }"""
    )
    assert style["family"].startswith('"Noto Nastaliq Urdu", "Noto Naskh Arabic"')
    assert style["loaded"]
    assert style["lineHeight"] >= 1.8 * style["size"]  # room for Nastaliq's tall letters
    # Right to left: the heading starts at the right.
    assert style["align"] == "start"
    # The skip link (inset-inline-start: 0.5rem) sits at the right.
    gap = browser_page.evaluate(
        "document.documentElement.clientWidth"
        " - document.querySelector('.skip-link').getBoundingClientRect().right"
    )
    assert gap == pytest.approx(8, abs=0.5)


@pytest.mark.browser
def test_bengali_draws_in_noto_sans_bengali(transactional_db, browser_page):
    factories.home_page()
    requested = font_requests(browser_page)
    browser_page.goto("/")
    write(browser_page, "bn", "ltr", BENGALI)
    assert fonts_in(requested) == ["noto-sans-bengali-bengali-700-normal.woff2"]
    assert browser_page.evaluate("document.fonts.check('700 16px \"Noto Sans Bengali\"', 'বাংলা')")
