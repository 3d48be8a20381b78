"""Builders for core pages, on top of tests/factories.py."""

import time

from wagtail.rich_text import RichText

from hetsite.core.models import HomePageFeatured, StandardPage
from tests import factories


def every_block_body(image=None, link_page=None):
    """A StreamField value using every block in the library once (image if given)."""
    body = [
        ("heading", {"text": "Why health equity matters", "level": "h2"}),
        ("paragraph", RichText("<p>Health equity means <strong>fairness</strong>.</p>")),
        ("heading", {"text": "A sub-heading", "level": "h3"}),
        ("quote", {"quote": "Cannot be addressed by one organisation.", "attribution": "APHR"}),
        (
            "call_to_action",
            {
                "heading": "Read the case studies",
                "text": "What partners did and learnt.",
                "link_text": "See case studies",
                "page": link_page,
                "url": "" if link_page else "https://example.org/",
            },
        ),
        (
            "table",
            {
                "data": [["Ward", "Score"], ["Barnfield", "68.16"], ["Central", "39.48"]],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": "Scores by ward",
            },
        ),
    ]
    if image is not None:
        image.contextual_alt_text = "Volunteers planting a community garden"
        image.decorative = False
        body.append(("image", {"image": image, "caption": "The Biscot garden"}))
    return body


def standard_page(parent=None, title="About us", publish=True, **kwargs):
    parent = parent or factories.home_page()
    kwargs.setdefault("introduction", "An introduction.")
    kwargs.setdefault("body", [("paragraph", RichText("<p>Body text.</p>"))])
    page = StandardPage(title=title, **kwargs)
    return factories.add_page(parent, page, publish=publish)


def feature(home, *pages):
    """Make ``pages`` the home page's featured content (published)."""
    # A fresh copy: publishing saves tree fields (numchild) from this instance.
    home = type(home).objects.get(pk=home.pk)
    home.featured_items = [
        HomePageFeatured(featured_page=page, sort_order=i) for i, page in enumerate(pages)
    ]
    home.save_revision().publish()
    return home


def trap_fields(form_class, seconds_ago=60):
    """The time-trap field of a SpamTrapMixin form, as if rendered ``seconds_ago``: add it
    to any test's POST of a public form (the default is old enough to be accepted)."""
    return {form_class.timestamp_name: form_class.signed_timestamp(at=time.time() - seconds_ago)}
