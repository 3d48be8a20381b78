import datetime

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from prizes.models import PrizeRoundPage
from tests.priorities import factories as pf

from . import factories as f


class TestEditorsCanEditAndPreview(WagtailPageTestCase):
    def edit_form_data(self, page):
        """The edit form as the browser would send it.

        The StreamField editor is drawn by JavaScript, so the HTML alone lacks its
        ``body-count``; these test pages have empty bodies.
        """
        user = self.create_superuser(f"editor-{page.pk}")
        self.client.force_login(user)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        html = self.client.get(url).content.decode()
        self.client.logout()
        data = querydict_from_html(html, form_id="page-edit-form")
        if hasattr(page, "body"):
            data["body-count"] = "0"
        data["action-publish"] = ""
        return data

    def check(self, page):
        data = self.edit_form_data(page)
        self.client.force_login(self.create_superuser(f"publisher-{page.pk}"))
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
        self.client.logout()
        self.assertEqual(response.status_code, 302, "the unchanged edit form should publish")
        self.assertPageIsEditable(page, post_data=data)
        self.assertPageIsPreviewable(page, post_data=data)
        self.assertPageIsRenderable(page)

    def test_prize_pages(self):
        org = f.organisation("GoodGym Luton")
        project = f.project(org, "Running for good")
        prize_round = f.prize_round(
            2023,
            showcase_on=datetime.date(2024, 8, 1),
            winners=[
                {"organisation": org, "project": project, "summary": "Runs."},
                {"winner_description": "Not named", "summary": "Youth club."},
            ],
        )
        for page in (f.prize_index(), prize_round):
            self.check(page)
        # Saving through the admin kept both winners, in order.
        prize_round = PrizeRoundPage.objects.get(pk=prize_round.pk)
        self.assertEqual(
            [w.display_name for w in prize_round.winners.all()], ["GoodGym Luton", "Not named"]
        )

    def test_priority_pages(self):
        group = pf.group("Housing and Health")
        update = pf.update(group, "Roadshows")
        for page in (pf.priority_index(), group, update):
            self.check(page)
