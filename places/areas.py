"""Areas figures are published for. Each ward and neighbourhood has one, kept in step
with the ward and neighbourhood lists (renaming a ward renames its area)."""

from django.utils.text import slugify

# Luton and the report's comparators (Table 4: "compared across three geographical
# areas ... England; Luton's nearest statistical neighbours and the East of England").
FIXED_AREAS = [
    ("Luton", "town", 0),
    ("England", "comparator", 900),
    ("East of England", "comparator", 901),
    ("Statistical neighbours", "comparator", 902),
]


def _area_for(instance, kind, sort_order):
    from .models import Area

    area = getattr(instance, "area", None) if instance.pk else None
    lookup = {kind: instance}
    fields = {"name": instance.name, "slug": f"{kind}-{instance.slug}", "kind": kind}
    if area is None:
        area = Area.objects.filter(**lookup).first()
    if area is None:
        return Area.objects.create(**lookup, sort_order=sort_order, **fields)
    changed = [name for name, value in fields.items() if getattr(area, name) != value]
    if changed:
        for name in changed:
            setattr(area, name, fields[name])
        area.save(update_fields=changed)
    return area


def ward_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _area_for(instance, "ward", 100)


def neighbourhood_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _area_for(instance, "neighbourhood", 50)


def ensure_areas():
    """Make the area of Luton, each comparator, ward and neighbourhood (idempotent)."""
    from hetsite.core.models import Neighbourhood, Ward

    from .models import Area

    for name, kind, order in FIXED_AREAS:
        Area.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": kind, "sort_order": order}
        )
    for neighbourhood in Neighbourhood.objects.all():
        _area_for(neighbourhood, "neighbourhood", 50)
    for ward in Ward.objects.all():
        _area_for(ward, "ward", 100)
