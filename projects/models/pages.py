from django import forms
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from hetsite.core.models import BasePage, PageImage

from .organisations import PartnerOrganisation


class PartnerIndexPage(BasePage):
    """/partners/: the directory of partner organisations."""

    introduction = models.TextField(blank=True, max_length=1000)

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["projects.OrganisationPage"]

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "partner index page"


class OrganisationPage(BasePage):
    """A partner's public profile. Its projects and case studies live beneath it."""

    organisation = models.OneToOneField(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="page"
    )
    description = models.TextField(help_text="What the organisation does, in plain English.")
    website = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wards = ParentalManyToManyField("core.Ward", blank=True, related_name="organisation_pages")

    parent_page_types = ["projects.PartnerIndexPage"]
    subpage_types = ["projects.ProjectPage", "casestudies.CaseStudyPage"]

    search_fields = [*BasePage.search_fields, index.SearchField("description")]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("organisation"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("wards", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = "organisation page"

    def get_listing_summary(self):
        return self.listing_summary or self.description


class ProjectIndexPage(BasePage):
    """/projects/: every live project, wherever it sits in the tree, filterable."""

    introduction = models.TextField(blank=True, max_length=1000)

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "project index page"


class ProjectPage(BasePage):
    """An ongoing project or service run by a partner organisation."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Running now"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"

    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        editable=False,
        help_text="Set from the organisation page the project sits under.",
    )
    summary = models.TextField(max_length=400, help_text="One or two sentences.")
    description = models.TextField(
        help_text="What the project does. Blank lines start paragraphs."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    wards = ParentalManyToManyField("core.Ward", blank=True, related_name="projects")
    who_it_is_for = models.TextField(blank=True)
    population_groups = ParentalManyToManyField(
        "core.PopulationGroup", blank=True, related_name="projects"
    )
    how_to_take_part = models.TextField("how to take part or get in touch", blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    funding = models.TextField(
        blank=True,
        help_text="Who funds it, e.g. the Health Equity Town Prize or the Collaboration Fund.",
    )
    principles = ParentalManyToManyField(
        "core.MarmotPrinciple", blank=True, related_name="projects"
    )
    priority_group = models.ForeignKey(
        "priorities.PriorityGroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )

    parent_page_types = ["projects.OrganisationPage"]
    subpage_types = []

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("who_it_is_for"),
        index.FilterField("status"),
        index.FilterField("priority_group"),
        index.FilterField("organisation"),
    ]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")]),
        MultiFieldPanel(
            [
                FieldPanel("who_it_is_for"),
                FieldPanel("population_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("wards", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Who and where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("how_to_take_part"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("website"),
            ],
            heading="Taking part",
        ),
        FieldPanel("funding"),
        MultiFieldPanel(
            [
                FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("priority_group"),
            ],
            heading="Marmot principles and priority",
        ),
        InlinePanel("images", label="Images"),
    ]

    class Meta:
        verbose_name = "project page"

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            parent = parent.specific
            if isinstance(parent, OrganisationPage):
                self.organisation_id = parent.organisation_id
        super().save(*args, **kwargs)


class ProjectPageImage(PageImage):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="images")
