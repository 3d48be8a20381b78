"""Applications from organisations that want to become partners.

An application is made on the public form at /partners/apply/ and decided by an editor
in the Wagtail admin (see ``portal.applications`` for what approval creates).
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

from .organisations import PartnerOrganisation, Sector

# Only web addresses: no javascript:, data:, ftp: or anything else a browser might run.
http_url_validator = URLValidator(schemes=["http", "https"])


def normalise_key(value):
    """Lower-case, single-spaced: how duplicates of one application are recognised."""
    return " ".join((value or "").split()).casefold()


class PartnerApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    organisation_name = models.CharField("organisation name", max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    registration_number = models.CharField(
        "charity or company number",
        max_length=40,
        blank=True,
        help_text="If your organisation is a registered charity or company.",
    )
    contact_name = models.CharField("contact name", max_length=150)
    contact_email = models.EmailField(
        "contact email",
        max_length=254,
        help_text="We will send the decision and, if approved, your sign-in link here.",
    )
    description = models.TextField(
        "what your organisation does",
        max_length=2000,
        help_text="A few sentences in plain English: who you work with and where in Luton. "
        "If approved, this starts your public profile.",
    )
    website = models.URLField(
        max_length=300,
        blank=True,
        validators=[http_url_validator],
        help_text="An address starting with http:// or https://",
    )
    wards = models.ManyToManyField(
        "core.Ward",
        blank=True,
        related_name="+",
        verbose_name="wards served",
        help_text="None means the organisation works across the whole town.",
    )

    name_key = models.CharField(max_length=200, editable=False)
    email_key = models.CharField(max_length=254, editable=False)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, editable=False
    )
    rejection_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        editable=False,
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_applications",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "partner application"
        permissions = [("review_partnerapplication", "Can approve or reject partner applications")]
        constraints = [
            # A second submit of the same application (double click, back button, resend)
            # cannot create a second pending row.
            models.UniqueConstraint(
                fields=["name_key", "email_key"],
                condition=Q(status="pending"),
                name="unique_pending_partner_application",
            )
        ]

    def __str__(self):
        return self.organisation_name

    def save(self, *args, **kwargs):
        self.name_key = normalise_key(self.organisation_name)
        self.email_key = normalise_key(self.contact_email)
        super().save(*args, **kwargs)

    def wards_served(self):
        """The wards chosen, by name, or "Across Luton" when there are none."""
        return ", ".join(ward.name for ward in self.wards.order_by("name")) or "Across Luton"

    wards_served.short_description = "wards served"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
