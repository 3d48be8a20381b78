from django import template

from hetsite.core.languages import reader_url
from hetsite.core.navigation import site_section

register = template.Library()


@register.simple_tag(takes_context=True)
def section_url(context, label):
    """The address of the site section (an index page under the home page) of the page
    type ``label``, e.g. ``{% section_url "places.WardIndexPage" as ward_base %}``; ""
    when the site has none. No query: sections come with the header menu."""
    request = context.get("request")
    if request is None:
        return ""
    page = site_section(request, label)
    return reader_url(page, page.get_url(request)) if page is not None else ""
