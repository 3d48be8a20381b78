"""URLs outside the page tree that show pages: feeds, exports, the sitemap, search.

Other apps (and later page types) add their own with ``@hooks.register("hetsite_purge_urls")``:
a function of the changed page returning pages or site-relative paths.
"""

from django.urls import NoReverseMatch, reverse

from wagtail import hooks

from .purge import HOOK, PAGE_TYPES_HOOK

# Listed by URL name so this app imports none of the apps that own them.
SITE_WIDE = [
    "sitemap",
    "search",
    "casestudies:feed",
    "casestudies:export_csv",
    "casestudies:export_json",
    "newsletters:feed",
    "priorities:feed",
]


def reverse_or_none(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@hooks.register(HOOK)
def feeds_sitemap_and_search(page):
    paths = [reverse_or_none(name) for name in SITE_WIDE]
    # A priority group's own feed lists its updates.
    groups = page.get_ancestors(inclusive=True).filter(
        content_type__app_label="priorities", content_type__model="prioritygrouppage"
    )
    for slug in groups.values_list("slug", flat=True):
        paths.append(reverse_or_none("priorities:group_feed", group_slug=slug))
    return [path for path in paths if path]


@hooks.register("before_serve_page")
def remember_page_type(page, request, serve_args, serve_kwargs):
    """The middleware tags the response with it, so a BAN can drop one page type."""
    request.hetsite_page_type = page._meta.label_lower


# Case study and project pages show "related case studies" chosen by shared terms: a
# case study's change may show on any of them, so they are banned by type.
RELATED_CASE_STUDIES_ON = ["casestudies.casestudypage", "projects.projectpage"]


@hooks.register(PAGE_TYPES_HOOK)
def pages_showing_related_case_studies(page):
    if page.specific_class._meta.label_lower == "casestudies.casestudypage":
        return RELATED_CASE_STUDIES_ON
    return []
