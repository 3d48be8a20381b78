"""The editor and administrator groups and their permissions.

``ensure_groups`` runs after every ``migrate`` (see ``apps.CoreConfig.ready``), so a new
database, the test database and a production upgrade all get the same groups. It only
adds: permissions an administrator grants by hand are left alone.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page

EDITORS_GROUP = "Public health editors"
SITE_ADMINS_GROUP = "Site administrators"

PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", ["add_image", "change_image", "choose_image", "delete_image"]),
    ("wagtaildocs", ["add_document", "change_document", "choose_document", "delete_document"]),
]
# App-level permissions for editors: (app_label, [model names]) → add/change/delete/view.
EDITOR_MODELS = [
    ("core", ["marmotprinciple", "neighbourhood", "ward", "populationgroup"]),
]
# Extra codenames editors get (other apps add theirs with ``register_editor_permissions``).
EDITOR_CODENAMES = [("wagtailadmin", "access_admin")]

_extra_editor_permissions = []


def register_editor_permissions(app_label, codenames):
    """Let another app give Public health editors its permissions (call in ready())."""
    _extra_editor_permissions.append((app_label, list(codenames)))


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_groups(**kwargs):
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    admins, _ = Group.objects.get_or_create(name=SITE_ADMINS_GROUP)

    # Wagtail's own migrations create the tree roots; a test database flushed between
    # transactional tests has lost them, so recreate them the way Wagtail does.
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root_page = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group in (editors, admins):
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission("wagtailcore", codename)
            )
        for app_label, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(app_label, codename),
                )

    editor_perms = [_permission(a, c) for a, c in EDITOR_CODENAMES]
    for app_label, models in EDITOR_MODELS:
        for model in models:
            for action in ("add", "change", "delete", "view"):
                editor_perms.append(_permission(app_label, f"{action}_{model}"))
    for app_label, codenames in _extra_editor_permissions:
        editor_perms.extend(_permission(app_label, c) for c in codenames)
    editors.permissions.add(*editor_perms)

    # Administrators manage users, groups, workflows, sites and settings: every permission.
    admins.permissions.add(*Permission.objects.all())
