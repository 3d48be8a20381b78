"""Forms for the partner application, portal sign-in and partner-written pages.

Field rules (lengths, required, help text) come from the models; these forms add what
only the portal needs: web addresses limited to http(s), image uploads checked by
content, and alt text required for every image.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.text import capfirst

from wagtail.images.fields import WagtailImageField

from casestudies.models import CaseStudyPage
from hetsite.core.forms import SingleLineFieldsMixin, SpamTrapMixin
from hetsite.core.models import Neighbourhood, Ward
from hetsite.i18n.content_language import DEFAULT_CONTENT_LANGUAGE, content_language_choices
from priorities.models import PriorityGroupPage
from projects.models import OrganisationPage, PartnerApplication, ProjectPage
from projects.models.applications import http_url_validator

URL_HELP = "A web address starting with https:// (or http://)."
WARDS_HELP = (
    "Tick every ward where you work, listed under its neighbourhood. Leave them all "
    "unticked if you work across the whole of Luton."
)


def wards_by_neighbourhood():
    """Every ward, in neighbourhood order, for checkboxes grouped by neighbourhood."""
    return Ward.objects.select_related("neighbourhood").order_by(
        "neighbourhood__sort_order", "neighbourhood__name", "name"
    )


def group_wards(field):
    """Show ``field`` (a ward multiple choice) as checkboxes in a fieldset per neighbourhood
    (``templates/projects/portal/_ward_choices.html``)."""
    field.queryset = wards_by_neighbourhood()
    field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
    field.grouped_by_neighbourhood = True
    return field


def field_anchor(bound_field):
    """The id an error summary links to: the input itself, or a group's first option."""
    if bound_field.field.widget.use_fieldset:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def error_summary(*forms_):
    """(href or "", message) for each field with an error in ``forms_``, in page order.

    The GOV.UK error summary: each field's error links to that field; errors not about
    one field are listed without a link.
    """
    items = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append(("", error))
        if hasattr(form, "fieldsets"):
            fields = [field for _, section in form.fieldsets() for field in section]
        else:
            fields = form.visible_fields()
        for field in fields:
            if field.errors:  # the first error of each field, as GOV.UK does
                items.append(("#" + field_anchor(field), field.errors[0]))
    return items


class SectionsMixin:
    """Fields shown in short titled sections: ``sections`` is a list of (legend, names).

    A field that no section names goes into the last section, so none is ever lost.
    """

    sections = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Say which answer is missing, here and in the error summary (GOV.UK style),
        # rather than "This field is required." five times over.
        for field in self.fields.values():
            label = str(field.label or "")
            if not label or not field.required:
                continue
            field.error_messages["required"] = f"{capfirst(label)} is required."

    def fieldsets(self):
        placed, result = set(), []
        for legend, names in self.sections:
            fields = [self[name] for name in names if name in self.fields]
            placed.update(names)
            result.append([legend, fields])
        rest = [f for f in self.visible_fields() if f.name not in placed]
        if rest:
            if result:
                result[-1][1].extend(rest)
            else:
                result.append(["", rest])
        return [(legend, fields) for legend, fields in result if fields]


def web_address_field(model, name, **kwargs):
    """A URL field that accepts only http and https, whatever the model allows."""
    model_field = model._meta.get_field(name)
    return forms.URLField(
        label=capfirst(model_field.verbose_name),
        required=not model_field.blank,
        max_length=model_field.max_length,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=model_field.help_text or URL_HELP,
        **kwargs,
    )


# --- Applying -----------------------------------------------------------------------------


class ApplicationForm(SectionsMixin, SingleLineFieldsMixin, SpamTrapMixin, forms.ModelForm):
    """The public application. Its honeypot (``fax_number``) and time trap come from
    ``SpamTrapMixin``: the view checks ``is_spam`` and then stores and sends nothing.

    The wards (or "across Luton") become the organisation page's wards on approval.
    """

    website = web_address_field(PartnerApplication, "website")
    across_luton = forms.BooleanField(
        label="We work across the whole of Luton",
        required=False,
        help_text="Tick this instead of choosing wards if you work all over the town.",
    )

    sections = [
        (
            "About your organisation",
            ["organisation_name", "sector", "registration_number", "description", "website"],
        ),
        ("Where you work", ["wards", "across_luton"]),
        ("How we contact you", ["contact_name", "contact_email"]),
    ]

    class Meta:
        model = PartnerApplication
        fields = [
            "organisation_name",
            "sector",
            "registration_number",
            "contact_name",
            "contact_email",
            "description",
            "website",
            "wards",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        # Written for the applicant; the admin shows "Contact name" and "Contact email".
        labels = {
            "wards": "Wards you work in",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {"wards": WARDS_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        group_wards(self.fields["wards"])

    def clean(self):
        cleaned = super().clean()
        # Neither answer means "across Luton", as on every organisation page.
        if cleaned.get("wards") and cleaned.get("across_luton"):
            self.add_error(
                "across_luton",
                "Choose either some wards or “across the whole of Luton”, not both.",
            )
        return cleaned


# --- Signing in ---------------------------------------------------------------------------


class PortalLoginForm(AuthenticationForm):
    """Django's sign-in form, for partner members only.

    Every refusal (wrong password, unknown account, inactive account, not a partner
    member) gets the same message, so the form reveals nothing about which accounts
    exist. Failed attempts are counted by django-axes (``hetsite.core.signin``), the same
    way as for the Wagtail admin.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username"
        self.fields["username"].help_text = "Your username is in the email that invited you."
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def confirm_login_allowed(self, user):
        from projects.moderation import organisation_for

        super().confirm_login_allowed(user)
        if organisation_for(user) is None:
            raise self.get_invalid_login_error()


class MemberPasswordResetForm(PasswordResetForm):
    """Password reset for partner members only, including those who never set one.

    The portal's view only validates this form and enqueues ``tasks.send_password_reset``;
    the task runs ``save()``, which looks the address up and emails a member (or nobody).
    """

    def get_users(self, email):
        from projects.moderation import organisation_for

        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if organisation_for(u) is not None)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        from .emails import absolute_url, send

        path = reverse(
            "projects:portal_set_password",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        send(
            "password_reset",
            [context["email"]],
            {**context, "set_password_url": absolute_url(path)},
        )


# --- Images -------------------------------------------------------------------------------


class ImageUploadForm(SingleLineFieldsMixin, forms.Form):
    """One new image with its alt text. Nothing is stored until the whole page is valid."""

    image = WagtailImageField(label="Add an image", required=False, help_text=None)
    alt_text = forms.CharField(
        label="Alt text for the new image",
        max_length=250,
        required=False,
        help_text="Describe what the image shows for people who cannot see it. Required "
        "when you add an image.",
    )
    caption = forms.CharField(label="Caption for the new image", max_length=250, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["image"]
        field.help_text = (
            f"JPEG, PNG or WebP, up to {field.max_upload_size_text} and "
            f"{field.max_image_pixels // 1_000_000} megapixels."
        )
        field.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("alt_text") or "").strip():
            self.add_error(
                "alt_text", "Describe the image for people who cannot see it (alt text)."
            )
        return cleaned

    @property
    def has_image(self):
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("image"))


class ExistingImageForm(SingleLineFieldsMixin, forms.Form):
    alt_text = forms.CharField(
        label="Alt text",
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = forms.CharField(max_length=250, required=False)
    remove = forms.BooleanField(label="Remove this image from the page", required=False)


class LogoForm(forms.Form):
    logo = WagtailImageField(label="Upload a new logo", required=False)
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["logo"]
        field.help_text = (
            f"JPEG, PNG or WebP, up to {field.max_upload_size_text}. Your organisation's "
            "name is used as its text alternative."
        )
        field.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


# --- Pages --------------------------------------------------------------------------------


def language_field(form):
    """The language the partner writes in: every language, each named in itself,
    English unless the page says otherwise (a choice outside the list is refused)."""
    field = form.fields["content_language"]
    field.choices = content_language_choices()
    field.required = False  # blank: the page's own language
    field.label = "Language you are writing in"
    field.help_text = (
        "Write in the language you work in. The page tells screen readers which language it is in."
    )
    if not form.initial.get("content_language"):
        form.initial["content_language"] = DEFAULT_CONTENT_LANGUAGE


class PartnerPageForm(SectionsMixin, SingleLineFieldsMixin, forms.ModelForm):
    """Shared set-up for the page forms: checkboxes for tags, date pickers, http(s) links."""

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
            elif isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
        if "wards" in self.fields:
            group_wards(self.fields["wards"])
        if "neighbourhood" in self.fields:
            self.fields["neighbourhood"].queryset = Neighbourhood.objects.all()
        if "priority_group" in self.fields:
            self.fields["priority_group"].queryset = (
                PriorityGroupPage.objects.live().public().order_by("title")
            )
        if "content_language" in self.fields:
            language_field(self)


class ProjectPageForm(PartnerPageForm):
    website = web_address_field(ProjectPage, "website")

    sections = [
        (
            "About the project",
            [
                "title",
                "content_language",
                "summary",
                "description",
                "status",
                "start_date",
                "end_date",
                "funding",
            ],
        ),
        (
            "Where and who",
            ["wards", "who_it_is_for", "population_groups", "principles", "priority_group"],
        ),
        ("How to take part", ["how_to_take_part", "contact_email", "contact_phone", "website"]),
    ]

    class Meta:
        model = ProjectPage
        fields = [
            "title",
            "content_language",
            "summary",
            "description",
            "status",
            "start_date",
            "end_date",
            "who_it_is_for",
            "population_groups",
            "wards",
            "how_to_take_part",
            "contact_email",
            "contact_phone",
            "website",
            "funding",
            "principles",
            "priority_group",
        ]
        labels = {"title": "Project name"}
        help_texts = {"title": "The name people know the project or service by."}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return cleaned


class CaseStudyPageForm(PartnerPageForm):
    """The report's case study template, its questions in the report's order."""

    sections = [
        (
            "About the case study",
            [
                "title",
                "content_language",
                "authors",
                "organisation_name",
                "year",
                "related_project",
            ],
        ),
        (
            "The story",
            [
                "about",
                "what_we_did",
                "partners",
                "achievements",
                "learning",
                "acknowledgements",
                "whats_next",
            ],
        ),
        (
            "Where and who",
            ["neighbourhood", "wards", "population_groups", "principles", "priority_group"],
        ),
    ]

    class Meta:
        model = CaseStudyPage
        fields = [
            "title",
            "content_language",
            "authors",
            "organisation_name",
            "about",
            "what_we_did",
            "partners",
            "achievements",
            "learning",
            "acknowledgements",
            "whats_next",
            "year",
            "principles",
            "priority_group",
            "neighbourhood",
            "wards",
            "population_groups",
            "related_project",
        ]
        labels = {"title": "Project title"}
        help_texts = {"title": "The title of the project this case study is about."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = datetime.date.today().year
        if self.organisation is not None and not self.initial.get("organisation_name"):
            self.initial.setdefault("organisation_name", self.organisation.name)
        projects = ProjectPage.objects.none()
        if self.organisation is not None and getattr(self.organisation, "page", None):
            projects = ProjectPage.objects.descendant_of(self.organisation.page).order_by("title")
        self.fields["related_project"].queryset = projects
        self.fields["related_project"].help_text = "One of your organisation's projects, if any."


class OrganisationProfileForm(PartnerPageForm):
    website = web_address_field(OrganisationPage, "website")

    sections = [
        ("About your organisation", ["description", "website"]),
        ("Where you work", ["wards"]),
    ]

    class Meta:
        model = OrganisationPage
        fields = ["description", "website", "wards"]
