from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hetsite.core.blocks import BaseStreamBlock
from hetsite.core.languages import default_language, locale_id
from hetsite.core.listing import app_route_exists, attach_listing_images
from hetsite.core.localized import children_in_language, in_language
from hetsite.core.page_types import type_label

from .base import BasePage, public_pages
from .taxonomy import MarmotPrinciple

# Sections residents use, by the fixed slugs of the index pages under the home page.
# Each is shown on the home page only once its page exists and is live.
RESIDENT_ROUTES = [
    (
        "wards",
        gettext_lazy(
            "What is happening in your ward, and how it compares with the rest of Luton."
        ),
    ),
    ("case-studies", gettext_lazy("What partners did, what they achieved and what they learnt.")),
    (
        "projects",
        gettext_lazy("Projects and services running in Luton now, and how to take part."),
    ),
    ("priorities", gettext_lazy("Progress from the Health Equity Town priority groups.")),
    (
        "prize",
        gettext_lazy("The Director of Public Health's Health Equity Town Prize and its winners."),
    ),
    ("newsletters", gettext_lazy("The quarterly Health Equity Town newsletter.")),
    ("indicators", gettext_lazy("The Marmot Town indicators: how Luton compares with England.")),
]
# What the home page's "What's new" shows, chosen automatically: the newest live pages of
# each type (model label, how many, newest first by). Editors' pinned pages come first.
LATEST_CONTENT = [
    ("casestudies.CaseStudyPage", 3, ("-first_published_at", "-pk")),
    ("projects.ProjectPage", 3, ("-first_published_at", "-pk")),
    ("priorities.PriorityUpdatePage", 2, ("-date", "-first_published_at", "-pk")),
    ("newsletters.NewsletterIssuePage", 1, ("-issue_date", "-first_published_at", "-pk")),
]
PRIZE_ROUND_MODEL = "prizes.PrizeRoundPage"
PARTNER_DIRECTORY_SLUG = "partners"
ABOUT_SLUG = "about"
PRINCIPLES_SLUG = "marmot-principles"
# Partner forms served by the projects app (not pages): linked once they exist.
PARTNER_APPLY_PATH = "/partners/apply/"
PARTNER_PORTAL_PATH = "/partners/portal/"


def english_slug_of():
    """An expression: the slug of the page's English version (its own if English)."""
    return Subquery(
        Page.objects.filter(
            translation_key=OuterRef("translation_key"), locale_id=locale_id(default_language())
        ).values("slug")[:1]
    )


class HomePage(BasePage):
    """The site root: the Luton 2040 vision, the Health Equity Town story, routes in."""

    hero_heading = models.CharField(max_length=120, default="Luton: England's first Marmot Town")
    hero_text = models.TextField(
        blank=True, help_text="The Luton 2040 vision in a sentence or two."
    )
    story = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="What being a Health Equity Town means.",
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "casestudies.CaseStudyIndexPage",
        "projects.ProjectIndexPage",
        "projects.PartnerIndexPage",
        "priorities.PriorityIndexPage",
        "prizes.PrizeIndexPage",
        "newsletters.NewsletterIndexPage",
        "places.WardIndexPage",
        "places.IndicatorIndexPage",
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("story"),
        index.SearchField("body"),
    ]

    def route(self, request, path_components):
        """Find the page a URL names in two queries, however deep it is.

        Wagtail's router asks for one level at a time (the child, then its specific
        page: two queries a level, six for /partners/<organisation>/<project>/). Here
        one query loads the pages whose slugs the URL names (by the slug index), the
        chain from this page down is picked out by URL path, each page is given its
        parent as Wagtail's router gives it (breadcrumbs and view restrictions read
        them), and the deepest page found routes whatever is left of the URL with
        Wagtail's own ``route``: a missing slug is a 404 and an unpublished page too,
        exactly as before.
        """
        if not path_components:
            return super().route(request, path_components)
        candidates = self.route_candidates(path_components, [self.path])
        return self.route_chain(request, path_components, self.chain(path_components, candidates))

    def route_candidates(self, path_components, home_paths):
        """The pages the URL's slugs may name below any of ``home_paths`` (this home
        page's and its translations', all at its depth), in one query."""
        below = Q()
        for path in home_paths:
            below |= Q(path__startswith=path)
        return Page.objects.filter(
            below,
            slug__in=set(path_components),
            depth__gt=self.depth,
            depth__lte=self.depth + len(path_components),
        )

    def chain(self, path_components, candidates, start=None):
        """The pages from below ``start`` (this page by default, or a translation of
        it) down that the URL names, as far as it goes, each given its parent (out of
        ``candidates``, by URL path)."""
        by_url_path = {page.url_path: page for page in candidates}
        start = start or self
        parent, found, url_path = start, [], start.url_path
        for component in path_components:
            url_path += f"{component}/"
            page = by_url_path.get(url_path)
            if page is None or page.depth != parent.depth + 1:
                break
            page._cached_parent_obj = parent
            parent = page
            found.append(page)
        return found

    def route_chain(self, request, path_components, chain):
        """Route what ``chain`` (from ``chain()``) leaves of the URL from its last page."""
        if not chain:
            return super().route(request, path_components)
        return self._specific_with_relations(chain[-1]).route(
            request, path_components[len(chain) :]
        )

    @staticmethod
    def _specific_with_relations(page):
        """``page.specific``, with the relations its type names in ``route_select_related``
        (its listing image, a project's priority group) loaded in the same query."""
        model = page.specific_class
        related = getattr(model, "route_select_related", ())
        if model is None or not related:
            return page.specific
        try:
            specific = model.objects.select_related(*related).get(pk=page.pk)
        except model.DoesNotExist:
            return page.specific
        specific._cached_parent_obj = page._cached_parent_obj
        return specific

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("story"),
        InlinePanel("featured_items", label="Featured content", max_num=6),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        """Lazy: the template renders all of this in a fragment cached per content version."""
        context = super().get_context(request, *args, **kwargs)

        @cache
        def children():
            # One query for every fixed-slug child the home page links to: the English
            # home's, each in the reader's language (known by its English slug).
            wanted = [slug for slug, _ in RESIDENT_ROUTES]
            wanted += [PARTNER_DIRECTORY_SLUG, ABOUT_SLUG, PRINCIPLES_SLUG]
            english = Page.objects.filter(slug__in=wanted).values("translation_key")
            found = {}
            for page in (
                public_pages(children_in_language(Page.objects.live(), self))
                .filter(translation_key__in=english)
                .annotate(english_slug=english_slug_of())
                .only("id", "title", "slug", "url_path", "path", "depth", "locale_id")
            ):
                found[page.english_slug] = page
            return found

        context["resident_routes"] = SimpleLazyObject(
            lambda: [
                {"page": children()[slug], "description": description}
                for slug, description in RESIDENT_ROUTES
                if slug in children()
            ]
        )
        context["partner_directory"] = SimpleLazyObject(
            lambda: children().get(PARTNER_DIRECTORY_SLUG)
        )
        context["about_page"] = SimpleLazyObject(lambda: children().get(ABOUT_SLUG))
        context["principles_page"] = SimpleLazyObject(lambda: children().get(PRINCIPLES_SLUG))
        context["partner_apply_url"] = (
            PARTNER_APPLY_PATH if app_route_exists(PARTNER_APPLY_PATH) else None
        )
        context["partner_portal_url"] = (
            PARTNER_PORTAL_PATH if app_route_exists(PARTNER_PORTAL_PATH) else None
        )
        context["principles"] = MarmotPrinciple.objects.only("number", "name", "short_name")
        # The indicator dashboard's sections are the principles (no query: see site_section).
        from hetsite.core.navigation import site_section

        context["indicator_page"] = site_section(request, "places.IndicatorIndexPage")
        context["latest_items"] = SimpleLazyObject(self.get_latest_items)
        return context

    def get_latest_items(self, today=None):
        """Pinned pages first (the editor's featured items, in order), then the newest live
        case studies, projects, priority updates and newsletter issue, then the current or
        next prize round; each page once, each labelled with its type.

        A fixed number of queries however much there is: one for the pins, one per type
        (pins of that type come back in the same query), one for the prize round, two for
        the images; pins of any other type cost one more plus one per type.

        Every page in the reader's language, English where it is not translated: pins
        are known by translation key (a translated home page's pins may name the English
        pages or their translations).
        """
        pins = list(
            dict.fromkeys(
                self.featured_items.values_list("featured_page__translation_key", flat=True)
            )
        )
        by_key, latest = {}, []
        for label, how_many, ordering in LATEST_CONTENT:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            pages = in_language(public_pages(model.objects.live())).order_by(*ordering)
            if pins:  # (a CASE without a WHEN is a bare number: a column position to ORDER BY)
                pinned = Case(
                    When(translation_key__in=pins, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
                pages = pages.order_by(pinned, *ordering)
            chosen = 0
            for page in pages[: how_many + len(pins)]:
                if page.translation_key in pins:
                    by_key[page.translation_key] = page
                elif chosen < how_many:
                    latest.append(page)
                    chosen += 1
        others = [key for key in pins if key not in by_key]
        if others:
            by_key.update(
                {
                    page.translation_key: page
                    for page in in_language(public_pages(Page.objects.live()))
                    .filter(translation_key__in=others)
                    .specific()
                }
            )
        pinned_pages = [by_key[key] for key in pins if key in by_key]
        prize = self.get_prize_round(today)
        items = [*pinned_pages, *latest]
        if prize is not None and prize.translation_key not in by_key:
            items.append(prize)
        seen, unique = set(), []
        for page in items:
            if page.pk not in seen:
                seen.add(page.pk)
                page.type_label = type_label(page)
                unique.append(page)
        return attach_listing_images(unique)

    @staticmethod
    def get_prize_round(today=None):
        """The prize round open now, else the next to open, else the latest year (as the
        prize index page chooses), in one query."""
        try:
            model = apps.get_model(PRIZE_ROUND_MODEL)
        except LookupError:
            return None
        today = today or timezone.localdate()
        open_now = Q(opens_on__lte=today, closes_on__gte=today)
        upcoming = Q(opens_on__gt=today)
        chosen = (
            in_language(public_pages(model.objects.live()))
            .annotate(
                rank=Case(
                    When(open_now, then=Value(0)),
                    When(upcoming, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                ),
                key_date=Case(
                    When(open_now, then=F("closes_on")),
                    When(upcoming, then=F("opens_on")),
                    default=None,
                    output_field=models.DateField(),
                ),
            )
            .order_by("rank", "key_date", "-year", "-pk")
            .first()
        )
        if chosen is not None:
            chosen.prize_state = chosen.state(today)
        return chosen


class HomePageFeatured(Orderable):
    """Editor-chosen pages featured on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    featured_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("featured_page")]


class StandardPage(BasePage):
    """About pages, the principles, the accessibility statement, the privacy notice."""

    introduction = models.TextField(blank=True, max_length=500)
    body = StreamField(BaseStreamBlock())

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    def get_listing_summary(self):
        return self.listing_summary or self.introduction or self.search_description
