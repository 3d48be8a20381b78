"""Template tags for the partner portal's forms."""

from django import template

from portal.forms import error_summary

register = template.Library()


@register.simple_tag
def portal_error_summary(*forms):
    """The GOV.UK error summary's items for ``forms`` (lists of forms are flattened)."""
    flat = []
    for item in forms:
        if isinstance(item, list | tuple):
            flat.extend(f for f in item if hasattr(f, "errors"))
        elif item:
            flat.append(item)
    return error_summary(*flat)
