"""Bring images stored before hetsite.media up to its rules, and rebuild the public list.

Images whose original still has its upload's name (stored before metadata stripping
was added) are re-encoded without metadata under a generated name; their renditions
and old file are deleted (Wagtail makes new ones on demand). Then the list of images
the public may fetch is rebuilt from the live content. A second run changes nothing.
"""

import re

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.images import get_image_model

from hetsite.media import publication
from hetsite.media.metadata import NAME_BYTES

GENERATED = re.compile(rf"original_images/[0-9a-f]{{{NAME_BYTES * 2}}}\.\w+")


class Command(BaseCommand):
    help = "Strip metadata from images stored under their upload's name; rebuild public list."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would change.")

    def handle(self, *args, dry_run=False, **options):
        cleaned = 0
        for image in get_image_model().objects.order_by("pk").iterator(chunk_size=100):
            if GENERATED.fullmatch(image.file.name):
                continue
            cleaned += 1
            self.stdout.write(f"{'Would clean' if dry_run else 'Cleaning'} image {image.pk}")
            if not dry_run:
                self.clean(image)
        if not dry_run:
            publication.rebuild()
        self.stdout.write(f"{cleaned} image(s) {'to clean' if dry_run else 'cleaned'}.")

    def clean(self, image):
        old_name = image.file.name
        storage = image.file.storage
        with image.open_file() as f:
            data = f.read()
        with transaction.atomic():
            image.file = ContentFile(data, name="upload")  # the pre_save hook renames it
            image.save()
            image.renditions.all().delete()
        storage.delete(old_name)
