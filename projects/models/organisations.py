from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Sector(models.TextChoices):
    VCSFE = "vcsfe", _("Voluntary, community, faith or social enterprise")
    NHS = "nhs", _("NHS")
    COUNCIL = "council", _("Council")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("Education")


class PartnerOrganisation(index.Indexed, models.Model):
    """An approved partner. Its members are the users in ``group``.

    The public profile (description, website, logo, wards served) lives on the
    organisation's OrganisationPage so that partner edits to it are reviewed like any
    other page. This record holds what only editors change.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    registration_number = models.CharField("charity or company number", max_length=40, blank=True)
    group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_organisation",
        help_text="Members of this group can sign in to the partner portal for the organisation.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive organisations cannot sign in to the portal."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sector"),
        FieldPanel("registration_number"),
        FieldPanel("group"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)
