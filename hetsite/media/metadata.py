"""Strip metadata from uploaded images and give them names that reveal nothing.

A phone photo carries its place (GPS), time, camera serial number and sometimes the
owner's name in EXIF, XMP, IPTC or comment blocks, and Willow copies EXIF into every
rendition. ``clean_image_file`` re-encodes the picture with none of that: the EXIF
orientation is applied to the pixels first, so the picture still looks the right way
up. The ICC colour profile is kept when it is a small, valid profile: it describes
colours, not the photo or who took it, and dropping it would shift the colours of
wide-gamut phone photos.
"""

import io
import logging
import secrets

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

logger = logging.getLogger(__name__)

# Format -> (file extension, Pillow save options).
FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": False}),
    "WEBP": ("webp", {"quality": 90}),
    "GIF": ("gif", {}),
}
# Image information that is about the pixels, not about the photo: kept.
PIXEL_INFO = {"transparency", "duration", "loop", "background"}
MAX_ICC_PROFILE_BYTES = 64 * 1024
# Long enough not to be guessed (64 bits), short enough that Wagtail never truncates it
# in a rendition's name (it keeps the first 59 characters less the filter spec).
NAME_BYTES = 8
ORIENTATION = 0x0112


def generated_name(extension):
    return f"{secrets.token_hex(NAME_BYTES)}.{extension}"


def harmless_icc_profile(data):
    if not data or len(data) > MAX_ICC_PROFILE_BYTES:
        return None
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, TypeError, ValueError, ImageCms.PyCMSError):
        return None
    return data


def clean_image_file(fileobj):
    """Return ``(bytes, extension, (width, height))`` for ``fileobj`` without metadata.

    Returns None when Pillow cannot read it (the upload forms refuse such files before
    they get here).
    """
    fileobj.seek(0)
    try:
        source = PILImage.open(fileobj)
        source.load()
    except (OSError, ValueError, PILImage.DecompressionBombError):
        logger.warning("Could not read an uploaded image to remove its metadata")
        return None
    fmt = source.format if source.format in FORMATS else "PNG"
    extension, options = FORMATS[fmt]
    options = dict(options)
    icc_profile = harmless_icc_profile(source.info.get("icc_profile"))
    kept_info = {k: v for k, v in source.info.items() if k in PIXEL_INFO}
    animated = getattr(source, "is_animated", False)

    rotated = not animated and source.getexif().get(ORIENTATION, 1) in range(2, 9)
    picture = ImageOps.exif_transpose(source) if rotated else source
    if picture is source and fmt == "JPEG":
        # Not rotated: keep the JPEG's own quantisation, so re-encoding loses nothing
        # visible and the file does not grow.
        options.update(quality="keep", subsampling="keep")
    elif picture is not source:
        picture.format = source.format
    # Pillow also reads some metadata (comments, XMP) from ``info`` when saving.
    picture.info = kept_info
    if icc_profile:
        options["icc_profile"] = icc_profile
    if animated:
        options["save_all"] = True
    if fmt == "JPEG" and picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue(), extension, picture.size
