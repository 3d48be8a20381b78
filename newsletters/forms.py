from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hetsite.core.forms import SingleLineFieldsMixin, SpamTrapMixin

from .subscriptions import CONSENT_WORDING

# The consent wording (marked in subscriptions.py), in the language of the request.
_lazy_consent_wording = lazy(gettext, str)(CONSENT_WORDING)


def ward_choices():
    """Wards grouped by neighbourhood, as (neighbourhood, [(id, ward), ...]) pairs."""
    from hetsite.core.models import Ward

    wards = Ward.objects.select_related("neighbourhood").order_by(
        "neighbourhood__sort_order", "neighbourhood__name", "name"
    )
    groups = {}
    for ward in wards:
        label = ward.neighbourhood.name if ward.neighbourhood_id else gettext("Other wards")
        groups.setdefault(label, []).append((str(ward.pk), ward.name))
    return list(groups.items())


def principle_choices():
    from hetsite.core.models import MarmotPrinciple

    return [(str(p.pk), str(p)) for p in MarmotPrinciple.objects.order_by("number")]


def priority_group_choices():
    from hetsite.core.languages import default_language
    from hetsite.core.localized import in_language
    from priorities.models import PriorityGroupPage

    # The English groups in every language: the digest matches subscribers' choices by
    # these pages' ids.
    groups = in_language(PriorityGroupPage.objects.live().public(), default_language()).order_by(
        "title"
    )
    return [(str(g.pk), g.title) for g in groups]


class AlertChoicesMixin:
    """The three lists a subscriber picks from for the weekly digest (all optional)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"] = forms.MultipleChoiceField(
            label=gettext("Wards"),
            required=False,
            choices=ward_choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": gettext("Choose wards from the list.")},
        )
        self.fields["principles"] = forms.MultipleChoiceField(
            label=gettext("Marmot principles"),
            required=False,
            choices=principle_choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": gettext("Choose principles from the list.")},
        )
        self.fields["priority_groups"] = forms.MultipleChoiceField(
            label=gettext("Priority groups"),
            required=False,
            choices=priority_group_choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": gettext("Choose priority groups from the list.")},
        )

    def preferences(self):
        """The chosen terms as id lists, for ``subscriptions.set_preferences``."""
        return {
            name: [int(pk) for pk in self.cleaned_data.get(name) or []]
            for name in ("wards", "principles", "priority_groups")
        }

    def ward_groups(self):
        """(neighbourhood, [checkbox, ...]) for the template's fieldsets."""
        field = self["wards"]
        chosen = {str(v) for v in (field.value() or [])}
        groups = []
        for label, options in field.field.choices:
            boxes = [
                {
                    "id": f"{field.auto_id}_{value}",
                    "value": value,
                    "label": name,
                    "checked": value in chosen,
                }
                for value, name in options
            ]
            groups.append((label, boxes))
        return groups


class PreferencesForm(AlertChoicesMixin, forms.Form):
    """What a subscriber hears about, reached from the link in every email."""


class SubscribeForm(AlertChoicesMixin, SingleLineFieldsMixin, SpamTrapMixin, forms.Form):
    """Sign-up, with the optional weekly-alert choices. The honeypot and time trap come
    from ``SpamTrapMixin``: the view checks ``is_spam`` and then stores and sends nothing."""

    honeypot_name = "website"

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send one email a quarter, and one now to check the address is yours."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the right format, like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=_lazy_consent_wording,
        error_messages={"required": _("Tick the box to say you agree to receive the newsletter.")},
    )

    def clean_email(self):
        raw = self.data.get(self.add_prefix("email"), "")
        if any(ord(char) < 32 or ord(char) == 127 for char in raw):
            raise ValidationError(
                gettext("Enter an email address without line breaks or other control characters.")
            )
        return self.cleaned_data["email"].strip().lower()
