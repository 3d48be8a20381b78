"""How wagtail-localize treats our page fields when it translates a page.

wagtail-localize works out per field whether a translation translates it (text, rich
text, StreamFields), copies it from the English page on every sync (dates, choices,
links to images) or leaves it alone. Page types adjust that with
``override_translatable_fields``, built from these.
"""

from wagtail_localize.fields import BaseTranslatableField, SynchronizedField


class SourceOnlyField(BaseTranslatableField):
    """A field only the English page holds: neither translated nor copied on sync.

    For a one-to-one link (an organisation has one page): the translations leave it
    empty and read it through their English page.
    """

    def __repr__(self):
        return f"<SourceOnlyField {self.field_name}>"


def synchronised(*field_names):
    """The fields copied from the English page on every sync, not translated: the
    taxonomy (ParentalManyToManyField, which wagtail-localize leaves alone by default)."""
    return [SynchronizedField(name, overridable=False) for name in field_names]
