"""Email addresses as keys: normalised, and a keyed hash that can be kept instead."""

import hashlib
import hmac

from django.conf import settings


def normalise(email):
    return (email or "").strip().lower()


def address_hash(email):
    """A keyed SHA-256 (HMAC) of the address: recognises it again, cannot be read back.

    The key is ``HETSITE_PRIVACY_HASH_KEY`` (falling back to ``SECRET_KEY``). Changing it
    makes earlier hashes unrecognisable, so set it once in production and keep it.
    """
    key = getattr(settings, "HETSITE_PRIVACY_HASH_KEY", "") or settings.SECRET_KEY
    return hmac.new(
        f"hetsite.privacy:{key}".encode(), normalise(email).encode(), hashlib.sha256
    ).hexdigest()
