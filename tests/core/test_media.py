"""Photo privacy: metadata stripped, names generated, drafts' and originals' files hidden.

A partner uploads a phone photo (GPS and camera data in its EXIF) through the portal;
nothing served or stored keeps that data, the stored name does not reveal the upload's,
its renditions answer 404 to the public until an editor approves the page, and the
original never has a URL that answers.
"""

import io
import re

import pytest
from PIL import ExifTags
from PIL import Image as PILImage

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction

from hetsite.media.models import PublicImage
from projects.models import ProjectPage
from tests import factories
from tests.projects.portal import factories as pf

UPLOAD_NAME = "alice-smith-home-address"
GPS_LATITUDE = (51.0, 52.0, 48.0)
RENDITION_URL = re.compile(r'src="(/media/images/[^"]+)"')


def gps_jpeg(size=(64, 32), orientation=6):
    """A camera-like JPEG: GPS position, camera make, owner, comment, XMP, rotated."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Artist] = "Alice Smith"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 25.0, 1.0)
    buf = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(
        buf, "JPEG", exif=exif, comment=b"Alice Smith", xmp=b"<x:xmpmeta>Alice Smith</x:xmpmeta>"
    )
    data = buf.getvalue()
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def assert_no_metadata(data):
    picture = PILImage.open(io.BytesIO(data))
    exif = picture.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert len(exif) == 0
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"} & set(picture.info)
    assert b"Alice Smith" not in data
    assert b"PhoneCo" not in data


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def org(db):
    return pf.organisation("Organisation A")


@pytest.fixture
def member(org):
    return pf.member(org, "member-a")


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(factories.editor())
    return client


def upload_through_portal(member_client, action="save"):
    upload = SimpleUploadedFile(f"{UPLOAD_NAME}.jpg", gps_jpeg(), content_type="image/jpeg")
    response = member_client.post(
        reverse("projects:portal_project_new"),
        {**pf.project_post_data(action=action), "new-image": upload, "new-alt_text": "A walk"},
    )
    assert response.status_code == 302, response.content[:2000]
    return ProjectPage.objects.get(title="Walk and talk"), get_image_model().objects.get()


def rendition_urls(html):
    urls = RENDITION_URL.findall(html.decode())
    assert urls, "the page shows no image"
    return urls


def test_portal_upload_is_stored_without_metadata_under_a_generated_name(member_client):
    _, image = upload_through_portal(member_client)

    assert re.fullmatch(r"original_images/[0-9a-f]{16}\.jpg", image.file.name)
    assert UPLOAD_NAME not in image.file.name and "alice" not in image.file.name
    with default_storage.open(image.file.name) as f:
        stored = f.read()
    assert_no_metadata(stored)
    # The camera's orientation (6: rotate 90°) is applied to the pixels.
    assert (image.width, image.height) == (32, 64)
    assert PILImage.open(io.BytesIO(stored)).size == (32, 64)
    # Wagtail's size and hash describe the stored file, not the upload.
    assert image.file_size == len(stored)
    image.file_hash = ""
    image._set_file_hash()
    assert get_image_model().objects.get().file_hash == image.file_hash

    rendition = image.get_rendition("max-800x600")
    assert rendition.file.name.startswith(f"images/{image.file.name[16:32]}.")
    with default_storage.open(rendition.file.name) as f:
        assert_no_metadata(f.read())


def test_draft_images_are_hidden_until_approved_then_public(member_client, member, editor_client):
    page, image = upload_through_portal(member_client, action="submit")
    preview = member_client.get(reverse("projects:portal_page_preview", args=[page.pk]))
    draft_urls = rendition_urls(preview.content)
    anonymous = Client()

    for url in draft_urls:
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert "no-store" in response["Cache-Control"]
        # The member and editors still see the draft's images (portal, preview, admin).
        for client in (member_client, editor_client):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "private" in response["Cache-Control"]
            assert_no_metadata(body(response))
    # A member of another organisation does not.
    outsider = Client()
    outsider.force_login(pf.member(pf.organisation("Organisation B"), "member-b"))
    assert outsider.get(draft_urls[0]).status_code == 404

    assert pf.admin_action(editor_client, page, "approve").status_code == 302
    page = pf.fresh(page)
    assert page.live
    public_urls = rendition_urls(anonymous.get(page.url).content)
    for url in public_urls + draft_urls:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"
        assert "public" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert_no_metadata(body(response))

    # The original has no URL that answers, for anyone.
    for client in (anonymous, member_client, editor_client):
        assert client.get(f"/media/{image.file.name}").status_code == 404
        assert client.get(image.file.url).status_code == 404


def test_public_rendition_costs_one_query(member_client, editor_client, django_assert_num_queries):
    page, image = upload_through_portal(member_client, action="submit")
    pf.admin_action(editor_client, page, "approve")
    url = image.get_rendition("fill-480x270").url
    with django_assert_num_queries(1):
        assert Client().get(url).status_code == 200


def test_unpublished_private_and_deleted_pages_hide_their_images(member_client, editor_client):
    page, image = upload_through_portal(member_client, action="submit")
    pf.admin_action(editor_client, page, "approve")
    url = image.get_rendition("max-800x600").url
    anonymous = Client()
    assert anonymous.get(url).status_code == 200

    pf.fresh(page).unpublish()
    assert anonymous.get(url).status_code == 404

    page = pf.fresh(page)
    page.save_revision().publish()
    assert anonymous.get(url).status_code == 200
    # A private section (password or sign-in) hides its pages' images too.
    restriction = PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert anonymous.get(url).status_code == 404
    restriction.delete()
    assert anonymous.get(url).status_code == 200

    Page.objects.get(pk=page.pk).delete()
    assert anonymous.get(url).status_code == 404
    assert not PublicImage.objects.exists()


def test_a_live_pages_unapproved_new_image_stays_hidden(member_client, editor_client, org):
    """A draft of a live page adds a photo: the live page's images stay public, it does not."""
    page = pf.project(org, title="Walk and talk", publish=True)
    upload = SimpleUploadedFile("new.jpg", gps_jpeg(), content_type="image/jpeg")
    response = member_client.post(
        reverse("projects:portal_page_edit", args=[page.pk]),
        {**pf.project_post_data(), "new-image": upload, "new-alt_text": "New"},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    url = image.get_rendition("max-800x600").url
    assert Client().get(url).status_code == 404
    assert member_client.get(url).status_code == 200


def test_admin_upload_is_stripped_and_renamed(editor_client):
    upload = SimpleUploadedFile(f"{UPLOAD_NAME}.jpg", gps_jpeg(), content_type="image/jpeg")
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200, response.content[:500]
    image = get_image_model().objects.get()
    assert UPLOAD_NAME not in image.file.name
    assert re.fullmatch(r"original_images/[0-9a-f]{16}\.jpg", image.file.name)
    with default_storage.open(image.file.name) as f:
        assert_no_metadata(f.read())
    # Not on any page yet: the public gets 404, the editor the (clean) thumbnail.
    url = image.get_rendition("max-165x165").url
    assert Client().get(url).status_code == 404
    assert_no_metadata(body(editor_client.get(url)))


def test_png_text_chunks_are_removed_and_transparency_kept(db):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Alice Smith")
    buf = io.BytesIO()
    PILImage.new("RGBA", (8, 8), (0, 0, 0, 0)).save(buf, "PNG", pnginfo=info)
    image = get_image_model().objects.create(
        title="Logo", file=SimpleUploadedFile("logo.png", buf.getvalue())
    )
    with default_storage.open(image.file.name) as f:
        data = f.read()
    assert_no_metadata(data)
    assert PILImage.open(io.BytesIO(data)).getpixel((0, 0)) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "name", ["../original_images/x.jpg", "x", ".htaccess", "a/b.jpg", "x.jpg%00.png"]
)
def test_odd_names_are_not_found(db, name):
    assert Client().get(f"/media/images/{name}").status_code == 404


def test_clean_images_fixes_images_stored_before_and_is_idempotent(
    org, django_capture_on_commit_callbacks
):
    """Images stored before this change: GPS and upload name, no public marker."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    Image = get_image_model()
    legacy_name = f"original_images/{UPLOAD_NAME}.jpg"
    legacy_name = default_storage.save(legacy_name, ContentFile(gps_jpeg()))
    # bulk_create: stored as before this change, without the cleaning hook.
    Image.objects.bulk_create(
        [Image(title="Old", file=legacy_name, width=64, height=32, file_size=1)]
    )
    image = Image.objects.get()  # bulk_create on SQLite returns no pk
    page = pf.project(org, title="Old project", publish=False)
    page.listing_image = image
    page.save_revision().publish()
    PublicImage.objects.all().delete()
    old_rendition = image.get_rendition("max-800x600")

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes files on commit
        call_command("clean_images", stdout=out)
    assert "1 image(s) cleaned" in out.getvalue()
    image.refresh_from_db()
    assert re.fullmatch(r"original_images/[0-9a-f]{16}\.jpg", image.file.name)
    assert not default_storage.exists(legacy_name)
    # Its old renditions are gone (Wagtail deletes their files in a task).
    assert not image.renditions.filter(pk=old_rendition.pk).exists()
    assert Client().get(old_rendition.url).status_code == 404
    with default_storage.open(image.file.name) as f:
        assert_no_metadata(f.read())
    assert (image.width, image.height) == (32, 64)
    response = Client().get(image.get_rendition("max-800x600").url)
    assert response.status_code == 200
    assert_no_metadata(body(response))

    out = io.StringIO()
    call_command("clean_images", stdout=out)
    assert "0 image(s) cleaned" in out.getvalue()


def test_images_in_streamfield_rich_text_and_fields_are_public_once_published(db):
    from wagtail.rich_text import RichText

    from tests.core import factories as core_factories

    block_image, embedded, listing, unused = (factories.image(title=t) for t in "ABCD")
    rich = RichText(
        f'<p>Text</p><embed alt="x" embedtype="image" format="left" id="{embedded.pk}"/>'
    )
    page = core_factories.standard_page(
        title="About",
        publish=False,
        listing_image=listing,
        body=[*core_factories.every_block_body(image=block_image), ("paragraph", rich)],
    )
    urls = {i.title: i.get_rendition("max-100x100").url for i in (block_image, embedded, listing)}
    urls["D"] = unused.get_rendition("max-100x100").url
    anonymous = Client()
    assert {t: anonymous.get(u).status_code for t, u in urls.items()} == dict.fromkeys("ABCD", 404)
    page.save_revision().publish()
    assert {t: anonymous.get(u).status_code for t, u in urls.items()} == {
        "A": 200,
        "B": 200,
        "C": 200,
        "D": 404,
    }
