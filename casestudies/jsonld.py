"""schema.org metadata for a case study, serialised safely for a <script> data block."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hetsite.core.languages import default_language, html_lang, locale_codes

# The characters that could end the <script> element or start an HTML comment.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dumps_for_script(data):
    """JSON that is safe inside <script type="application/ld+json"> (as json_script does)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)


def json_ld_script(data):
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(dumps_for_script(data)),  # noqa: S308  (escaped by dumps_for_script)
    )


def case_study_json_ld(page, request, principles, wards):
    url = page.get_full_url(request=request) if page.pk else None
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title[:110],
        "name": page.title,
        "description": page.get_listing_summary(),
        "inLanguage": html_lang(locale_codes().get(page.locale_id, default_language())),
        "author": {"@type": "Organization", "name": page.organisation_name},
        "publisher": {"@type": "Organization", "name": "Luton Health Equity Town"},
        "temporalCoverage": str(page.year) if page.year else None,
        "about": [{"@type": "Thing", "name": principle.name} for principle in principles],
        "spatialCoverage": [
            {"@type": "Place", "name": f"{ward.name} ward, Luton"} for ward in wards
        ]
        or {"@type": "Place", "name": "Luton"},
    }
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    return {key: value for key, value in data.items() if value not in (None, "", [])}
