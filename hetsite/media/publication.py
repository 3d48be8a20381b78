"""Which images the public may fetch, kept in step with publishing.

An image is public while the live content of a live page outside any private section
uses it (a field, an inline image, a StreamField block or rich text), or a non-page
object shown on the public site does. The marker is written when content is
published, never from drafts: Wagtail's reference index records whatever a page row
holds, and a new page that has never been published holds its draft there.
"""

import os

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from .models import PublicImage


def file_stem(file_name):
    """The part of an original's file name that every rendition's name starts with."""
    return os.path.splitext(os.path.basename(file_name))[0]


def _source_key(obj):
    return ContentType.objects.get_for_model(obj, for_concrete_model=True), str(obj.pk)


def _page_source_key(page):
    return ContentType.objects.get_for_model(Page), str(page.pk)


def image_ids_used_by(obj):
    """Ids of the images ``obj`` (as it is in memory, children included) refers to."""
    image_type_id = ContentType.objects.get_for_model(get_image_model()).pk
    return {
        int(object_id)
        for content_type_id, object_id, _, _ in ReferenceIndex._extract_references_from_object(obj)
        if content_type_id == image_type_id
    }


def _set_images(source_type, source_id, image_ids):
    with transaction.atomic():
        current = PublicImage.objects.filter(source_type=source_type, source_id=source_id)
        current.exclude(image_id__in=image_ids).delete()
        missing = set(image_ids) - set(current.values_list("image_id", flat=True))
        files = get_image_model().objects.filter(pk__in=missing).values_list("pk", "file")
        PublicImage.objects.bulk_create(
            [
                PublicImage(
                    image_id=pk,
                    file_stem=file_stem(name),
                    source_type=source_type,
                    source_id=source_id,
                )
                for pk, name in files
            ],
            ignore_conflicts=True,
        )


def is_public_page(page):
    return page.live and Page.objects.filter(pk=page.pk).live().public().exists()


def refresh_page(page):
    """Record the images of ``page``'s live content, or none if it is not public.

    ``page`` must hold the live content: the object Wagtail publishes, or a page row
    read from the database while the page is live (its row is the live version).
    """
    if hasattr(page, "specific") and type(page) is Page:
        page = page.specific
    source_type, source_id = _page_source_key(page)
    image_ids = image_ids_used_by(page) if is_public_page(page) else set()
    _set_images(source_type, source_id, image_ids)


def refresh_subtree(page):
    """After a move or a privacy change: every page at and below ``page``."""
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        refresh_page(descendant)


def forget_page(page):
    source_type, source_id = _page_source_key(page)
    PublicImage.objects.filter(source_type=source_type, source_id=source_id).delete()


def refresh_object(obj):
    """A non-page object shown on the public site (a setting, a snippet)."""
    source_type, source_id = _source_key(obj)
    _set_images(source_type, source_id, image_ids_used_by(obj))


def forget_object(obj):
    source_type, source_id = _source_key(obj)
    PublicImage.objects.filter(source_type=source_type, source_id=source_id).delete()


def image_file_changed(image):
    """An original replaced in the admin: its renditions now start with the new stem."""
    stem = file_stem(image.file.name)
    PublicImage.objects.filter(image_id=image.pk).exclude(file_stem=stem).update(file_stem=stem)


def rebuild():
    """Recompute every marker from the live content (after a restore or an upgrade)."""
    from .signals import public_object_models

    PublicImage.objects.all().delete()
    for page in Page.objects.live().public().specific().iterator(chunk_size=200):
        refresh_page(page)
    for model in public_object_models():
        for obj in model._default_manager.iterator(chunk_size=200):
            refresh_object(obj)


def is_public_rendition(stem, rendition_path):
    """One indexed query in the usual case, a second only for a shortened name."""
    if PublicImage.objects.filter(file_stem=stem).exists():
        return True
    # Wagtail shortens a rendition's name when the filter spec is long, cutting the stem.
    Rendition = get_image_model().get_rendition_model()
    return Rendition.objects.filter(
        file=rendition_path,
        image_id__in=PublicImage.objects.values("image_id"),
    ).exists()
