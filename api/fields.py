"""How the API shows what a page is tagged with and links to.

Each related page or record becomes a small object with its name and public address,
never the related model's own fields (Wagtail's default would nest the object's id and
an API address, and let ``?fields=`` reach into it). A related page that is not live and
public (a draft priority group, an organisation page under a view restriction) shows as
``null``, so the API never names a page the site does not show.
"""

from decimal import Decimal

from rest_framework.fields import Field

from django.core.exceptions import ObjectDoesNotExist


def is_public(page, request_context):
    """Whether ``page`` is live and outside every view restriction."""
    return bool(
        page is not None
        and page.live
        and not page.path.startswith(request_context["restricted_paths"])
    )


def page_link(page):
    return {"id": page.pk, "title": page.title, "html_url": page.full_url}


def decimal_string(value):
    """A figure as a plain string, as stored: no float rounding, no thousands
    separator, no trailing zeros the database added ("59.2", not "59.2000")."""
    if value is None:
        return None
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class TermsField(Field):
    """A many-to-many taxonomy (wards, principles, population groups): a list of terms,
    from the prefetched rows."""

    def __init__(self, *, extra=(), **kwargs):
        self.extra = tuple(extra)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [term_object(term, self.extra) for term in manager.all()]


class TermField(Field):
    """A single taxonomy term (a case study's neighbourhood), or null."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, term):
        return term_object(term)


def term_object(term, extra=()):
    data = {"name": term.name, "slug": term.slug}
    for name in extra:
        data[name] = getattr(term, name)
    return data


class PageLinkField(Field):
    """A related page (priority group, related project): its title and address, or null
    when the page is not live and public."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        page = super().get_attribute(instance)
        return page if is_public(page, self.context) else None

    def to_representation(self, page):
        return page_link(page)


class OrganisationField(Field):
    """The partner organisation: its name, slug and sector, and its page's address when
    that page is live and public. Nothing else of the record (its members, registration
    number, whether it may sign in) is shown."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, organisation):
        try:
            page = organisation.page
        except ObjectDoesNotExist:
            page = None
        return {
            "name": organisation.name,
            "slug": organisation.slug,
            "sector": organisation.sector,
            "html_url": page.full_url if is_public(page, self.context) else None,
        }
