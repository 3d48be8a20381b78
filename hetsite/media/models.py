from django.contrib.contenttypes.models import ContentType
from django.db import models


class PublicImage(models.Model):
    """One reason an image may be fetched by anyone: the live content that shows it.

    A row exists for each (image, source) pair where the source is a live page outside
    any private section (or another object shown on the public site) and its *live*
    content uses the image. An image with no row is private: only editors and the
    partners who own it can fetch its renditions. ``file_stem`` is the start of every
    rendition's file name, so the media view finds a rendition's image in one indexed
    query.
    """

    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    file_stem = models.CharField(max_length=255, db_index=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "source_type", "source_id"], name="unique_public_image_use"
            )
        ]

    def __str__(self):
        return f"Image {self.image_id} shown by {self.source_type_id}:{self.source_id}"
