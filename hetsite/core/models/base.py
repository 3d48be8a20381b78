from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from hetsite.core import content_version
from hetsite.core.languages import reader_url

REVIEW_AFTER_MONTHS = 12


def review_date_after(moment):
    """The default review date: 12 months after ``moment`` (a datetime), on the same day
    of the month in local time (29 February becomes 28 February)."""
    day = timezone.localdate(moment)
    year = day.year + REVIEW_AFTER_MONTHS // 12
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


class BasePage(Page):
    """Fields every public page has: what listings and social cards show of it."""

    listing_summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown in listings, search results and link "
        "previews. Falls back to the page's own summary or introduction.",
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in listings and link previews.",
    )
    review_by = models.DateField(
        "review by",
        null=True,
        blank=True,
        db_index=True,
        help_text="When an editor should check this page is still right. Set to 12 months "
        "after first publication if left empty; after reviewing, set the next date.",
    )

    search_fields = [*Page.search_fields, index.SearchField("listing_summary")]

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("listing_image")],
            heading="Listings and link previews",
        ),
        FieldPanel("review_by"),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A page that has been published gets its default review date if it has none."""
        if self.review_by is None and self.first_published_at is not None:
            self.review_by = review_date_after(self.first_published_at)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "review_by"}
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision saved before the page had a review date (any draft saved before its
        first publication) shows, and keeps, the page's own date."""
        obj = super().with_content_json(content)
        if obj.review_by is None:
            obj.review_by = self.review_by
        return obj

    def get_url_parts(self, request=None):
        """Wagtail's, except that an English page linked from a page served in another
        language (a library card, the menu) keeps the reader in that language: its
        address gets the language prefix, where it is shown in English with a notice, or
        redirects to its translation (hetsite.i18n.views). Outside such a request (the
        admin, emails, the HTTP cache's purges) the address is Wagtail's.
        """
        parts = super().get_url_parts(request)
        if parts is None:
            return parts
        site_id, root_url, page_path = parts
        return site_id, root_url, reader_url(self, page_path)

    def get_listing_summary(self):
        """The text listings show; page types with a summary field override this."""
        return self.listing_summary or self.search_description

    def routed_ancestors(self):
        """The pages above this one from the home page down, as routing left them.

        Wagtail's routing (and ``HomePage.route``) leaves each page's parent on it
        (``_cached_parent_obj``), so for a page being served this costs no query. None
        for a page loaded some other way (a preview, a listing).
        """
        chain = []
        node = self
        while node.depth > 2:
            node = node.__dict__.get("_cached_parent_obj")
            if node is None:
                return None
            chain.append(node)
        return chain[::-1]

    def breadcrumb_ancestors(self):
        """The pages above this one, from the home page down, for the breadcrumb trail:
        the routed ancestors, or one query with only what a link needs."""
        if not self.path:  # a page not yet saved has no place in the tree
            return []
        ancestors = self.routed_ancestors()
        if ancestors is None:
            ancestors = list(
                self.get_ancestors()
                .filter(depth__gt=1)
                .only("id", "title", "path", "depth", "url_path")
            )
        return ancestors

    def get_view_restrictions(self):
        """The view restrictions on this page and its ancestors, usually with no query.

        Wagtail reads the ancestors and then their restrictions (two queries on every
        page served). For a page being served the ancestors are known from routing,
        and ``restricted_paths()`` (cached per content version) says whether any of
        them carries a restriction: if none does, there is nothing to ask the database;
        if one does, one query by tree path. Aliases (whose restrictions are their
        source page's) and pages loaded some other way take Wagtail's way.
        """
        ancestors = self.routed_ancestors() if self.path else None
        if ancestors is None or any(page.alias_of_id for page in [*ancestors, self]):
            return super().get_view_restrictions()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        if not set(paths) & set(restricted_paths()):
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page__path__in=paths)

    # Forward relations loaded with the page itself when it is served (see HomePage.route).
    route_select_related = ("listing_image",)


class IndexPage(BasePage):
    """A listing page (case studies, projects, partners, prize, priorities, newsletters).

    An introduction above the list, which listings and link previews fall back to.
    """

    introduction = models.TextField(blank=True, max_length=1000)

    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        return self.listing_summary or self.introduction or self.search_description


class PageImage(Orderable):
    """An image used on a page, with alt text required per use (not per file).

    Concrete subclasses add ``page = ParentalKey(...)``. Partners upload images through
    the portal, so alt text is asked for every time an image is placed on a page.
    """

    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta:
        abstract = True
        ordering = ["sort_order"]


def public_pages(queryset):
    """``queryset.public()`` without asking the database for the restrictions each time.

    Wagtail's ``public()`` loads every view restriction each time it is called, so a
    page listing several kinds of related page paid that query per list. Here the
    restricted paths come from ``restricted_paths()`` (cached per content version).
    """
    return queryset.exclude(under_view_restriction())


RESTRICTED_PATHS_KEY = "hetsite:restricted-paths"


def restricted_paths():
    """Tree paths of the pages that carry a view restriction, cached per content version.

    A restriction's change bumps the content version (``content_version.watch``), so
    one query per version is enough. (A correlated ``NOT EXISTS`` per row was tried
    instead: at 10,000 case studies SQLite planned it as a scan of the page table per
    row, 1.6 s for one list.)
    """
    key = f"{RESTRICTED_PATHS_KEY}:{content_version.current()}"
    paths = cache.get(key)
    if paths is None:
        paths = tuple(
            sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        )
        cache.set(key, paths, 60 * 60)
    return paths


def under_view_restriction():
    """A condition true for pages that have, or sit under, a view restriction.

    For ``.exclude(under_view_restriction())`` in a chain of queryset methods; with no
    restriction anywhere it is empty and excludes nothing.
    """
    condition = Q()
    for path in restricted_paths():
        condition |= Q(path__startswith=path)
    return condition
