"""What to purge from the HTTP cache when public content changes, sent after commit.

A page that is published, unpublished, moved or deleted purges every URL that shows it
or a summary of it:

- the page itself (and its old address after a move or a slug change, with everything
  under it, by a BAN on the path prefix);
- its ancestors: the parent index, the organisation page, the home page;
- every live library (each page type built on ``hetsite.core``'s ``IndexPage``);
- the pages it links to and the pages that link to it (Wagtail's reference index:
  featured pages, related projects, priority groups, prize winners...);
- whatever the ``hetsite_purge_urls`` hook adds: a function taking the page and returning
  pages or site-relative paths (feeds, exports, the sitemap, search; see wagtail_hooks);
- every page of the types the ``hetsite_purge_page_types`` hook names (model labels), by a
  BAN on the ``X-Cache-Tags`` header: for pages that pick what they summarise by shared
  terms (a case study shows on other case studies and projects as "related").

Models whose change can show on any page (taxonomy, organisations, site settings, view
restrictions, sites: every model ``hetsite.core.content_version.watch`` watches) ban the
whole site: such edits are rare, and one render per page afterwards is cheaper than
tracking every page that shows a ward name or the footer.

wagtail.contrib.frontend_cache provides the backends (``WAGTAILFRONTENDCACHE``) and
``PurgeBatch``; its own app is not installed, as its signal handlers purge only the page
itself, before the commit, through the task queue. These handlers replace them.

Everything is collected during the transaction and sent once it commits, so a request
arriving between the purge and the commit cannot put the old page back. Nothing here
ever raises into the request: an unreachable cache is logged and the publish goes on.
"""

import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db import transaction

from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, ReferenceIndex, Site

from hetsite.core.languages import is_default

logger = logging.getLogger("hetsite.httpcache")
HOOK = "hetsite_purge_urls"
PAGE_TYPES_HOOK = "hetsite_purge_page_types"
_pending = threading.local()


def library_models():
    from hetsite.core.models.base import IndexPage

    return [m for m in apps.get_models() if issubclass(m, IndexPage) and not m._meta.abstract]


def site_root_url(page):
    parts = page.get_url_parts()
    if parts is not None:
        return parts[1]
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def linked_pages(page):
    """Live pages that link to ``page`` or that ``page`` links to (reference index)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    inbound = ReferenceIndex.get_references_to(page).filter(base_content_type=page_type)
    outbound = ReferenceIndex.get_references_for_object(page).filter(to_content_type=page_type)
    ids = {int(i) for i in inbound.values_list("object_id", flat=True)}
    ids |= {int(i) for i in outbound.values_list("to_object_id", flat=True)}
    ids.discard(page.pk)
    return Page.objects.live().filter(pk__in=ids) if ids else Page.objects.none()


def urls_for_page(page):
    """Every full URL that shows ``page`` or a summary of it."""
    batch = PurgeBatch()
    batch.add_page(page)
    # Its translations: their language switchers list the languages it exists in.
    batch.add_pages(page.get_translations().live())
    batch.add_pages(page.get_ancestors().live().filter(depth__gt=1))
    batch.add_pages(Page.objects.live().type(*library_models()))
    batch.add_pages(linked_pages(page))
    root_url = site_root_url(page)
    for hook in hooks.get_hooks(HOOK):
        for item in hook(page) or ():
            if isinstance(item, Page):
                batch.add_page(item)
            else:
                batch.add_url(root_url + item)
    return in_every_language(batch.urls, root_url)


def in_every_language(urls, root_url):
    """``urls`` and, for each English one, its address under every other language's
    prefix: an English page is also shown there (as a fallback, or listed in that
    language's libraries)."""
    prefixes = [f"/{code}" for code, _name in settings.LANGUAGES if not is_default(code)]
    found = list(dict.fromkeys(urls))
    for url in list(found):
        if not url or not url.startswith(root_url) or not url[len(root_url) :].startswith("/"):
            continue
        path = url[len(root_url) :]
        if any(path == p or path.startswith(f"{p}/") for p in prefixes):
            continue
        found.extend(f"{root_url}{prefix}{path}" for prefix in prefixes)
    return list(dict.fromkeys(found))


def page_types_for_page(page):
    return {label for hook in hooks.get_hooks(PAGE_TYPES_HOOK) for label in hook(page) or ()}


def page_path(page):
    """The site-relative path of ``page`` ("/case-studies/walks/"), or None."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def schedule(urls=(), prefixes=(), page_types=()):
    """Purge ``urls``, ban ``prefixes`` and ``page_types`` once the transaction commits."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    state = getattr(_pending, "state", None)
    if state is None:
        state = _pending.state = {"urls": set(), "prefixes": set(), "types": set()}
    state["urls"].update(urls)
    state["prefixes"].update(p for p in prefixes if p)
    state["types"].update(page_types)
    # One callback per change; the first to run sends everything, the rest find nothing.
    # (After a rollback the URLs wait for the next commit: an extra purge is harmless.)
    transaction.on_commit(flush)


def flush():
    state = getattr(_pending, "state", None)
    _pending.state = None
    if state:
        send(state["urls"], state["prefixes"], state["types"])


def send(urls, prefixes=(), page_types=()):
    try:
        backends = get_backends()
    except Exception:
        logger.exception("HTTP cache purge skipped: WAGTAILFRONTENDCACHE is wrong")
        return
    prefixes = sorted(prefixes)
    tags = sorted(f"type:{label}" for label in page_types)
    if "/" in prefixes:
        prefixes, urls, tags = ["/"], [], []
    for name, backend in backends.items():
        try:
            if prefixes and hasattr(backend, "ban_prefixes"):
                backend.ban_prefixes(prefixes)
            if tags and hasattr(backend, "ban_tags"):
                backend.ban_tags(tags)
            if urls:
                backend.purge_batch(sorted(urls))
            logger.info("[%s] purged %d URLs, banned %s", name, len(urls), prefixes + tags)
        except Exception:
            logger.exception("HTTP cache purge failed on %s", name)


def safely(handler):
    """Signal handlers do nothing without a cache to purge, and never turn a publish
    into a server error."""

    def wrapper(*args, **kwargs):
        if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            return
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("Could not work out what to purge from the HTTP cache")

    wrapper.__name__ = handler.__name__
    return wrapper


@safely
def on_page_changed(sender, instance, **kwargs):
    """page_published, page_unpublished and post_page_move."""
    schedule(urls_for_page(instance), page_types=page_types_for_page(instance))


@safely
def on_page_moving(sender, instance, url_path_before=None, **kwargs):
    """pre_page_move: the old address and everything under it."""
    schedule(
        urls_for_page(instance),
        in_every_language([page_path(instance)], ""),
        page_types_for_page(instance),
    )


@safely
def on_slug_changed(sender, instance, instance_before=None, **kwargs):
    if instance_before is not None:
        schedule(
            urls_for_page(instance_before), in_every_language([page_path(instance_before)], "")
        )


@safely
def on_page_deleted(sender, instance, **kwargs):
    """pre_delete of any page (and of each page under it)."""
    if isinstance(instance, Page) and instance.live:
        schedule(
            urls_for_page(instance),
            in_every_language([page_path(instance)], ""),
            page_types_for_page(instance),
        )


@safely
def on_site_wide_change(sender, instance=None, **kwargs):
    schedule(prefixes=["/"])


@safely
def on_redirect_changed(sender, instance, **kwargs):
    """A redirect replaces whatever the cache kept at its old path (often a 404)."""
    if instance.old_path:
        schedule([site_root_url_for(instance.site) + instance.old_path])


def site_root_url_for(site):
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""
