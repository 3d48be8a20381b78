"""Uploaded media: photo privacy and how media files are served.

- ``metadata``: every uploaded image loses its EXIF/GPS/XMP/IPTC metadata (orientation
  applied first) and gets a generated file name, in the admin and the portal alike.
- ``publication``: which images the public may fetch (those on the live content of live,
  public pages), kept up to date when pages are published, unpublished, moved, made
  private or deleted.
- ``views``: renditions are served through a view that checks that, and in production
  hand the bytes to nginx (X-Accel-Redirect). Originals are never served.
- ``storage``: uploads are written to a temporary name and renamed, so a full disk
  leaves no partial file.
"""
