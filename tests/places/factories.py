"""Builders for indicators, areas and figures (``places``)."""

from decimal import Decimal

from hetsite.core.models import Ward
from places.areas import ensure_areas
from places.models import Area, Indicator, IndicatorValue, slug_for
from tests import factories


def indicator(code=None, name=None, unit=Indicator.Unit.YEARS, principle=None, **kwargs):
    """An indicator; in policy area ``principle`` (a number or MarmotPrinciple) if given,
    otherwise overarching."""
    code = code or factories.unique("indicator")
    slug = slug_for(code)
    existing = Indicator.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    if isinstance(principle, int):
        principle = factories.principle(principle)
    kwargs.setdefault(
        "group", Indicator.Group.POLICY_AREA if principle else Indicator.Group.OVERARCHING
    )
    kwargs.setdefault("better", Indicator.Better.HIGHER)
    kwargs.setdefault("definition", f"What {name or code} measures.")
    kwargs.setdefault("source_name", "Luton Annual Public Health Report 2024")
    return Indicator.objects.create(
        slug=slug,
        name=name or code.replace("_", " ").capitalize(),
        unit=unit,
        principle=principle,
        **kwargs,
    )


def area_for(place):
    """The area of a ward or neighbourhood (made when the ward or neighbourhood was saved)."""
    if isinstance(place, Ward):
        return Area.objects.get(ward=place)
    return Area.objects.get(neighbourhood=place)


def town():
    """Luton's area (and the comparators')."""
    ensure_areas()
    return Area.objects.get(slug="luton")


def comparator(name="England"):
    ensure_areas()
    return Area.objects.get(name=name)


def value(indicator, area, figure, period="2020-2022", **kwargs):
    """A figure, saved (through ``save()``, so ``period_year`` is set)."""
    obj = IndicatorValue(
        indicator=indicator, area=area, period=period, value=Decimal(str(figure)), **kwargs
    )
    obj.save()
    return obj
