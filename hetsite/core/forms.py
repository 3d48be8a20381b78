"""Hardening shared by the public and partner portal forms.

- ``validate_single_line`` and ``SingleLineFieldsMixin``: names, titles and the like end
  up in email subjects and headers, so a one-line text box refuses line breaks, with an
  error next to the field.
- ``SpamTrapMixin``: the one honeypot and signed time trap of every public, anonymous
  form. A filled honeypot, a submission sooner than ``HETSITE_FORM_MIN_SECONDS`` after
  the form was rendered, or a missing or forged timestamp marks the form ``is_spam``: the
  view then shows its normal success page and stores and sends nothing, so a bot learns
  nothing. A form left open longer than ``HETSITE_FORM_MAX_AGE`` (a real person's
  forgotten tab, or a page served from a stale cache) is not dropped: it is shown again,
  answers kept, with a message asking to send it again and a fresh timestamp.
"""

import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Every character str.splitlines() breaks on: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS.
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# The English text (tests and callers compare with it); shown through gettext.
SINGLE_LINE_MESSAGE = gettext_noop("Enter this on one line, without line breaks.")


def validate_single_line(value):
    if any(char in LINE_BREAKS for char in str(value)):
        raise ValidationError(gettext(SINGLE_LINE_MESSAGE), code="line_break")


class SingleLineFieldsMixin:
    """Adds ``validate_single_line`` to every CharField shown as a one-line text box.

    Email and URL fields have their own validators (which already refuse line breaks);
    text areas are meant for several lines.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = getattr(self, "honeypot_name", None)
        for name, field in self.fields.items():
            if (
                name != honeypot
                and isinstance(field, forms.CharField)
                and isinstance(field.widget, forms.TextInput)
                and validate_single_line not in field.validators
            ):
                field.validators.append(validate_single_line)


class SpamTrapMixin:
    """A honeypot field and a signed "form rendered at" timestamp (see the module doc).

    Render both with ``{% include "components/form_traps.html" %}`` inside the <form>.
    """

    honeypot_name = "fax_number"  # a form may choose a name bots are keener to fill
    timestamp_name = "form_started"
    STALE_MESSAGE = gettext_noop(
        "This form was open for a long time, so we have not sent it yet. Please check "
        "your answers and send it again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_name] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[self.timestamp_name] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=self.signed_timestamp()
        )
        self.trap_verdict = None
        if self.is_bound:
            key = self.add_prefix(self.timestamp_name)
            self.trap_verdict = self._judge(self.data.get(key))
            if self.trap_verdict in ("forged", "stale"):
                # Shown again (with other errors, or because it was stale): start afresh.
                self.data = self.data.copy()
                self.data[key] = self.signed_timestamp()

    # --- The signed timestamp ---

    @classmethod
    def _signer(cls):
        return signing.Signer(salt=f"hetsite.core.forms.time-trap:{cls.__qualname__}")

    @classmethod
    def signed_timestamp(cls, at=None):
        """The signed time (in milliseconds) the form is rendered ``at`` (default: now)."""
        at = time.time() if at is None else at
        return cls._signer().sign(str(int(at * 1000)))

    def _judge(self, signed):
        try:
            rendered_at = int(self._signer().unsign(signed or "")) / 1000
        except (signing.BadSignature, ValueError):
            return "forged"
        age = time.time() - rendered_at
        if age < settings.HETSITE_FORM_MIN_SECONDS:
            return "too fast"
        if age > settings.HETSITE_FORM_MAX_AGE:
            return "stale"
        return "ok"

    # --- What views and templates use ---

    @property
    def honeypot(self):
        return self[self.honeypot_name]

    @property
    def timestamp_field(self):
        return self[self.timestamp_name]

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != self.honeypot_name]

    def clean(self):
        cleaned = super().clean()
        if self.trap_verdict == "stale":
            raise ValidationError(gettext(self.STALE_MESSAGE), code="stale_form")
        return cleaned

    @property
    def is_spam(self):
        """True for a bot's submission: the view must store and send nothing, and look
        exactly as it does after a real submission."""
        reason = None
        if self.cleaned_data.get(self.honeypot_name):
            reason = "honeypot filled"
        elif self.trap_verdict in ("forged", "too fast"):
            reason = f"time trap: {self.trap_verdict}"
        if reason:
            logger.info("Dropped a %s submission (%s)", type(self).__name__, reason)
        return reason is not None
