from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from hetsite.core import content_version
from hetsite.core.languages import active_language
from hetsite.core.localized import in_language
from hetsite.core.models import BasePage, IndexPage, PageImage
from hetsite.core.models.base import public_pages as visible_pages
from hetsite.core.navigation import site_section
from hetsite.i18n.content_language import WrittenInMixin
from hetsite.i18n.fields import synchronised


class CaseStudyIndexPage(IndexPage):
    """/case-studies/: the library of every live case study, wherever it lives."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]

    class Meta:
        verbose_name = "case study index page"

    def get_context(self, request, *args, **kwargs):
        from hetsite.core.filters import build_listing

        from .filters import PAGE_SIZE, CaseStudyFilterSet, listing_queryset

        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(request, CaseStudyFilterSet, listing_queryset(), PAGE_SIZE)
        context.update(
            listing, case_studies=listing["results"], base_url=self.get_url(request=request)
        )
        return context


class CaseStudyPage(WrittenInMixin, BasePage):
    """A case study in the Annual Public Health Report's template, in its order.

    The page title is the project title. The template's sections are plain text
    (blank lines start paragraphs) so partner submissions carry no markup.
    """

    authors = models.CharField(max_length=300, blank=True)
    organisation_name = models.CharField(
        "organisation name as credited",
        max_length=200,
        help_text="The organisation that ran the project, as it should be credited.",
    )
    organisation = models.ForeignKey(
        "projects.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        verbose_name="partner organisation",
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

    exclude_fields_in_copy = ["content_language"]
    override_translatable_fields = [
        *WrittenInMixin.content_language_translatable_fields,
        *synchronised("principles", "wards", "population_groups"),
    ]

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
        FieldPanel("content_language"),
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

    # What the public API (/api/v2/case-studies/) shows; the api app serialises them.
    # Not the named authors nor the acknowledgements, which name individuals (as the
    # open-data exports leave the authors out).
    api_fields = [
        APIField("listing_summary"),
        APIField("organisation_name"),
        APIField("organisation"),
        APIField("year"),
        APIField("about"),
        APIField("what_we_did"),
        APIField("partners"),
        APIField("achievements"),
        APIField("learning"),
        APIField("whats_next"),
        APIField("wards"),
        APIField("neighbourhood"),
        APIField("population_groups"),
        APIField("principles"),
        APIField("priority_group"),
        APIField("related_project"),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = "case studies"

    # The report's template, in its order, after the title, authors and organisation.
    SECTIONS = [
        ("about", _("Tell us about your project")),
        ("what_we_did", _("What did you do?")),
        ("partners", _("Partners")),
        ("achievements", _("What have you achieved?")),
        ("learning", _("What have you learnt?")),
        ("acknowledgements", _("Acknowledgements")),
        ("whats_next", _("What’s next?")),
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

    def related_case_studies(self, principle_ids, ward_ids, public_pages=None):
        """Up to three other live, public case studies sharing a principle or a ward.

        Newest first, found by walking pages on Wagtail's ``first_published_at`` index
        and checking each for a shared term, so the database stops after three matches
        instead of sorting every case study that shares a principle (most of them); the
        cards are loaded around that walk, in the same query.
        """
        from wagtail.models import Page

        from .filters import NEWEST_FIRST, with_cards

        if not principle_ids and not ward_ids:
            return []
        shares_a_term = Q()
        for name, column, ids in (
            ("principles", "marmotprinciple_id", principle_ids),
            ("wards", "ward_id", ward_ids),
        ):
            if ids:
                through = self._meta.get_field(name).remote_field.through
                shares_a_term |= Exists(
                    through.objects.filter(
                        casestudypage_id=OuterRef("pk"), **{f"{column}__in": ids}
                    )
                )
        # Only case study pages have rows in the through tables, so no content type
        # filter is needed (one would make the database sort instead of walk).
        if public_pages is None:
            public_pages = in_language(visible_pages(Page.objects.live()))
        newest = (
            public_pages.filter(shares_a_term)
            .exclude(translation_key=self.translation_key)  # this page in any language
            .order_by(*NEWEST_FIRST)
            .values("pk")[: self.RELATED_LIMIT]
        )
        cards = CaseStudyPage.objects.filter(pk__in=newest).order_by(*NEWEST_FIRST)
        return list(with_cards(cards, principles=False))

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Page

        from .jsonld import case_study_json_ld

        context = super().get_context(request, *args, **kwargs)
        is_preview = getattr(request, "is_preview", False) or not self.pk

        # Everything below is lazy: the template's cached fragments need none of it.
        def terms(field):
            return SimpleLazyObject(lambda: list(getattr(self, field).all()))

        principles, wards = terms("principles"), terms("wards")
        public_pages = SimpleLazyObject(lambda: in_language(visible_pages(Page.objects.live())))
        # The page as served has no related rows loaded: fetch the four at once (a
        # preview shows its own, unsaved ones).
        tagged = SimpleLazyObject(
            lambda: (
                self
                if is_preview
                else CaseStudyPage.objects.select_related(
                    "organisation", "neighbourhood", "priority_group", "related_project"
                ).get(pk=self.pk)
            )
        )

        def summary():
            return {
                "organisation": tagged.organisation,
                "neighbourhood": tagged.neighbourhood,
                "priority": tagged.priority_group,
            }

        def images():
            queryset = self.images.all()
            if not is_preview:
                queryset = queryset.select_related("image").prefetch_related("image__renditions")
            return list(queryset)

        def related():
            return self.related_case_studies(
                [p.pk for p in principles], [w.pk for w in wards], public_pages
            )

        def related_project():
            project = tagged.related_project
            return project if project and project.live else None

        def library_url():
            index = site_section(request, CaseStudyIndexPage)
            return index.get_url(request=request) if index else None

        context.update(
            summary=SimpleLazyObject(summary),
            related_project=SimpleLazyObject(related_project),
            principles=principles,
            wards=wards,
            population_groups=terms("population_groups"),
            images=images,
            related_case_studies=related,
            library_url=SimpleLazyObject(library_url),
            og_type="article",
            json_ld=lambda: case_study_json_ld(self, request, principles, wards),
            # Per language, as the context processor's: the fragments hold links in it.
            content_version=f"{content_version.current(request)}-{active_language()}",
        )
        return context

    def save(self, *args, **kwargs):
        from projects.models.pages import organisation_id_from_parent

        self.organisation_id = organisation_id_from_parent(self, self.organisation_id)
        super().save(*args, **kwargs)


class CaseStudyImage(PageImage):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="images")
