"""Render the plain-text sections of a case study as safe HTML.

Partners write plain text (no markup). A blank line starts a new paragraph; a block
whose lines all start with "- " (or "• ") becomes a bulleted list, and a block whose
lines all start with "1. ", "2. "... becomes a numbered list. Everything is escaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLANK_LINES = re.compile(r"\n\s*\n")
BULLET = re.compile(r"^\s*[-•*]\s+")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")


def paragraphs(text):
    """The non-empty blocks of ``text``, each a list of its non-empty lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for block in BLANK_LINES.split(text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def _list_html(tag, pattern, lines):
    items = "".join(f"<li>{escape(pattern.sub('', line, count=1))}</li>" for line in lines)
    return f"<{tag}>{items}</{tag}>"


def render_plain_text(text):
    html = []
    for lines in paragraphs(text):
        if all(BULLET.match(line) for line in lines):
            html.append(_list_html("ul", BULLET, lines))
        elif len(lines) > 1 and all(NUMBERED.match(line) for line in lines):
            html.append(_list_html("ol", NUMBERED, lines))
        else:
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308  (every piece of text is escaped above)


def plain_summary(text, limit=300):
    """Text without list markers, on one line, cut at a word boundary: for metadata."""
    words = " ".join(
        NUMBERED.sub("", BULLET.sub("", line)) for lines in paragraphs(text) for line in lines
    ).split()
    summary = ""
    for word in words:
        candidate = f"{summary} {word}".strip()
        if len(candidate) > limit - 1:
            return summary + "…"
        summary = candidate
    return summary
