from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from hetsite.core.models import BasePage, IndexPage, PageImage

from .facets import CACHE_TIMEOUT as FACETS_CACHE_TIMEOUT


class CaseStudyIndexPage(IndexPage):
    """/case-studies/: the library of every live case study, wherever it lives."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]

    class Meta:
        verbose_name = "case study index page"

    def get_context(self, request, *args, **kwargs):
        from .filters import FACET_NAMES, PAGE_SIZE, CaseStudyFilterSet, ResultPages

        context = super().get_context(request, *args, **kwargs)
        filterset = CaseStudyFilterSet(request.GET)
        filterset.describe_errors()
        ids = filterset.ordered_ids()
        results = filterset.results() if ids is None else ResultPages(ids, filterset.queryset)
        page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        base_url = self.get_url(request=request)
        query = request.GET.copy()
        query.pop("page", None)
        filters_key = None
        if not filterset.errors:
            # A valid form renders from its facet lists and the submitted values only.
            filters_key = urlencode(
                [
                    (name, value)
                    for name in ("q", *FACET_NAMES)
                    for value in sorted(request.GET.getlist(name))
                ]
            )
        context.update(
            filterset=filterset,
            form=filterset.form,
            facets=filterset.facets,
            page_obj=page_obj,
            case_studies=page_obj.object_list,
            result_count=page_obj.paginator.count,
            library_query=filterset.query if filterset.search_terms else "",
            is_filtered=filterset.is_filtered,
            active_filters=filterset.active_filters(base_url),
            base_url=base_url,
            filter_query=query.urlencode(),
            # Keys for the template's cached fragments; change whenever content does.
            filters_fragment_key=filters_key,
            generation=filterset.facets.generation,
            breadcrumbs=routed_ancestors(self, request),
        )
        return context


class CaseStudyPage(BasePage):
    """A case study in the Annual Public Health Report's template, in its order.

    The page title is the project title. The template's sections are plain text
    (blank lines start paragraphs) so partner submissions carry no markup.
    """

    authors = models.CharField(max_length=300, blank=True)
    organisation_name = models.CharField(
        "organisation",
        max_length=200,
        help_text="The organisation that ran the project, as it should be credited.",
    )
    organisation = models.ForeignKey(
        "projects.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text="The partner organisation, if it is one. Set automatically for case "
        "studies written by a partner.",
    )
    about = models.TextField("Tell us about your project")
    what_we_did = models.TextField("What did you do?")
    partners = models.TextField(blank=True, help_text="Who you worked with.")
    achievements = models.TextField("What have you achieved?")
    learning = models.TextField(
        "What have you learnt?",
        blank=True,
        help_text="Leave blank if there is nothing to add (not every case study in the "
        "report has this section).",
    )
    acknowledgements = models.TextField(blank=True)
    whats_next = models.TextField("What's next?", blank=True)

    principles = ParentalManyToManyField(
        "core.MarmotPrinciple", blank=True, related_name="case_studies"
    )
    wards = ParentalManyToManyField("core.Ward", blank=True, related_name="case_studies")
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text="Leave blank for town-wide work.",
    )
    priority_group = models.ForeignKey(
        "priorities.PriorityGroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    population_groups = ParentalManyToManyField(
        "core.PopulationGroup", blank=True, related_name="case_studies"
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the work took place or was reported.",
    )
    related_project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )

    parent_page_types = ["casestudies.CaseStudyIndexPage", "projects.OrganisationPage"]
    subpage_types = []

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("authors"),
        index.SearchField("organisation_name"),
        index.SearchField("about"),
        index.SearchField("what_we_did"),
        index.SearchField("partners"),
        index.SearchField("achievements"),
        index.SearchField("learning"),
        index.SearchField("whats_next"),
        index.FilterField("year"),
        index.FilterField("priority_group"),
        index.FilterField("neighbourhood"),
        index.FilterField("organisation"),
    ]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("authors"),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("organisation")],
            heading="Organisation",
        ),
        FieldPanel("about"),
        FieldPanel("what_we_did"),
        FieldPanel("partners"),
        FieldPanel("achievements"),
        FieldPanel("learning"),
        FieldPanel("acknowledgements"),
        FieldPanel("whats_next"),
        InlinePanel("images", label="Images"),
        MultiFieldPanel(
            [
                FieldPanel("year"),
                FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("priority_group"),
                FieldPanel("neighbourhood"),
                FieldPanel("wards", widget=forms.CheckboxSelectMultiple),
                FieldPanel("population_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_project"),
            ],
            heading="Tags",
        ),
    ]

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    # The report's template, in its order, after the title, authors and organisation.
    SECTIONS = [
        ("about", "Tell us about your project"),
        ("what_we_did", "What did you do?"),
        ("partners", "Partners"),
        ("achievements", "What have you achieved?"),
        ("learning", "What have you learnt?"),
        ("acknowledgements", "Acknowledgements"),
        ("whats_next", "What’s next?"),
    ]
    RELATED_LIMIT = 3

    def get_listing_summary(self):
        from .text import plain_summary

        return self.listing_summary or plain_summary(self.about)

    def sections(self):
        """[(field name, heading, text)] for the template sections that have text."""
        return [
            (name, heading, getattr(self, name))
            for name, heading in self.SECTIONS
            if (getattr(self, name) or "").strip()
        ]

    def related_case_studies(self, principle_ids, ward_ids, facets=None):
        """Up to three other live case studies sharing a principle or a ward, newest first.

        The ids are found by walking pages newest first (Wagtail's index on
        ``first_published_at``) and checking each for a shared term, so the database
        stops after three matches instead of sorting every case study that shares
        a principle (most of them): 0.5-2 ms instead of 12 ms at 10,000. Then the
        three cards are loaded as the index loads its cards.
        """
        from wagtail.models import Page

        from .facets import get_facets, private_sections
        from .filters import _through, listing_queryset

        if not principle_ids and not ward_ids:
            return []
        facets = facets or get_facets()
        shares_a_term = Q()
        if principle_ids:
            shares_a_term |= Exists(
                _through("principles").objects.filter(
                    casestudypage_id=OuterRef("pk"), marmotprinciple_id__in=principle_ids
                )
            )
        if ward_ids:
            shares_a_term |= Exists(
                _through("wards").objects.filter(
                    casestudypage_id=OuterRef("pk"), ward_id__in=ward_ids
                )
            )
        # Only case study pages have rows in the through tables, so no content type
        # filter is needed (one would make the database sort instead of walk).
        candidates = Page.objects.filter(shares_a_term, live=True).exclude(pk=self.pk)
        private = private_sections(facets.restricted_paths)
        if private:
            candidates = candidates.exclude(private)
        ids = list(
            candidates.order_by("-first_published_at", "-id").values_list("pk", flat=True)[
                : self.RELATED_LIMIT
            ]
        )
        if not ids:
            return []
        found = {
            page.pk: page
            for page in listing_queryset(facets, with_principles=False).filter(pk__in=ids)
        }
        return [found[pk] for pk in ids if pk in found]

    def summary_terms(self, facets):
        """Organisation, neighbourhood and priority group as facet options (value, label).

        A live case study's terms are in the cached facet lists, so this costs no
        query; a draft (preview) falls back to loading them.
        """
        from .facets import Option

        terms = {}
        for facet, field, label_attr in (
            ("organisation", "organisation", "name"),
            ("neighbourhood", "neighbourhood", "name"),
            ("priority", "priority_group", "title"),
        ):
            pk = getattr(self, f"{field}_id")
            if pk is None:
                continue
            option = facets.by_id(facet).get(pk)
            if option is None:
                obj = getattr(self, field)
                option = Option(obj.pk, obj.slug, getattr(obj, label_attr))
            terms[facet] = option
        return terms

    TERM_FIELDS = (
        ("principle", "principles"),
        ("ward", "wards"),
        ("population_group", "population_groups"),
    )

    def tag_terms(self, facets, use_cache=True):
        """Principles, wards and population groups, each a list with slug, name and label.

        A published page's term ids are cached until anything is next published, and
        their names come from the cached facet lists: no query once warm. Previews
        read the (unsaved) relations themselves.
        """
        if not use_cache:
            return {facet: list(getattr(self, field).all()) for facet, field in self.TERM_FIELDS}
        key = f"casestudies:terms:{self.pk}:{facets.generation}"
        ids = cache.get(key)
        if ids is None:
            ids = {
                facet: set(getattr(self, field).values_list("pk", flat=True))
                for facet, field in self.TERM_FIELDS
            }
            cache.set(key, ids, FACETS_CACHE_TIMEOUT)
        terms = {}
        for facet, field in self.TERM_FIELDS:
            options = [option for option in facets.options(facet) if option.id in ids[facet]]
            if len(options) != len(ids[facet]):  # not in the lists (yet): read them
                options = list(getattr(self, field).all())
            terms[facet] = options
        return terms

    def get_context(self, request, *args, **kwargs):
        from .facets import get_facets
        from .jsonld import case_study_json_ld

        context = super().get_context(request, *args, **kwargs)
        facets = get_facets()
        is_preview = getattr(request, "is_preview", False) or not self.pk
        terms = self.tag_terms(facets, use_cache=not is_preview)
        principles, wards = terms["principle"], terms["ward"]

        def images():
            queryset = self.images.all()
            if not is_preview:
                queryset = queryset.select_related("image").prefetch_related("image__renditions")
            return list(queryset)

        def related():
            return self.related_case_studies(
                [p.id for p in principles], [w.id for w in wards], facets
            )

        related_project = self.related_project if self.related_project_id else None
        context.update(
            summary=self.summary_terms(facets),
            related_project=related_project if related_project and related_project.live else None,
            principles=principles,
            wards=wards,
            population_groups=terms["population_group"],
            # Evaluated by the template only when its cached fragment has expired.
            images=images,
            related_case_studies=related,
            fragment_key=None if is_preview else f"{self.pk}:{facets.generation}",
            library_url=facets.index_url,
            og_type="article",
            breadcrumbs=routed_ancestors(self, request),
            json_ld=case_study_json_ld(self, request, principles, wards),
        )
        return context

    def save(self, *args, **kwargs):
        from projects.models.pages import organisation_id_from_parent

        self.organisation_id = organisation_id_from_parent(self, self.organisation_id)
        super().save(*args, **kwargs)


def routed_ancestors(page, request):
    """[(title, url)] from the home page down to ``page``'s parent, for breadcrumbs.

    Wagtail's routing caches each page's parent on it, so walking up costs no query
    for a page being served; otherwise the parents are loaded once.
    """
    chain = []
    current = page
    while current.depth > 2:
        current = current.get_parent(update=False)
        if current is None:
            break
        chain.append(current)
    crumbs = []
    for ancestor in reversed(chain):
        title = "Home" if ancestor.depth == 2 else ancestor.title
        crumbs.append((title, ancestor.get_url(request=request)))
    return crumbs


class CaseStudyImage(PageImage):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="images")
