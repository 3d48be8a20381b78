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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from casestudies.models import CaseStudyPage
from hetsite.core.forms import SingleLineFieldsMixin, SpamTrapMixin
from hetsite.core.models import Neighbourhood, Ward
from hetsite.i18n.content_language import DEFAULT_CONTENT_LANGUAGE, content_language_choices
from priorities.models import PriorityGroupPage
from projects.models import OrganisationPage, PartnerApplication, ProjectPage
from projects.models.applications import http_url_validator

URL_HELP = _("A web address starting with https:// (or http://).")
WARDS_HELP = _(
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
            field.error_messages["required"] = gettext("%(label)s is required.") % {
                "label": capfirst(label)
            }

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


def web_address_field(model, name, label=None, help_text=None, **kwargs):
    """A URL field that accepts only http and https, whatever the model allows."""
    model_field = model._meta.get_field(name)
    return forms.URLField(
        label=label or capfirst(model_field.verbose_name),
        required=not model_field.blank,
        max_length=model_field.max_length,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=help_text or model_field.help_text or URL_HELP,
        **kwargs,
    )


# --- Applying -----------------------------------------------------------------------------


class ApplicationForm(SectionsMixin, SingleLineFieldsMixin, SpamTrapMixin, forms.ModelForm):
    """The public application. Its honeypot (``fax_number``) and time trap come from
    ``SpamTrapMixin``: the view checks ``is_spam`` and then stores and sends nothing.

    The wards (or "across Luton") become the organisation page's wards on approval.
    """

    website = web_address_field(
        PartnerApplication,
        "website",
        label=_("Website"),
        help_text=_("An address starting with http:// or https://"),
    )
    across_luton = forms.BooleanField(
        label=_("We work across the whole of Luton"),
        required=False,
        help_text=_("Tick this instead of choosing wards if you work all over the town."),
    )

    sections = [
        (
            _("About your organisation"),
            ["organisation_name", "sector", "registration_number", "description", "website"],
        ),
        (_("Where you work"), ["wards", "across_luton"]),
        (_("How we contact you"), ["contact_name", "contact_email"]),
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
        # The portal's own wording, marked for translation; the model's names are the admin's.
        labels = {
            "organisation_name": _("Organisation name"),
            "sector": _("Sector"),
            "registration_number": _("Charity or company number"),
            "contact_name": _("Your name"),
            "contact_email": _("Your email address"),
            "description": _("What your organisation does"),
            "wards": _("Wards you work in"),
        }
        help_texts = {
            "registration_number": _("If your organisation is a registered charity or company."),
            "contact_email": _(
                "We will send the decision and, if approved, your sign-in link here."
            ),
            "description": _(
                "A few sentences in plain English: who you work with and where in Luton. If "
                "approved, this starts your public profile."
            ),
            "wards": WARDS_HELP,
        }

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
                gettext("Choose either some wards or “across the whole of Luton”, not both."),
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
        self.fields["username"].label = gettext("Username")
        self.fields["username"].help_text = gettext(
            "Your username is in the email that invited you."
        )
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

    image = WagtailImageField(label=_("Add an image"), required=False, help_text=None)
    alt_text = forms.CharField(
        label=_("Alt text for the new image"),
        max_length=250,
        required=False,
        help_text=_(
            "Describe what the image shows for people who cannot see it. Required "
            "when you add an image."
        ),
    )
    caption = forms.CharField(label=_("Caption for the new image"), max_length=250, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["image"]
        field.help_text = gettext(
            "JPEG, PNG or WebP, up to %(size)s and %(megapixels)s megapixels."
        ) % {"size": field.max_upload_size_text, "megapixels": field.max_image_pixels // 1_000_000}
        field.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("alt_text") or "").strip():
            self.add_error(
                "alt_text", gettext("Describe the image for people who cannot see it (alt text).")
            )
        return cleaned

    @property
    def has_image(self):
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("image"))


class ExistingImageForm(SingleLineFieldsMixin, forms.Form):
    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = forms.CharField(max_length=250, required=False)
    remove = forms.BooleanField(label=_("Remove this image from the page"), required=False)


class LogoForm(forms.Form):
    logo = WagtailImageField(label=_("Upload a new logo"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["logo"]
        field.help_text = gettext(
            "JPEG, PNG or WebP, up to %(size)s. Your organisation's name is used as its "
            "text alternative."
        ) % {"size": field.max_upload_size_text}
        field.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


# --- Pages --------------------------------------------------------------------------------


def language_field(form):
    """The language the partner writes in: every language, each named in itself,
    English unless the page says otherwise (a choice outside the list is refused)."""
    field = form.fields["content_language"]
    field.choices = content_language_choices()
    field.required = False  # blank: the page's own language
    field.label = _("Language you are writing in")
    field.help_text = _(
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
    website = web_address_field(ProjectPage, "website", label=_("Website"))

    sections = [
        (
            _("About the project"),
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
            _("Where and who"),
            ["wards", "who_it_is_for", "population_groups", "principles", "priority_group"],
        ),
        (_("How to take part"), ["how_to_take_part", "contact_email", "contact_phone", "website"]),
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
        labels = {
            "title": _("Project name"),
            "summary": _("Summary"),
            "description": _("Description"),
            "status": _("Status"),
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "who_it_is_for": _("Who it is for"),
            "population_groups": _("Population groups"),
            "wards": _("Wards"),
            "how_to_take_part": _("How to take part or get in touch"),
            "contact_email": _("Contact email"),
            "contact_phone": _("Contact phone"),
            "funding": _("Funding"),
            "principles": _("Principles"),
            "priority_group": _("Priority group"),
        }
        help_texts = {
            "title": _("The name people know the project or service by."),
            "summary": _("One or two sentences."),
            "description": _("What the project does. Blank lines start paragraphs."),
            "end_date": _("Leave blank for a project with no planned end."),
            "wards": _("Leave blank for a project open to the whole town."),
            "contact_email": _("A shared inbox for the project, not a person's own address."),
            "funding": _(
                "Who funds it, e.g. the Health Equity Town Prize or the Collaboration Fund."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("The end date must be on or after the start date."))
        return cleaned


class CaseStudyPageForm(PartnerPageForm):
    """The report's case study template, its questions in the report's order."""

    sections = [
        (
            _("About the case study"),
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
            _("The story"),
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
            _("Where and who"),
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
        labels = {
            "title": _("Project title"),
            "authors": _("Authors"),
            "organisation_name": _("Organisation name as credited"),
            "about": _("Tell us about your project"),
            "what_we_did": _("What did you do?"),
            "partners": _("Partners"),
            "achievements": _("What have you achieved?"),
            "learning": _("What have you learnt?"),
            "acknowledgements": _("Acknowledgements"),
            "whats_next": _("What's next?"),
            "year": _("Year"),
            "principles": _("Principles"),
            "priority_group": _("Priority group"),
            "neighbourhood": _("Neighbourhood"),
            "wards": _("Wards"),
            "population_groups": _("Population groups"),
            "related_project": _("Related project"),
        }
        help_texts = {
            "title": _("The title of the project this case study is about."),
            "organisation_name": _(
                "The organisation that ran the project, as it should be credited."
            ),
            "partners": _("Who you worked with."),
            "learning": _(
                "Leave blank if there is nothing to add (not every case study in the report has "
                "this section)."
            ),
            "year": _("The year the work took place or was reported."),
            "neighbourhood": _("Leave blank for town-wide work."),
        }

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
        self.fields["related_project"].help_text = gettext(
            "One of your organisation's projects, if any."
        )


class OrganisationProfileForm(PartnerPageForm):
    website = web_address_field(OrganisationPage, "website", label=_("Website"))

    sections = [
        (_("About your organisation"), ["description", "website"]),
        (_("Where you work"), ["wards"]),
    ]

    class Meta:
        model = OrganisationPage
        fields = ["description", "website", "wards"]
        labels = {
            "description": _("Description"),
            "wards": _("Wards served"),
        }
        help_texts = {
            "description": _(
                "What the organisation does, in plain English. Blank lines start paragraphs."
            ),
            "wards": _("Leave blank if the organisation works across the whole town."),
        }
