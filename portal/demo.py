"""Demo partner login: ``partner`` for GoodGym Luton.

Runs after the projects demo (INSTALLED_APPS order), which makes the organisation.

Idempotent: running it again changes nothing. Only made when demo users are wanted.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hetsite.core.demo import DEMO_PASSWORD
from projects.models import PartnerOrganisation
from projects.moderation import PARTNER_GROUP_PREFIX

from .applications import silence_admin_notifications

DEMO_ORGANISATION_SLUG = "goodgym-luton"
DEMO_USERNAME = "partner"


def load(ctx):
    if not ctx.with_users:
        return
    organisation = PartnerOrganisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).first()
    if organisation is None:
        ctx.log("GoodGym Luton is not in the demo content: no demo partner login made")
        return
    if organisation.group is None:
        organisation.group, _ = Group.objects.get_or_create(
            name=f"{PARTNER_GROUP_PREFIX}{organisation.name}"
        )
        organisation.save(update_fields=["group"])
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={
            "email": "partner@example.org",
            "first_name": "Demo",
            "last_name": "Partner",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(organisation.group)
    silence_admin_notifications(user)
    ctx.login_lines.append(
        f"  Partner (GoodGym Luton): {DEMO_USERNAME} / {DEMO_PASSWORD}   (/partners/portal/)"
    )
