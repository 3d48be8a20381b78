from urllib.parse import urlencode

from django import template

from casestudies.jsonld import json_ld_script
from casestudies.text import render_plain_text

register = template.Library()


@register.filter
def plain_text(value):
    """Paragraphs and simple lists from a plain-text section (always escaped)."""
    return render_plain_text(value)


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> data block that no text can break out of."""
    return json_ld_script(data)


@register.simple_tag
def facet_url(base_url, name, value):
    """The case study library filtered by one facet value."""
    return f"{base_url}?{urlencode({name: value})}"
