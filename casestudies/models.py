from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from hetsite.core.models import BasePage, PageImage


class CaseStudyIndexPage(BasePage):
    """/case-studies/: the library of every live case study, wherever it lives."""

    introduction = models.TextField(blank=True, max_length=1000)

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "case study index page"


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
    learning = models.TextField("What have you learnt?")
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

    def get_listing_summary(self):
        return self.listing_summary or self.about

    def save(self, *args, **kwargs):
        from projects.models import OrganisationPage

        parent = self.get_parent() if self.path else None
        if parent is not None:
            parent = parent.specific
            if isinstance(parent, OrganisationPage):
                self.organisation_id = parent.organisation_id
        super().save(*args, **kwargs)


class CaseStudyImage(PageImage):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="images")
