"""A full disk: the uploader is told so by the field, nothing is saved, no partial file.

The disk is really full: a 64 KB tmpfs mounted as MEDIA_ROOT (needs root; skipped with
the reason otherwise). The same checks also run where mounting is not allowed, with the
kernel refusing the write through a file-size limit (RLIMIT_FSIZE, EFBIG).
"""

import contextlib
import io
import os
import random
import resource
import signal
import subprocess  # noqa: S404
import tempfile
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Page

from hetsite.media.storage import AtomicFileSystemStorage
from portal.views import STORAGE_FULL_MESSAGE
from tests.projects.portal import factories as pf

TMPFS_SIZE = 64 * 1024


def noisy_jpeg(side=400):
    """A photo-like JPEG of about 190 KB (noise does not compress)."""
    rng = random.Random(10)  # noqa: S311 - test data
    picture = PILImage.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buf = io.BytesIO()
    picture.save(buf, "JPEG", quality=95)
    assert len(buf.getvalue()) > 2 * TMPFS_SIZE
    return buf.getvalue()


@contextlib.contextmanager
def full_tmpfs():
    root = tempfile.mkdtemp(prefix="hetsite-media-full-")
    result = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE},mode=0755", "tmpfs", root],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    if result.returncode != 0:
        os.rmdir(root)
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}); see the FSIZE tests")
    try:
        yield Path(root)
    finally:
        subprocess.run(["umount", root], timeout=20, check=True)  # noqa: S603, S607
        os.rmdir(root)


@contextlib.contextmanager
def file_size_limit(limit):
    """Writes past ``limit`` bytes fail with EFBIG, as the kernel does on a full quota."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@contextlib.contextmanager
def small_disk(kind):
    if kind == "tmpfs":
        with full_tmpfs() as root:
            yield root
    else:
        with tempfile.TemporaryDirectory(prefix="hetsite-media-fsize-") as root:
            with file_size_limit(TMPFS_SIZE):
                yield Path(root)


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def use_disk(settings, root):
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "hetsite.media.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }


@pytest.mark.parametrize("kind", ["tmpfs", "fsize"])
def test_full_disk_upload_says_so_by_the_field_and_saves_nothing(db, settings, kind):
    org = pf.organisation("Organisation A")
    client = Client()
    client.force_login(pf.member(org, "member-a"))
    pages_before = Page.objects.count()
    upload = SimpleUploadedFile("walk.jpg", noisy_jpeg(), content_type="image/jpeg")
    with small_disk(kind) as root:
        use_disk(settings, root)
        response = client.post(
            reverse("projects:portal_project_new"),
            {**pf.project_post_data(), "new-image": upload, "new-alt_text": "Walkers"},
        )
        left = files_under(root)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.context["upload_form"].errors["image"] == [STORAGE_FULL_MESSAGE]
    assert str(STORAGE_FULL_MESSAGE) in response.content.decode()
    assert not get_image_model().objects.exists()
    assert Page.objects.count() == pages_before
    assert left == []


@pytest.mark.parametrize("kind", ["tmpfs", "fsize"])
def test_storage_removes_the_partial_file_and_keeps_working(kind):
    with small_disk(kind) as root:
        storage = AtomicFileSystemStorage(location=root)
        with pytest.raises(OSError) as failure:
            storage.save("images/big.bin", ContentFile(b"x" * (2 * TMPFS_SIZE)))
        assert files_under(root) == []
        name = storage.save("images/small.bin", ContentFile(b"y" * 1000))
        again = storage.save("images/small.bin", ContentFile(b"z" * 1000))
        assert name == "images/small.bin" and again != name
        assert files_under(root) == sorted([name, again])
        assert (Path(root) / name).read_bytes() == b"y" * 1000
        # Readable by the web server, like Django's own storage (umask applies).
        assert (Path(root) / name).stat().st_mode & 0o044
    assert failure.value.errno in {28, 27}  # ENOSPC on tmpfs, EFBIG over the limit


def test_full_disk_admin_upload_is_a_clear_503_with_nothing_saved(db, settings):
    from wagtail.models import Collection

    from tests import factories

    client = Client()
    client.force_login(factories.editor())
    upload = SimpleUploadedFile("walk.jpg", noisy_jpeg(), content_type="image/jpeg")
    with small_disk("fsize") as root:
        use_disk(settings, root)
        # A savepoint stands in for autocommit: the test itself runs in a transaction.
        with transaction.atomic():
            response = client.post(
                reverse("wagtailimages:add_multiple"),
                {"files[]": upload, "collection": Collection.get_first_root_node().pk},
            )
        left = files_under(root)
    assert response.status_code == 503
    assert b"file storage is full" in response.content
    assert not get_image_model().objects.exists()
    assert left == []
