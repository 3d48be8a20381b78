"""One version for the public content as it stands, shared by every app server.

It changes whenever anything a visitor can see changes: a page is published,
unpublished, moved, renamed or deleted, a view restriction or site changes, or one of
the models other apps register with ``watch()`` (taxonomy, organisations, settings) is
saved or deleted. Fragment caches and computed facet lists put it in their cache keys,
so nothing ever has to be found and deleted: a new version simply misses, and the old
entries expire.

A ``scope`` is a narrower version beside it, for data many pages show but few changes
touch (``places`` keys its figures on the "figures" scope: publishing a project does not
rebuild them). A watched model with a scope bumps both its scope and the version.

It lives in the shared cache (Redis in production), so every app server sees a bump at
once. If the cache is empty or unreachable a new version is made up, which only costs
one cold render.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

CACHE_KEY = "hetsite:content-version"
# Sent with the model as sender (and the instance) after a watched model is saved or
# deleted, once the version is bumped: for whatever else keeps copies of what many pages
# show (the HTTP cache in front bans the whole site on it).
watched_model_changed = Signal()

# On the request, so one request reads the shared cache once however many fragments use it.
REQUEST_ATTRIBUTE = "_hetsite_content_version"


def _key(scope):
    return CACHE_KEY if scope is None else f"{CACHE_KEY}:{scope}"


def current(request=None, scope=None):
    """The current content version (a short string), or that of ``scope``, read once
    per request."""
    attribute = REQUEST_ATTRIBUTE if scope is None else f"{REQUEST_ATTRIBUTE}_{scope}"
    if request is not None:
        version = getattr(request, attribute, None)
        if version:
            return version
    key = _key(scope)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex[:12], None)
        # Another server may have added one first: use whichever won.
        version = cache.get(key) or uuid.uuid4().hex[:12]
    if request is not None:
        setattr(request, attribute, version)
    return version


def bump(*scopes):
    """Start a new version (and one for each of ``scopes``) now, and again once the
    current transaction commits.

    The second bump matters: a request that reads the old rows between the first bump
    and the commit would otherwise cache them under the new version.
    """
    keys = [_key(None), *(_key(scope) for scope in scopes)]

    def new_version():
        cache.set_many({key: uuid.uuid4().hex[:12] for key in keys}, None)

    new_version()
    transaction.on_commit(new_version)


def _bump(sender=None, **kwargs):
    bump()


def _model_handler(scope):
    def handler(sender, instance=None, **kwargs):
        bump(*([scope] if scope else []))
        watched_model_changed.send(sender=sender, instance=instance)

    return handler


def _bump_for_pages(sender, instance=None, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump()


def watch(*models, scope=None):
    """Bump the version (and ``scope``'s, if given) whenever one of ``models`` is saved
    or deleted.

    Apps call this from their ``AppConfig.ready()`` for the snippets and other models
    their public pages show, so this module needs to import none of them.
    """
    handler = _model_handler(scope)
    for model in models:
        uid = f"content-version-{model._meta.label_lower}" + (f"-{scope}" if scope else "")
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


def connect():
    """Bump on every change to the page tree, view restrictions and sites; called from
    ``CoreConfig.ready()``, which also watches the core app's own models."""
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    page_published.connect(_bump, dispatch_uid="content-version-published", weak=False)
    page_unpublished.connect(_bump, dispatch_uid="content-version-unpublished", weak=False)
    post_page_move.connect(_bump, dispatch_uid="content-version-moved", weak=False)
    page_slug_changed.connect(_bump, dispatch_uid="content-version-slug", weak=False)
    post_delete.connect(_bump_for_pages, dispatch_uid="content-version-page-deleted", weak=False)
    watch(PageViewRestriction, Site)
