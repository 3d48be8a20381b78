"""Small builders for test data shared by every app's tests.

App-specific builders live in ``tests/<app>/factories.py`` and build on these.
"""

import io
import itertools

from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from hetsite.core.groups import EDITORS_GROUP, SITE_ADMINS_GROUP
from hetsite.core.models import HomePage, MarmotPrinciple, Neighbourhood, PopulationGroup, Ward

_counter = itertools.count(1)


def unique(prefix="item"):
    return f"{prefix}-{next(_counter)}"


def home_page():
    """The site's HomePage, created (and made the default site's root) if needed."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    # Wagtail's migrations create a "Welcome" page; the HomePage replaces it.
    for child in root.get_children():
        if not isinstance(child.specific, HomePage):
            child.delete()
    home = HomePage(title="Home", slug="home", hero_text="Luton 2040")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


def add_page(parent, page, publish=True):
    """Add ``page`` under ``parent`` and publish it (or leave it as a draft)."""
    if not page.slug:
        page.slug = unique("page")
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish() if page.live else None
    page.refresh_from_db()
    return page


def principle(number=1, name=None):
    obj, _ = MarmotPrinciple.objects.get_or_create(
        number=number,
        defaults={"name": name or f"Principle {number}", "slug": f"principle-{number}"},
    )
    return obj


def neighbourhood(name="North Luton"):
    from django.utils.text import slugify

    obj, _ = Neighbourhood.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return obj


# More wards than a filter form shows unfolded (it folds lists longer than eight).
MANY_WARDS = [
    "Barnfield",
    "Beech Hill",
    "Biscot",
    "Challney",
    "Dallow",
    "Farley",
    "High Town",
    "Leagrave",
    "Lewsey",
]


def ward(name="Biscot", neighbourhood_name="West Central"):
    from django.utils.text import slugify

    obj, _ = Ward.objects.get_or_create(
        slug=slugify(name),
        defaults={"name": name, "neighbourhood": neighbourhood(neighbourhood_name)},
    )
    return obj


def population_group(name="Older people"):
    from django.utils.text import slugify

    obj, _ = PopulationGroup.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return obj


def user(username=None, groups=(), password="correct-horse-battery", **kwargs):  # noqa: S107
    User = get_user_model()
    username = username or unique("user")
    obj = User.objects.create_user(
        username=username, email=f"{username}@example.org", password=password, **kwargs
    )
    for name in groups:
        obj.groups.add(Group.objects.get(name=name))
    return obj


def editor(username=None):
    return user(username or unique("editor"), groups=[EDITORS_GROUP])


def site_admin(username=None):
    return user(username or unique("admin"), groups=[SITE_ADMINS_GROUP])


def image_file(name="photo.png", size=(40, 30), fmt="PNG", colour=(0, 89, 79)):
    buf = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buf, fmt)
    buf.seek(0)
    return ImageFile(buf, name=name)


def image(title="Test image", **kwargs):
    return get_image_model().objects.create(title=title, file=image_file(**kwargs))
