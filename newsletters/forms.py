from django import forms
from django.core.exceptions import ValidationError

from .subscriptions import CONSENT_WORDING


class SubscribeForm(forms.Form):
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
    # Honeypot: hidden from people (CSS), filled in by form-filling bots.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_email(self):
        raw = self.data.get(self.add_prefix("email"), "")
        if any(ord(char) < 32 or ord(char) == 127 for char in raw):
            raise ValidationError(
                "Enter an email address without line breaks or other control characters."
            )
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
