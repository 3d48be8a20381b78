"""Keep each translated page's TranslationRecord in step with wagtail-localize.

wagtail-localize writes a TranslationLog each time it creates or updates a translation
from its source (when a translator saves, publishes or imports a PO file, or an editor
syncs the translations after changing the English page). Each log names the source as
it was last extracted, so the record notes the English revision that extraction read.
"""

from django.db.models.signals import post_save

from wagtail.models import Page


def source_revision_for(source_page, extracted_at):
    """The English revision current when its content was extracted for translation."""
    return (
        source_page.revisions.filter(created_at__lte=extracted_at)
        .order_by("-created_at", "-pk")
        .first()
    )


def record_translation(sender, instance, created, **kwargs):
    from .models import TranslationRecord

    if not created:
        return
    source = instance.source
    source_page = source.get_source_instance()
    if not isinstance(source_page, Page):
        return
    translated = (
        Page.objects.filter(translation_key=source_page.translation_key, locale=instance.locale)
        .only("id")
        .first()
    )
    if translated is None:
        return
    record, _ = TranslationRecord.objects.get_or_create(
        page_id=translated.pk, defaults={"source_page": source_page}
    )
    record.source_page = source_page
    record.source_revision = source_revision_for(source_page, source.last_updated_at)
    record.save()


def connect():
    from wagtail_localize.models import TranslationLog

    post_save.connect(record_translation, sender=TranslationLog, dispatch_uid="hetsite-i18n-log")
