from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from hetsite.core.languages import default_language, locale_id
from hetsite.core.localized import children_in_language, in_language
from hetsite.core.models import BasePage, IndexPage, PageImage
from hetsite.core.models.base import public_pages
from hetsite.core.navigation import site_section
from hetsite.core.validators import http_url_validator
from hetsite.i18n.content_language import WrittenInMixin
from hetsite.i18n.fields import SourceOnlyField, synchronised

from .organisations import PartnerOrganisation

# Partners type these fields in the portal, so the rules live here, not in one form.
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,38}$",
    _("Enter a phone number using digits, spaces, brackets, + and - only."),
)


def bounded_text(max_length, *args, **kwargs):
    """A TextField whose length limit the model enforces too, not only its forms."""
    return models.TextField(
        *args, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )


PARTNERS_PAGE_SIZE = 24
PROJECTS_PAGE_SIZE = 12


def safe_url(url):
    """``url`` if it is http(s); templates link only to these, whatever got stored."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


class PartnerIndexPage(IndexPage):
    """/partners/: the directory of partner organisations, filterable by sector and ward."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["projects.OrganisationPage"]

    class Meta:
        verbose_name = "partner index page"

    def get_context(self, request, *args, **kwargs):
        from hetsite.core.filters import build_listing
        from projects.filters import OrganisationFilter

        context = super().get_context(request, *args, **kwargs)
        organisations = (
            in_language(public_pages(OrganisationPage.objects.live()))
            .select_related("organisation", "logo")
            .prefetch_related("wards", "logo__renditions")
            .order_by(Lower("title"), "id")
        )
        context.update(
            build_listing(request, OrganisationFilter, organisations, PARTNERS_PAGE_SIZE)
        )
        return context


class OrganisationPage(BasePage):
    """A partner's public profile. Its projects and case studies live beneath it.

    Residents contact the organisation through its website: no member's personal
    details are shown.
    """

    # Only the English page links to the organisation (one page each); its translations
    # leave it empty and read it from the English page (``partner``).
    organisation = models.OneToOneField(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="page",
    )
    description = bounded_text(
        5000,
        help_text="What the organisation does, in plain English. Blank lines start paragraphs.",
    )
    website = models.URLField(blank=True, max_length=300, validators=[http_url_validator])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown with the organisation's name as its text alternative.",
    )
    wards = ParentalManyToManyField(
        "core.Ward",
        blank=True,
        related_name="organisation_pages",
        verbose_name="wards served",
        help_text="Leave blank if the organisation works across the whole town.",
    )
    # Shown on the page: loaded with it when it is served (HomePage.route).
    route_select_related = ("listing_image", "organisation")

    parent_page_types = ["projects.PartnerIndexPage"]
    subpage_types = ["projects.ProjectPage", "casestudies.CaseStudyPage"]

    exclude_fields_in_copy = ["organisation"]
    override_translatable_fields = [SourceOnlyField("organisation"), *synchronised("wards")]

    search_fields = [*BasePage.search_fields, index.SearchField("description")]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("organisation"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("wards", widget=forms.CheckboxSelectMultiple),
    ]

    # What the public API (/api/v2/organisations/) shows; the api app serialises them.
    api_fields = [
        APIField("listing_summary"),
        APIField("description"),
        APIField("website"),
        APIField("organisation"),
        APIField("wards"),
    ]

    class Meta:
        verbose_name = _("organisation page")

    def get_listing_summary(self):
        return self.listing_summary or self.description

    @property
    def safe_website(self):
        return safe_url(self.website)

    @cached_property
    def partner(self):
        """The organisation: this page's own, or (a translation) its English page's."""
        if self.organisation_id is not None or self.pk is None:
            return self.organisation
        english = (
            OrganisationPage.objects.filter(
                translation_key=self.translation_key, organisation__isnull=False
            )
            .select_related("organisation")
            .first()
        )
        return english.organisation if english is not None else None

    def is_translation(self):
        return self.locale_id is not None and self.locale_id != locale_id(default_language())

    def clean(self):
        super().clean()
        if self.organisation_id is None and not self.is_translation():
            raise ValidationError({"organisation": "Choose the organisation this page is for."})

    def save(self, *args, **kwargs):
        """A translation (or a copy wagtail-localize makes of this page as the parent of
        a translated project) never holds the organisation: its English page does."""
        if self.organisation_id is not None and self.is_translation():
            self.organisation = None
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "organisation"}
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Its projects and case studies, each list in a fixed number of queries.

        Everything is lazy: the template renders it inside a fragment cached per
        content version, so a warm page runs none of these queries.
        """
        context = super().get_context(request, *args, **kwargs)
        context["partner_index"] = site_section(request, PartnerIndexPage)
        context["project_index"] = site_section(request, ProjectIndexPage)
        if self.pk is None:  # a preview of an organisation page not yet saved
            context["projects"] = context["case_studies"] = []
            return context
        # Below this page or its English source (a translation has only the translated
        # projects below it), each in the reader's language.
        context["projects"] = public_pages(
            children_in_language(ProjectPage.objects.live(), self)
            .select_related("listing_image")
            .prefetch_related("wards", "listing_image__renditions")
            .order_by("title"),
        )
        # Case studies the organisation wrote (children) or was credited with by editors.
        # The model comes from the reverse relation: this app does not import that one.
        case_study_model = PartnerOrganisation._meta.get_field("case_studies").related_model
        context["case_studies"] = public_pages(
            in_language(case_study_model.objects.live())
            .filter(organisation_id=getattr(self.partner, "pk", None))
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("-year", "title"),
        )
        return context


class ProjectIndexPage(IndexPage):
    """/projects/: every live project, wherever it sits in the tree, filterable."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "project index page"

    def get_context(self, request, *args, **kwargs):
        from hetsite.core.filters import build_listing
        from projects.filters import ProjectFilter

        context = super().get_context(request, *args, **kwargs)
        # Newest first: residents come back to see what has started since their last
        # visit, searched or not (see hetsite.core.filters).
        projects = (
            in_language(public_pages(ProjectPage.objects.live()))
            .select_related("organisation", "listing_image")
            .prefetch_related("wards", "listing_image__renditions")
            .order_by("-first_published_at", "-id")
        )
        context.update(build_listing(request, ProjectFilter, projects, PROJECTS_PAGE_SIZE))
        return context


class ProjectPage(WrittenInMixin, BasePage):
    """An ongoing project or service run by a partner organisation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Running now")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")

    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        editable=False,
        help_text="Set from the organisation page the project sits under.",
    )
    summary = bounded_text(400, help_text="One or two sentences.")
    description = bounded_text(
        10000, help_text="What the project does. Blank lines start paragraphs."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave blank for a project with no planned end."
    )
    wards = ParentalManyToManyField(
        "core.Ward",
        blank=True,
        related_name="projects",
        help_text="Leave blank for a project open to the whole town.",
    )
    who_it_is_for = bounded_text(2000, blank=True)
    population_groups = ParentalManyToManyField(
        "core.PopulationGroup", blank=True, related_name="projects"
    )
    how_to_take_part = bounded_text(2000, "how to take part or get in touch", blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="A shared inbox for the project, not a person's own address."
    )
    contact_phone = models.CharField(max_length=40, blank=True, validators=[phone_validator])
    website = models.URLField(blank=True, max_length=300, validators=[http_url_validator])
    funding = bounded_text(
        1000,
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
    # Shown on the page: loaded with it when it is served (HomePage.route).
    route_select_related = ("listing_image", "priority_group")

    parent_page_types = ["projects.OrganisationPage"]
    subpage_types = []

    exclude_fields_in_copy = ["content_language"]
    override_translatable_fields = [
        *WrittenInMixin.content_language_translatable_fields,
        *synchronised("wards", "population_groups", "principles"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("who_it_is_for"),
        index.SearchField("how_to_take_part"),
        index.SearchField("funding"),
        index.FilterField("status"),
        index.FilterField("priority_group"),
        index.FilterField("organisation"),
    ]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("content_language"),
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

    # What the public API (/api/v2/projects/) shows; the api app serialises them. Not
    # the contact email or phone: the page shows them to people, the API does not hand
    # them out in bulk.
    api_fields = [
        APIField("listing_summary"),
        APIField("summary"),
        APIField("description"),
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("who_it_is_for"),
        APIField("how_to_take_part"),
        APIField("website"),
        APIField("funding"),
        APIField("organisation"),
        APIField("wards"),
        APIField("population_groups"),
        APIField("principles"),
        APIField("priority_group"),
    ]

    class Meta:
        verbose_name = _("project page")

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    @property
    def safe_website(self):
        return safe_url(self.website)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    def save(self, *args, **kwargs):
        self.organisation_id = organisation_id_from_parent(self, self.organisation_id)
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Everything the page shows about related pages, lazily, in a fixed number of
        queries: the template renders it inside a fragment cached per content version.
        """
        context = super().get_context(request, *args, **kwargs)
        context["project_index"] = site_section(request, ProjectIndexPage)
        context["today"] = timezone.localdate()
        context["gallery"] = self.images.select_related("image").prefetch_related(
            "image__renditions"
        )
        if self.pk is None:  # a preview of a project page not yet saved
            context["related_case_studies"] = []
            return context
        # Case studies naming this project or any of its translations, in the reader's
        # language (a translated case study may still name the English project).
        case_study_model = self._meta.get_field("case_studies").related_model
        context["related_case_studies"] = public_pages(
            in_language(case_study_model.objects.live())
            .filter(related_project__translation_key=self.translation_key)
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("-year", "title"),
        )
        return context


class ProjectPageImage(PageImage):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="images")


def organisation_id_from_parent(page, default=None):
    """The PartnerOrganisation id of the OrganisationPage ``page`` sits under, if any.

    Ownership is a question of the tree: a project or case study under an organisation's
    page belongs to that organisation. One query, on the parent's path.
    """
    if not page.path:
        return default
    parent_path = page.path[: -page.steplen]
    organisation_id = (
        OrganisationPage.objects.filter(path=parent_path)
        .values_list("organisation_id", flat=True)
        .first()
    )
    return organisation_id if organisation_id is not None else default
