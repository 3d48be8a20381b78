from django import forms


class AddressForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The person's address, exactly as they gave it (capitals do not matter).",
    )
