"""Hooks: clean every image before it is stored; keep the public-image marker current."""

import hashlib
import os

from django.apps import apps
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete, post_save, pre_save

from modelcluster.fields import ParentalKey
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Page, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import publication
from .metadata import clean_image_file, generated_name


def clean_uploaded_image(sender, instance, raw=False, **kwargs):
    """A new file on an image (admin, portal, code): strip its metadata, rename it.

    Runs before Django writes the file, so only the cleaned bytes ever reach storage.
    """
    field_file = instance.file
    if raw or not field_file or getattr(field_file, "_committed", True):
        return
    cleaned = clean_image_file(field_file.file)
    if cleaned is None:
        field_file.file.seek(0)
        data = field_file.file.read()
        extension = os.path.splitext(field_file.name or "")[1].lstrip(".").lower() or "bin"
    else:
        data, extension, size = cleaned
    instance.file = ContentFile(data, name=generated_name(extension))
    # Wagtail set these from the upload; the stored file is a different one.
    instance.file_size = len(data)
    instance.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    instance._hetsite_new_file = True
    if cleaned is not None:
        instance.width, instance.height = size


def image_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created and getattr(instance, "_hetsite_new_file", False):
        publication.image_file_changed(instance)
    instance._hetsite_new_file = False


def page_published_handler(sender, instance, **kwargs):
    publication.refresh_page(instance)


def page_unpublished_handler(sender, instance, **kwargs):
    publication.forget_page(instance)


def page_moved_handler(sender, instance, **kwargs):
    publication.refresh_subtree(instance)


def restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        publication.refresh_subtree(page)


def object_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        publication.forget_page(instance)


def public_object_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        publication.refresh_object(instance)


def public_object_deleted(sender, instance, **kwargs):
    publication.forget_object(instance)


def public_object_models():
    """Project models, other than pages and their inline parts, that can show images.

    Their saved content is what the public site shows (site settings, snippets), so
    saving one publishes its images. Models with drafts and the inline parts of pages
    are left to publishing.
    """
    image_model = get_image_model()
    found = []
    for model in apps.get_models():
        module = model.__module__
        if module.startswith(("wagtail.", "django.", "modelcluster.", "taggit.", "hetsite.media")):
            continue
        if issubclass(model, (Page, DraftStateMixin, Revision)):
            continue
        fields = model._meta.get_fields()
        if any(isinstance(f, ParentalKey) for f in fields):
            continue
        if any(
            (f.is_relation and f.many_to_one and f.related_model is image_model)
            or hasattr(f, "extract_references")
            for f in fields
        ):
            found.append(model)
    return found


def build_public_images_once(**kwargs):
    """After the first migrate on a site with content: record its public images.

    Without this, every image of an existing site would answer 404 until the next
    publish. Later runs find rows and do nothing.
    """
    from .models import PublicImage

    if not PublicImage.objects.exists() and Page.objects.live().filter(depth__gt=1).exists():
        publication.rebuild()


def connect():
    image_model = get_image_model()
    pre_save.connect(clean_uploaded_image, sender=image_model, dispatch_uid="hetsite-media-clean")
    post_save.connect(image_saved, sender=image_model, dispatch_uid="hetsite-media-image-saved")
    page_published.connect(page_published_handler, dispatch_uid="hetsite-media-published")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="hetsite-media-unpublished")
    post_page_move.connect(page_moved_handler, dispatch_uid="hetsite-media-moved")
    post_save.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="hetsite-media-pvr-save"
    )
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="hetsite-media-pvr-delete"
    )
    post_delete.connect(object_deleted, dispatch_uid="hetsite-media-deleted")
    for model in public_object_models():
        post_save.connect(public_object_saved, sender=model, dispatch_uid=f"hetsite-media-{model}")
        post_delete.connect(
            public_object_deleted, sender=model, dispatch_uid=f"hetsite-media-del-{model}"
        )
