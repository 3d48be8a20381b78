from django import forms
from django.core.exceptions import ValidationError

from hetsite.core.forms import SingleLineFieldsMixin, SpamTrapMixin

from .subscriptions import CONSENT_WORDING


class SubscribeForm(SingleLineFieldsMixin, SpamTrapMixin, forms.Form):
    """Sign-up. The honeypot and time trap come from ``SpamTrapMixin``: the view checks
    ``is_spam`` and then stores and sends nothing."""

    honeypot_name = "website"

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send one email a quarter, and one now to check the address is yours.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the right format, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": "Tick the box to say you agree to receive the newsletter."},
    )

    def clean_email(self):
        raw = self.data.get(self.add_prefix("email"), "")
        if any(ord(char) < 32 or ord(char) == 127 for char in raw):
            raise ValidationError(
                "Enter an email address without line breaks or other control characters."
            )
        return self.cleaned_data["email"].strip().lower()
