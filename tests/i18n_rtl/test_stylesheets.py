"""The stylesheets lay out right to left by themselves and load only the site's own fonts.

- No physical direction (margin-left, text-align: right, float: left, a four-value margin
  whose left and right differ, ...): the layout is written in logical properties, so
  <html dir="rtl"> turns it round. A declaration that must stay physical says so with a
  ``/* physical: why */`` comment after it, and is let through.
- A glyph that points left or right in generated content has a right-to-left rule.
- Every @font-face loads a file under hetsite/static/fonts/ (no other host), swaps, and
  is limited to a script's characters, so English text never downloads it.
"""

import re
from pathlib import Path

import pytest

from django.conf import settings

STATIC = Path(settings.PROJECT_DIR) / "static"
CSS = STATIC / "css"
FONTS = STATIC / "fonts"
STYLESHEETS = ["site.css", "places.css", "charts.css"]

COMMENT = re.compile(r"/\*.*?\*/", re.S)
ALLOWED = re.compile(r"/\*\s*physical:[^*]*\*/")
PHYSICAL_PROPERTY = re.compile(
    r"^(?:(?:margin|padding|scroll-margin|scroll-padding)-(?:left|right)"
    r"|border-(?:left|right)(?:-(?:width|style|color))?"
    r"|border-(?:top|bottom)-(?:left|right)-radius"
    r"|left|right)$"
)
PHYSICAL_VALUE = {
    "text-align": {"left", "right"},
    "text-align-last": {"left", "right"},
    "float": {"left", "right"},
    "clear": {"left", "right"},
    "caption-side": {"left", "right"},
    "resize": {"horizontal"},
}
# Four sides, top right bottom left: physical when left and right differ.
BOX_SHORTHANDS = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-style",
    "border-color",
    "scroll-margin",
    "scroll-padding",
}
# Glyphs that point along the line and are not mirrored by the bidi rules.
HORIZONTAL_GLYPHS = set("←→⇐⇒⇦⇨➔➜➝➞▶▷◀◁►◄▸▹◂◃")
# Mirrored glyphs (Unicode Bidi_Mirrored) still want a rule, so the flip is deliberate.
HORIZONTAL_GLYPHS |= set("‹›«»")


def declarations(css):
    """(selector, property, value) for each declaration, after removing allowed ones."""
    css = ALLOWED.sub("", _drop_allowed(css))
    css = COMMENT.sub("", css)
    found = []
    # Innermost blocks: a selector (or at-rule prelude) and its declarations.
    for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        for declaration in body.split(";"):
            if ":" not in declaration:
                continue
            name, value = declaration.split(":", 1)
            found.append((" ".join(selector.split()), name.strip().lower(), value.strip()))
    return found


def _drop_allowed(css):
    """Remove each declaration followed by a ``/* physical: ... */`` comment."""
    return re.sub(r"[\w-]+\s*:[^;{}]*;\s*/\*\s*physical:[^*]*\*/", "", css)


def _split_values(value):
    """Space-separated values, keeping var(...) and calc(...) whole."""
    parts, depth, current = [], 0, ""
    for character in value.replace("!important", "").strip():
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        if character.isspace() and depth == 0:
            if current:
                parts.append(current)
            current = ""
        else:
            current += character
    if current:
        parts.append(current)
    return parts


def _radius_is_symmetric(values):
    """border-radius (one side of any "/"): the same after swapping left and right."""
    top_left, top_right, bottom_right, bottom_left = {
        1: lambda v: (v[0], v[0], v[0], v[0]),
        2: lambda v: (v[0], v[1], v[0], v[1]),
        3: lambda v: (v[0], v[1], v[2], v[1]),
        4: lambda v: tuple(v),
    }[len(values)](values)
    return top_left == top_right and bottom_left == bottom_right


def physical(css):
    """Declarations that fix a side (left or right) instead of start or end."""
    problems = []
    for selector, name, value in declarations(css):
        words = set(value.lower().replace(",", " ").split())
        if PHYSICAL_PROPERTY.match(name):
            problems.append(f"{selector} {{ {name}: {value} }}")
        elif name in PHYSICAL_VALUE and words & PHYSICAL_VALUE[name]:
            problems.append(f"{selector} {{ {name}: {value} }}")
        elif name.startswith("background") and words & {"left", "right"}:
            problems.append(f"{selector} {{ {name}: {value} }}")
        elif name in BOX_SHORTHANDS:
            values = _split_values(value)
            if len(values) == 4 and values[1] != values[3]:
                problems.append(f"{selector} {{ {name}: {value} }}")
        elif name == "border-radius":
            for side in value.split("/"):
                values = _split_values(side)
                if 1 <= len(values) <= 4 and not _radius_is_symmetric(values):
                    problems.append(f"{selector} {{ {name}: {value} }}")
    return problems


def test_the_check_finds_physical_properties():
    """The check itself: each kind of physical declaration is caught, logical ones are not."""
    bad = """
        .a { margin-left: 1rem; }
        .b { padding-right: 0; }
        .c { position: absolute; left: 0; }
        .d { text-align: right; }
        .e { float: left; }
        .f { border-left: 4px solid red; }
        .g { border-right-color: red; }
        .h { margin: 0 1rem 0 2rem; }
        .i { border-radius: 4px 0 0 4px; }
        .j { border-top-left-radius: 4px; }
        .k { background: url(x.png) no-repeat left center; }
        @media (max-width: 40rem) { .l { right: 1rem; } }
    """
    assert len(physical(bad)) == 12, physical(bad)
    good = """
        .a { margin-inline-start: 1rem; padding: 0 1rem; margin: 1rem 0 2rem; }
        .b { inset-inline: 0; text-align: start; float: inline-start; }
        .c { border-inline-start: 4px solid red; border-radius: 0 0 4px 4px; }
        .d { border-start-end-radius: 4px; margin: 0 var(--space) 0 var(--space); }
        /* margin-left: 1rem in a comment is not a declaration */
        .e { left: 0; /* physical: a drawing that is never mirrored */ }
    """
    assert physical(good) == []


@pytest.mark.parametrize("name", STYLESHEETS)
def test_stylesheet_has_no_physical_direction(name):
    problems = physical((CSS / name).read_text(encoding="utf-8"))
    assert problems == [], (
        f"{name}: use logical properties (margin-inline-start, inset-inline-end, "
        "text-align: start, ...), or mark a deliberate exception /* physical: why */:\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("name", STYLESHEETS)
def test_arrows_in_generated_content_turn_round_right_to_left(name):
    found = declarations((CSS / name).read_text(encoding="utf-8"))
    rtl_selectors = {selector for selector, _name, _value in found if '[dir="rtl"]' in selector}
    for selector, prop, value in found:
        if prop != "content" or not set(value) & HORIZONTAL_GLYPHS:
            continue
        if '[dir="rtl"]' in selector:
            continue
        for single in selector.split(","):
            assert any(single.strip() in rtl for rtl in rtl_selectors), (
                f"{name}: {single.strip()} draws {value}, which points one way; "
                'add a [dir="rtl"] rule that turns it round'
            )


def font_faces():
    css = COMMENT.sub("", (CSS / "site.css").read_text(encoding="utf-8"))
    return re.findall(r"@font-face\s*\{([^}]*)\}", css)


def _ranges(unicode_range):
    for part in unicode_range.replace(" ", "").split(","):
        start, _, end = part.upper().removeprefix("U+").partition("-")
        yield int(start, 16), int(end or start, 16)


def test_there_are_faces_for_urdu_and_bengali():
    families = {re.search(r"font-family:\s*\"([^\"]+)\"", face).group(1) for face in font_faces()}
    assert families == {"Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Bengali"}


def face_id(face):
    return re.search(r"url\(\s*[\"']?([^\"')]+)", face)[1].rsplit("/", 1)[-1]


@pytest.mark.parametrize("face", font_faces(), ids=face_id)
def test_font_face_loads_a_file_of_this_site_and_never_for_english(face):
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", face)
    assert urls, face
    for url in urls:
        assert not re.match(r"^(?:[a-z]+:)?//", url), f"{url}: fonts come from this site only"
        path = (CSS / url).resolve()
        assert path.is_relative_to(FONTS.resolve()), f"{url} is not under hetsite/static/fonts/"
        assert path.is_file(), f"{url}: no such file"
        assert path.read_bytes()[:4] == b"wOF2", f"{url} is not a WOFF2 file"
    assert re.search(r"font-display:\s*swap", face)
    unicode_range = re.search(r"unicode-range:\s*([^;]+)", face)
    assert unicode_range, "each face is limited to its script (unicode-range)"
    for start, end in _ranges(unicode_range[1]):
        # Nothing from Basic Latin, Latin-1 or general punctuation a page in English uses.
        assert start > 0x24F, unicode_range[1]
        assert not (start <= 0x2019 <= end or start <= 0x2026 <= end), unicode_range[1]


def test_every_font_file_is_used_and_licensed():
    used = {
        (CSS / url).resolve().name
        for face in font_faces()
        for url in re.findall(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", face)
    }
    shipped = {path.name for path in FONTS.glob("*.woff2")}
    assert used == shipped
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Noto Project Authors" in licence
