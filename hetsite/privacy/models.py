"""What the privacy app keeps itself: unsubscribed addresses as hashes, and its audit trail.

Neither model ever holds an email address.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SuppressedAddress(models.Model):
    """An address that unsubscribed, kept only as a keyed hash with the date.

    The subscriber's row (address, consent record, deliveries) is deleted by the
    retention purge; this is what is left, so we can show that (and when) the address
    unsubscribed. Only a new sign-up the person confirms brings the address back, and
    confirming deletes this record (``retention.on_subscriber_saved``).
    """

    address_hash = models.CharField(max_length=64, unique=True)
    unsubscribed_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "unsubscribed address (hashed)"
        verbose_name_plural = "unsubscribed addresses (hashed)"

    def __str__(self):
        return f"{self.address_hash[:12]}… unsubscribed {self.unsubscribed_at:%Y-%m-%d}"


class PrivacyRequest(models.Model):
    """An export or erasure of one person's data: who did it, when, and what it covered.

    The person is recorded as a keyed hash of their address (see ``addresses``), never
    the address itself.
    """

    class Action(models.TextChoices):
        EXPORT = "export", "Export"
        ERASE = "erase", "Erasure"

    action = models.CharField(max_length=10, choices=Action.choices)
    address_hash = models.CharField(max_length=64, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    counts = models.JSONField(default=dict, blank=True, help_text="What was found or removed.")

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ()
        permissions = [
            ("export_personal_data", "Can export a person's data"),
            ("erase_personal_data", "Can erase a person's data"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} for {self.address_hash[:12]}…"
