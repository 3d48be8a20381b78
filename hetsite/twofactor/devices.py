"""Two-factor sign-in for the Wagtail admin, on django-otp's devices.

Each person has at most one authenticator app (a confirmed ``TOTPDevice``) and one set
of recovery codes (a ``StaticDevice``; a code is deleted when used, so it works once).
Nothing here has its own model: django-otp stores the devices.

Why not wagtail-2fa: its latest release (1.8.0) imports ``wagtail.users.widgets``,
which Wagtail 8 no longer has, has one site-wide "required" switch (not "required for
administrators") and no recovery codes.
"""

import base64

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth import get_permission_codename, get_user_model
from django.db import transaction

from hetsite.core.groups import SITE_ADMINS_GROUP

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def is_administrator(user):
    return user.is_superuser or user.groups.filter(name=SITE_ADMINS_GROUP).exists()


def is_required_for(user):
    """Must this person set up two-factor sign-in before using the admin?"""
    return bool(getattr(settings, "HETSITE_REQUIRE_2FA_FOR_ADMINS", False)) and (
        is_administrator(user)
    )


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user):
    """The authenticator app being set up (unconfirmed), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def manual_key(device):
    """The secret as people type it into an app: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The otpauth:// link as an inline SVG QR code (drawn here, no third party)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def new_recovery_codes(user):
    """Replace the person's recovery codes; the only time the codes can be read."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def confirm_app(device, token):
    """Confirm a pending app with its first code. Returns True when it matched."""
    if not device.verify_token(clean_token(token)):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def clean_token(token):
    return "".join(str(token or "").split()).lower()


def match(user, token):
    """The device (app or recovery codes) that accepts ``token``, or None."""
    token = clean_token(token)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def remove_all(user):
    """Turn two-factor sign-in off for ``user`` (their app and recovery codes)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def can_reset(actor, target):
    """May ``actor`` turn off ``target``'s two-factor sign-in (e.g. a lost phone)?

    As Wagtail decides who may edit or delete a user: people who can change user
    accounts, never on themselves (they do it from their own account page, after
    verifying), and only superusers on a superuser.
    """
    User = get_user_model()
    perm = f"{User._meta.app_label}.{get_permission_codename('change', User._meta)}"
    if not actor.is_authenticated or actor.pk == target.pk:
        return False
    if not actor.has_perm(perm) or not actor.has_perm("wagtailadmin.access_admin"):
        return False
    if target.is_superuser and not actor.is_superuser:
        return False
    return True
