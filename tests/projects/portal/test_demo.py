from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from hetsite.core.demo import DEMO_PASSWORD
from portal.demo import load as load_members
from projects.models import PartnerOrganisation

from . import factories as pf


class Ctx:
    def __init__(self, with_users=True):
        self.with_users = with_users
        self.login_lines = []
        self.messages = []

    def log(self, message):
        self.messages.append(message)


def test_demo_partner_login_is_idempotent(db):
    org = pf.organisation("GoodGym Luton")
    PartnerOrganisation.objects.filter(pk=org.pk).update(slug="goodgym-luton", group=None)
    for _ in range(2):
        ctx = Ctx()
        load_members(ctx)
    User = get_user_model()
    assert User.objects.filter(username="partner").count() == 1
    assert ctx.login_lines == [
        f"  Partner (GoodGym Luton): partner / {DEMO_PASSWORD}   (/partners/portal/)"
    ]
    client = Client()
    response = client.post(
        reverse("projects:portal_login"), {"username": "partner", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert b"GoodGym Luton" in client.get(reverse("projects:portal_dashboard")).content


def test_no_demo_login_without_demo_users(db):
    pf.organisation("GoodGym Luton")
    load_members(Ctx(with_users=False))
    assert not get_user_model().objects.filter(username="partner").exists()
