from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationRecord(models.Model):
    """What a translated page follows: the revision of its English source it was made
    from, and whether a qualified translator has checked it yet.

    Written whenever a translation is created or updated from its source (see
    ``signals``); the page is out of date when its English source has been published
    again since that revision.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_record"
    )
    source_page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision of the English page this translation was made from.",
    )
    awaiting_review = models.BooleanField(
        default=False,
        help_text="Shown to readers as a notice: not yet checked by a qualified translator.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation record")

    def __str__(self):
        return f"{self.page} ← {self.source_page}"

    @property
    def is_out_of_date(self):
        """The English page has been published since the revision this follows."""
        live = self.source_page.live_revision
        if live is None:
            return False
        if self.source_revision is None:
            return True
        return live.pk != self.source_revision_id and live.created_at > (
            self.source_revision.created_at
        )
