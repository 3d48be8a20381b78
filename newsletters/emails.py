"""Every email the newsletter sends, in HTML for email clients and in plain text.

Email clients ignore stylesheets and relative links, so the HTML uses tables and inline
styles, and every link and image address is made absolute. (The site's
Content-Security-Policy is about web pages; it does not apply to email.) Every email to a
subscriber carries a one-click unsubscribe link and the RFC 8058 headers.

Sign-up and test emails go through the outbox (``hetsite.core.outbox.queue_email``): no
request waits for the mail server. Issues to subscribers are sent by ``sending``, which
keeps its own per-subscriber record.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext

from wagtail.rich_text import expand_db_html

from hetsite.core.outbox import queue_email

from .blocks import FEATURED_TYPES

UNSUBSCRIBE_PLACEHOLDER = "NEWSLETTER-UNSUBSCRIBE-URL"
PREFERENCES_PLACEHOLDER = "NEWSLETTER-PREFERENCES-URL"
# Test and preview emails go to no subscriber: their unsubscribe link says so.
PREVIEW_TOKEN = "preview"  # noqa: S105 - not a secret
SITE_NAME = "Luton Health Equity Town"

# Inline styles for the tags rich text produces (email clients drop <style> blocks).
RICH_TEXT_STYLES = {
    "p": "margin:0 0 16px 0;",
    "h3": "margin:24px 0 8px 0;font-size:18px;line-height:24px;color:#1d2327;",
    "ul": "margin:0 0 16px 0;padding-left:24px;",
    "ol": "margin:0 0 16px 0;padding-left:24px;",
    "li": "margin:0 0 4px 0;",
    "a": "color:#00576b;text-decoration:underline;",
}
_RICH_TAG_RE = re.compile(r"<(p|h3|ul|ol|li|a)(?=[\s>])")
_RELATIVE_URL_RE = re.compile(r'\b(href|src)="/(?!/)')


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str = ""
    headers: dict = field(default_factory=dict)


def base_url_for(page=None):
    """The site's absolute root URL (no trailing slash) for links in emails."""
    if page is not None:
        site = page.get_site()
        if site is not None:
            return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolutise(html, base_url):
    return _RELATIVE_URL_RE.sub(lambda m: f'{m.group(1)}="{base_url}/', html)


def style_rich_text(html):
    return _RICH_TAG_RE.sub(
        lambda m: f'<{m.group(1)} style="{RICH_TEXT_STYLES[m.group(1)]}"', html
    )


class _TextConverter(HTMLParser):
    """Turn simple HTML (rich text) into readable plain text with links spelt out."""

    BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "table", "tr", "blockquote"}

    def __init__(self, base_url):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append(attrs.get("href") or "")
        elif tag == "img" and attrs.get("alt"):
            self.parts.append(f"[Image: {attrs['alt']}]")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href.startswith("/"):
                href = self.base_url + href
            if href and not href.startswith("#"):
                self.parts.append(f" ({href})")
        elif tag in self.BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        text = "".join(self.parts)
        lines = [line.strip() for line in text.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html, base_url=""):
    converter = _TextConverter(base_url)
    converter.feed(html)
    converter.close()
    return converter.text()


def unsubscribe_urls(subscriber, base_url):
    """(page with a confirm button, RFC 8058 one-click POST endpoint) for a subscriber."""
    from .subscriptions import unsubscribe_token

    if subscriber is None or subscriber.pk is None:
        token = PREVIEW_TOKEN
    else:
        token = unsubscribe_token(subscriber)
    page = base_url + reverse("newsletters:unsubscribe", args=[token])
    one_click = base_url + reverse("newsletters:unsubscribe_one_click", args=[token])
    return page, one_click


def preferences_url(subscriber, base_url):
    """The "Choose what you hear about" page for a subscriber (their own signed link)."""
    from .subscriptions import preferences_token

    if subscriber is None or subscriber.pk is None:
        token = PREVIEW_TOKEN
    else:
        token = preferences_token(subscriber)
    return base_url + reverse("newsletters:preferences", args=[token])


def list_headers(subscriber, base_url):
    _page, one_click = unsubscribe_urls(subscriber, base_url)
    targets = [f"<{one_click}>"]
    mailto = getattr(settings, "NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe>")
    host = urlsplit(base_url).hostname or "localhost"
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Health Equity Town newsletter <newsletter.{host}>",
    }


def build_message(rendered, to, *, connection=None):
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=rendered.headers,
        connection=connection,
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    return message


def personalise(template, subscriber, base_url):
    """Fill a rendered issue in for one subscriber (their unsubscribe link and headers)."""
    page_url, _one_click = unsubscribe_urls(subscriber, base_url)
    choose_url = preferences_url(subscriber, base_url)

    def fill(content):
        return content.replace(UNSUBSCRIBE_PLACEHOLDER, page_url).replace(
            PREFERENCES_PLACEHOLDER, choose_url
        )

    return RenderedEmail(
        subject=template.subject,
        text=fill(template.text),
        html=fill(template.html),
        headers=list_headers(subscriber, base_url),
    )


# --- Newsletter issues ------------------------------------------------------------------


def _block_items(issue, base_url):
    """The issue's blocks as plain data both renderings use."""
    from .models import prefetch_card_images

    prefetch_card_images(issue.featured_pages())
    items = []
    for block in issue.body:
        value = block.value
        kind = block.block_type
        if kind == "section":
            html = style_rich_text(absolutise(expand_db_html(value["text"].source), base_url))
            items.append({"type": kind, "heading": value["heading"], "html": html})
        elif kind in FEATURED_TYPES:
            page = value.get("page")
            if page is None or not page.live:
                continue
            url = page.get_url() or ""
            if url.startswith("/"):
                url = base_url + url
            items.append(
                {
                    "type": "featured",
                    "label": block.block.card_label,
                    "title": page.title,
                    "url": url,
                    "summary": page.get_listing_summary() or "",
                    "note": value.get("note") or "",
                    "image": page.listing_image,
                }
            )
        elif kind == "image":
            image = value["image"]
            if image is None:
                continue
            items.append(
                {
                    "type": "image",
                    "image": image,
                    "alt": ""
                    if getattr(image, "decorative", False)
                    else image.contextual_alt_text,
                    "caption": value.get("caption") or "",
                }
            )
        elif kind == "call_to_action":
            target = value.get("page")
            url = value.get("url") or ""
            if target is not None:
                url = target.get_url() or ""
            if url.startswith("/"):
                url = base_url + url
            items.append(
                {
                    "type": kind,
                    "heading": value["heading"],
                    "text": value.get("text") or "",
                    "link_text": value["link_text"],
                    "url": url,
                }
            )
    return items


def _issue_text(issue, items, base_url, web_url):
    lines = [
        issue.title,
        "=" * len(issue.title),
        # Translators: quarter, year and date, e.g. "January to March 2026 · 2 April 2026".
        gettext("%(quarter)s %(year)s · %(date)s")
        % {
            "quarter": issue.get_quarter_display(),
            "year": issue.year,
            "date": date_format(issue.issue_date, "j F Y"),
        },
        "",
        issue.summary,
        "",
        gettext("Read it on the website: %(url)s") % {"url": web_url},
    ]
    for item in items:
        lines.append("")
        if item["type"] == "section":
            lines += [item["heading"], "-" * len(item["heading"]), ""]
            lines.append(html_to_text(item["html"], base_url))
        elif item["type"] == "featured":
            lines.append(f"{item['label']}: {item['title']}")
            if item["note"]:
                lines.append(item["note"])
            if item["summary"]:
                lines.append(item["summary"])
            lines.append(item["url"])
        elif item["type"] == "image":
            if item["alt"] or item["caption"]:
                lines.append(
                    gettext("[Image: %(description)s]")
                    % {"description": item["caption"] or item["alt"]}
                )
        elif item["type"] == "call_to_action":
            lines.append(item["heading"])
            if item["text"]:
                lines.append(item["text"])
            lines.append(f"{item['link_text']}: {item['url']}")
    if issue.pdf_id:
        lines += ["", gettext("PDF version: %(url)s") % {"url": f"{base_url}{issue.pdf.url}"}]
    lines += [
        "",
        "--",
        gettext(
            "You are receiving this because you subscribed to the Health Equity Town newsletter."
        ),
        gettext("Choose what you hear about: %(preferences_url)s")
        % {"preferences_url": PREFERENCES_PLACEHOLDER},
        gettext("Unsubscribe: %(unsubscribe_url)s") % {"unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER},
    ]
    return "\n".join(lines) + "\n"


def render_issue_template(issue, request=None):
    """The issue's email with a placeholder where each subscriber's link goes."""
    base_url = base_url_for(issue)
    items = _block_items(issue, base_url)
    web_url = issue.get_full_url(request) or base_url + (issue.url or "/")
    pdf_url = f"{base_url}{issue.pdf.url}" if issue.pdf_id else ""
    context = {
        "issue": issue,
        "items": items,
        "web_url": web_url,
        "pdf_url": pdf_url,
        "base_url": base_url,
        "site_name": SITE_NAME,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "preferences_url": PREFERENCES_PLACEHOLDER,
    }
    html = absolutise(render_to_string("newsletters/email/issue.html", context), base_url)
    return RenderedEmail(
        subject=gettext("%(title)s – %(site_name)s newsletter")
        % {"title": issue.title, "site_name": SITE_NAME},
        text=_issue_text(issue, items, base_url, web_url),
        html=html,
    )


def render_issue_email(issue, subscriber=None, request=None):
    template = render_issue_template(issue, request=request)
    return personalise(template, subscriber, base_url_for(issue))


def send_test_email(issue, to_address, request=None):
    """Queue the issue for an editor, marked as a test. Not recorded as a delivery."""
    rendered = render_issue_email(issue, subscriber=None, request=request)
    rendered.subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
    return queue_email(build_message(rendered, to_address), kind="newsletter_test")


# --- Sign-up emails ---------------------------------------------------------------------


def _render_simple(template_name, subject, context, subscriber, base_url):
    page_url, _one_click = unsubscribe_urls(subscriber, base_url)
    context = {
        "site_name": SITE_NAME,
        "base_url": base_url,
        **context,
        "unsubscribe_url": page_url,
        "preferences_url": preferences_url(subscriber, base_url),
    }
    html = absolutise(render_to_string(f"{template_name}.html", context), base_url)
    text = render_to_string(f"{template_name}.txt", context)
    return RenderedEmail(
        subject=subject,
        text=unescape(strip_tags(text)),
        html=html,
        headers=list_headers(subscriber, base_url),
    )


def send_confirmation_email(subscriber, base_url=None):
    from .subscriptions import CONFIRM_MAX_AGE, confirm_token

    base_url = base_url or base_url_for()
    confirm_url = base_url + reverse("newsletters:confirm", args=[confirm_token(subscriber)])
    rendered = _render_simple(
        "newsletters/email/confirm",
        gettext("Confirm your subscription to the %(site_name)s newsletter")
        % {"site_name": SITE_NAME},
        {"confirm_url": confirm_url, "valid_days": CONFIRM_MAX_AGE.days},
        subscriber,
        base_url,
    )
    return queue_email(build_message(rendered, subscriber.email), kind="newsletter_confirm")


def send_already_subscribed_email(subscriber, base_url=None):
    base_url = base_url or base_url_for()
    rendered = _render_simple(
        "newsletters/email/already_subscribed",
        gettext("You are already subscribed to the %(site_name)s newsletter")
        % {"site_name": SITE_NAME},
        {},
        subscriber,
        base_url,
    )
    return queue_email(
        build_message(rendered, subscriber.email), kind="newsletter_already_subscribed"
    )
