"""Form hardening (issue 10, item 7): the field limit, the honeypot and time trap, one-line
fields, the CSRF failure page and no Gravatar.

The time trap is tested with signed timestamps from the past and a frozen clock, never
by waiting.
"""

import hashlib
import re
import time
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlencode

import pytest

from django import forms as django_forms
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, Revision

from hetsite.core.forms import SINGLE_LINE_MESSAGE, SpamTrapMixin, validate_single_line
from newsletters.forms import SubscribeForm
from newsletters.models import Subscriber
from portal import forms as portal_forms
from portal.forms import ApplicationForm
from projects.models import PartnerApplication
from tests import factories
from tests.browser_support import assert_valid_html
from tests.core.factories import trap_fields
from tests.projects.portal import factories as pf

APPLY = reverse("projects:apply")
APPLY_DONE = reverse("projects:apply_done")
SUBSCRIBE = reverse("newsletters:subscribe")
SUBSCRIBE_THANKS = reverse("newsletters:subscribe_thanks")


def application_data(**overrides):
    return {
        "organisation_name": "Stopsley Walking Group",
        "sector": "vcsfe",
        "registration_number": "1234567",
        "contact_name": "Amina Khan",
        "contact_email": "amina@example.org",
        "description": "Weekly walks for older people in Stopsley.",
        "website": "https://walks.example.org",
        **trap_fields(ApplicationForm),
        **overrides,
    }


def subscribe_data(**overrides):
    return {
        "email": "resident@example.org",
        "consent": "on",
        **trap_fields(SubscribeForm),
        **overrides,
    }


# The two public anonymous forms: (form class, url, data builder, success url, stored).
PUBLIC_FORMS = {
    "apply": (ApplicationForm, APPLY, application_data, APPLY_DONE, PartnerApplication),
    "subscribe": (SubscribeForm, SUBSCRIBE, subscribe_data, SUBSCRIBE_THANKS, Subscriber),
}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the emails) as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def member_client(db):
    member = pf.member(pf.organisation("Organisation A"), "member-a")
    client = Client()
    client.force_login(member)
    return client


def stored():
    return (
        PartnerApplication.objects.count(),
        Subscriber.objects.count(),
        Page.objects.count(),
        Revision.objects.count(),
    )


def urlencoded(client, url, data):
    """Post as a browser posts a form without files."""
    return client.post(
        url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
    )


def padded(data, total):
    """``data`` plus junk fields, ``total`` fields in all."""
    return data | {f"extra{i}": "x" for i in range(total - len(data))}


# --- At most 1,000 fields per request -----------------------------------------------------


def test_the_limit_is_djangos_default(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_public_forms_refuse_1001_fields_with_a_clear_400(db, name, run_on_commit):
    form_class, url, data, done, model = PUBLIC_FORMS[name]
    with run_on_commit():
        response = urlencoded(Client(), url, padded(data(), 1001))
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read that request" in html and "too many fields" in html
    assert "Luton Health Equity Town" in html
    assert "Content-Security-Policy" in response.headers
    assert not model.objects.exists() and not mail.outbox

    # 1,000 fields is within the limit: the same post is accepted.
    with run_on_commit():
        response = urlencoded(Client(), url, padded(data(), 1000))
    assert response.status_code == 302 and response.url == done
    assert model.objects.count() == 1


def test_portal_form_refuses_1001_fields_with_a_clear_400(member_client):
    before = stored()
    # The portal's page form is multipart (it takes an image upload).
    response = member_client.post(
        reverse("projects:portal_project_new"), padded(pf.project_post_data(), 1001)
    )
    assert response.status_code == 400
    assert b"We could not read that request" in response.content
    assert stored() == before

    response = member_client.post(
        reverse("projects:portal_project_new"), padded(pf.project_post_data(), 1000)
    )
    assert response.status_code == 302
    assert Page.objects.count() == before[2] + 1


# --- The honeypot and the time trap -------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_forms_render_the_honeypot_hidden_and_a_fresh_signed_timestamp(db, client, name):
    form_class, url, *_ = PUBLIC_FORMS[name]
    now = time.time()
    with mock.patch("hetsite.core.forms.time.time", return_value=now):
        html = client.get(url).content.decode()
    assert re.search(rf'<div hidden>\s*<label for="id_{form_class.honeypot_name}">', html)
    assert 'tabindex="-1"' in html
    token = re.search(r'<input type="hidden" name="form_started" value="([^"]+)"', html).group(1)
    assert token == form_class.signed_timestamp(at=now)


@pytest.mark.parametrize("name", PUBLIC_FORMS)
@pytest.mark.parametrize(
    "trap",
    [
        {"honeypot": "http://spam.example"},
        {"seconds_ago": 0.04},  # what the issue saw
        {"seconds_ago": 1.5},
        {"seconds_ago": -30},  # a timestamp from the future
        {"token": None},  # missing
        {"token": ""},
        {"token": "1700000000000"},  # unsigned
        {"token": "tampered"},
        {"token": "other form"},  # signed for the other public form
        {"token": "re-signed"},  # a valid signature, then the time edited
    ],
    ids=lambda t: "-".join(f"{k}={v}" for k, v in t.items()),
)
def test_bot_submissions_are_dropped_silently(db, run_on_commit, name, trap):
    form_class, url, data, done, model = PUBLIC_FORMS[name]
    post = data()
    if "honeypot" in trap:
        post[form_class.honeypot_name] = trap["honeypot"]
    if "seconds_ago" in trap:
        post |= trap_fields(form_class, seconds_ago=trap["seconds_ago"])
    token = trap.get("token", post["form_started"])
    if token == "tampered":
        token = post["form_started"][:-3] + "abc"
    elif token == "other form":
        other = SubscribeForm if form_class is ApplicationForm else ApplicationForm
        token = other.signed_timestamp(at=time.time() - 60)
    elif token == "re-signed":
        value, signature = post["form_started"].split(":")
        token = f"{int(value) - 3_600_000}:{signature}"
    if token is None:
        del post["form_started"]
    else:
        post["form_started"] = token

    with run_on_commit():
        response = Client().post(url, post)
    # Exactly what a person sees after sending the form; nothing stored or sent.
    assert response.status_code == 302 and response.url == done
    assert not model.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_the_trap_springs_under_two_seconds_and_not_after(db, run_on_commit, name, settings):
    assert settings.HETSITE_FORM_MIN_SECONDS == 2
    form_class, url, data, done, model = PUBLIC_FORMS[name]
    rendered_at = time.time()
    post = data(form_started=form_class.signed_timestamp(at=rendered_at))
    clock = "hetsite.core.forms.time.time"
    with run_on_commit(), mock.patch(clock, return_value=rendered_at + 1.9):
        assert Client().post(url, post).url == done
    assert not model.objects.exists() and not mail.outbox

    with run_on_commit(), mock.patch(clock, return_value=rendered_at + 2.1):
        response = Client().post(url, post)
    assert response.status_code == 302 and response.url == done
    assert model.objects.count() == 1


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_a_form_left_open_for_a_day_is_shown_again_not_dropped(db, run_on_commit, name):
    form_class, url, data, done, model = PUBLIC_FORMS[name]
    post = data() | trap_fields(form_class, seconds_ago=25 * 60 * 60)
    response = Client().post(url, post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "open for a long time" in html and "send it again" in html
    assert "resident@example.org" in html or "Stopsley Walking Group" in html  # kept
    assert not model.objects.exists()

    # The form comes back with a fresh timestamp, so sending it again (a few seconds
    # later) works.
    fresh = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
    assert fresh != post["form_started"]
    later = time.time() + 5
    with run_on_commit(), mock.patch("hetsite.core.forms.time.time", return_value=later):
        response = Client().post(url, post | {"form_started": fresh})
    assert response.status_code == 302 and response.url == done
    assert model.objects.count() == 1


def test_only_the_mixin_decides_spam():
    """One mechanism: both public forms get the honeypot and the trap from the mixin."""
    for form_class in (ApplicationForm, SubscribeForm):
        assert issubclass(form_class, SpamTrapMixin)
        assert "is_spam" not in vars(form_class)


# --- One-line fields refuse line breaks ---------------------------------------------------

LINE_BREAKS = ["Stopsley\r\nBcc: everyone@example.org", "Stopsley\nWalkers", "A\rB", "A\u2028B"]


@pytest.mark.parametrize("value", LINE_BREAKS)
@pytest.mark.parametrize("field", ["organisation_name", "registration_number", "contact_name"])
def test_line_breaks_in_application_fields_get_an_error_by_the_field(
    db, run_on_commit, field, value
):
    with run_on_commit():
        response = Client().post(APPLY, application_data(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [SINGLE_LINE_MESSAGE]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not PartnerApplication.objects.exists() and not mail.outbox


CASE_STUDY = {
    "title": "Our hub",
    "organisation_name": "Organisation A",
    "about": "About.",
    "what_we_did": "Did.",
    "achievements": "Achieved.",
    "learning": "Learnt.",
    "year": "2024",
    "action": "save",
}


@pytest.mark.parametrize(
    ("url_name", "base", "field"),
    [
        ("portal_project_new", pf.project_post_data(), "title"),
        ("portal_project_new", pf.project_post_data(), "contact_phone"),
        ("portal_project_new", pf.project_post_data(), "new-alt_text"),
        ("portal_project_new", pf.project_post_data(), "new-caption"),
        ("portal_case_study_new", CASE_STUDY, "title"),
        ("portal_case_study_new", CASE_STUDY, "authors"),
        ("portal_case_study_new", CASE_STUDY, "organisation_name"),
    ],
)
def test_line_breaks_in_portal_fields_get_an_error_by_the_field(
    member_client, url_name, base, field
):
    before = stored()
    response = member_client.post(reverse(f"projects:{url_name}"), base | {field: "A\r\nB"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and SINGLE_LINE_MESSAGE in html
    assert stored() == before


def test_every_one_line_field_of_the_public_and_portal_forms_refuses_line_breaks(db):
    """Catches a single-line field added later without the validator."""
    org = pf.organisation("Organisation A")
    form_classes = [
        ApplicationForm,
        SubscribeForm,
        portal_forms.ImageUploadForm,
        portal_forms.ExistingImageForm,
        portal_forms.ProjectPageForm,
        portal_forms.CaseStudyPageForm,
        portal_forms.OrganisationProfileForm,
    ]
    checked = []
    for form_class in form_classes:
        kwargs = (
            {"organisation": org} if issubclass(form_class, portal_forms.PartnerPageForm) else {}
        )
        form = form_class(**kwargs)
        for name, field in form.fields.items():
            one_line = isinstance(field, django_forms.CharField) and isinstance(
                field.widget, django_forms.TextInput
            )
            if one_line and name != getattr(form, "honeypot_name", None):
                assert validate_single_line in field.validators, (form_class, name)
                checked.append(name)
    assert len(checked) >= 10


# --- The CSRF failure page ----------------------------------------------------------------


def test_csrf_failure_page_is_branded_csp_clean_and_needs_no_database():
    # No database fixture: any query would fail the test.
    response = Client(enforce_csrf_checks=True).post(APPLY, {"organisation_name": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "Luton Health Equity Town" in html and "/static/css/site.css" in html
    for advice in ("back", "Reload the page", "cookies"):
        assert advice in html
    assert "<style" not in html and "style=" not in html and "<script" not in html
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert_valid_html({"403 CSRF": html})


def test_bad_request_page_is_valid_html():
    response = urlencoded(Client(), SUBSCRIBE, padded({}, 1001))
    assert response.status_code == 400
    assert "<style" not in response.content.decode()
    assert_valid_html({"400": response.content.decode()})


# --- No Gravatar --------------------------------------------------------------------------


def email_traces(email):
    normalised = email.strip().lower().encode()
    return [
        "gravatar",
        hashlib.md5(normalised).hexdigest(),  # noqa: S324 - what Gravatar uses
        hashlib.sha256(normalised).hexdigest(),
    ]


def admin_pages(client, home):
    return {
        "dashboard": client.get("/admin/").content.decode(),
        "users": client.get("/admin/users/").content.decode(),
        "page edit": client.get(f"/admin/pages/{home.pk}/edit/").content.decode(),
    }


def test_admin_markup_has_no_gravatar_or_email_hashes(db, settings):
    home = factories.home_page()
    admin = factories.site_admin("avatar-admin")
    admin.email = "Site.Admin@Example.org"
    admin.is_superuser = True
    admin.save()
    editor = factories.editor("avatar-editor")
    member = pf.member(pf.organisation("Organisation A"), "avatar-member")
    emails = [admin.email, editor.email, member.email]
    assert all(emails)
    home.save_revision(user=editor)  # the editor appears in the page's history
    client = Client()
    client.force_login(admin)

    pages = admin_pages(client, home)
    for name, html in pages.items():
        for email in emails:
            for trace in email_traces(email):
                assert trace not in html.lower(), (name, email, trace)

    # The check can fail: with Wagtail's default provider the hashes are there.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    html = admin_pages(client, home)["dashboard"]
    assert email_traces(admin.email)[1] in html


class FormFields(HTMLParser):
    """The fields a browser would post from the first <form> whose action contains
    ``action``, with every checkbox ticked (the most a person can send) except "delete
    this row" ones, and nothing from <template> elements (formsets' empty forms)."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields = action, False, []
        self._select = self._textarea = None
        self._templates = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action in (attrs.get("action") or "") and not self.fields:
            self.inside = True
        self._templates += tag == "template"
        if not self.inside or self._templates or "name" not in attrs and tag != "option":
            return
        if attrs.get("name", "").endswith("-DELETE"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") == "radio" and "checked" not in attrs:
                return
            self.fields.append(
                (
                    attrs["name"],
                    attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""),
                )
            )
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields.append((attrs["name"], ""))

    def handle_data(self, data):
        if self._textarea:
            self.fields[-1] = (self._textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        self._templates -= tag == "template"
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def test_the_admin_group_permissions_form_fits_with_every_box_ticked(db):
    """The admin's biggest server-rendered form: a group's permissions."""
    admin = factories.site_admin("fields-admin")
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    group = Group.objects.get(name="Site administrators")
    url = f"/admin/groups/edit/{group.pk}/"
    parser = FormFields(url)
    parser.feed(client.get(url).content.decode())
    fields = parser.fields
    assert len(fields) > 50  # every permission of every model, ticked
    assert len(fields) < django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 5
    response = urlencoded(client, url, fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    ticked = {int(value) for name, value in fields if name == "permissions"}
    assert ticked <= set(group.permissions.values_list("pk", flat=True))


# --- In Chromium: the page editor under the limit, the CSRF page as people meet it -------

POSTED_FIELDS = """() => {
    const form = document.querySelector('#page-edit-form');
    form.querySelectorAll('input[type=checkbox]').forEach((box) => { box.checked = true; });
    return [...new FormData(form).keys()].length;
}"""


@pytest.mark.browser
def test_in_chromium_a_long_page_saves_and_a_refused_form_explains_itself(
    transactional_db, browser, live_server
):
    from tests.browser_support import assert_no_axe_violations
    from tests.core.factories import every_block_body, standard_page

    # A page far longer than any on the demo site: 10 times every block (60 blocks).
    page = standard_page(title="A long page", slug="long", body=every_block_body() * 10)
    editor = factories.editor("long-page-editor")
    client = Client()
    client.force_login(editor)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.goto(f"/admin/pages/{page.pk}/edit/")
    tab.wait_for_load_state("networkidle")
    posted = tab.evaluate(POSTED_FIELDS)
    # 409 fields for 60 blocks (about 7 a block): a page fits about 140 blocks.
    assert 200 < posted < django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    revisions = Revision.objects.count()
    tab.goto(f"/admin/pages/{page.pk}/edit/")  # unticked again
    tab.wait_for_load_state("networkidle")
    with tab.expect_navigation() as navigation:
        tab.locator("button:has-text('Save draft')").first.click()
    assert navigation.value.status == 200  # not 400: the post was read
    tab.wait_for_selector("text=has been updated")
    assert Revision.objects.count() == revisions + 1

    # A partner applies from a browser that has lost its CSRF cookie.
    applicant = browser.new_context(base_url=live_server.url).new_page()
    applicant.set_default_timeout(15_000)
    applicant.goto(APPLY)
    applicant.context.clear_cookies()
    applicant.fill("#id_organisation_name", "Lewsey Walkers")
    with applicant.expect_navigation() as navigation:
        applicant.click("text=Send application")
    assert navigation.value.status == 403
    assert applicant.locator("h1").inner_text() == "Your form was not sent"
    assert_no_axe_violations(applicant)
    assert not PartnerApplication.objects.exists()
    context.close()
    applicant.context.close()
