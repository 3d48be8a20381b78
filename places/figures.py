"""Every published figure, read once per content version and shared by the place pages.

The whole set is small (a few hundred values: 20 wards, a handful of indicators a year),
so one snapshot holds it: the indicators in dashboard order, the areas, and each value.
It is cached in the shared cache under the version of the figures (a scope of the content
version, bumped when an indicator, area, value, ward, neighbourhood or principle is saved:
see ``places.apps``), so a ward, neighbourhood or indicator page reads it with no query,
even right after a project is published.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hetsite.core import content_version

from .models.data import Area, Indicator, IndicatorValue

SNAPSHOT_CACHE_SECONDS = 60 * 60 * 24
FIGURES_SCOPE = "figures"


@dataclass
class Group:
    """A dashboard section: overarching, one policy area, or the wards' context."""

    key: str
    number: int | None
    title: str
    principle: object = None
    indicators: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"policy-area-{self.number}" if self.number else self.key


@dataclass
class Snapshot:
    indicators: list
    by_slug: dict
    areas: dict  # id -> Area
    town: Area | None
    comparators: list
    ward_areas: dict  # ward slug -> Area (with .ward and .ward.neighbourhood)
    neighbourhood_areas: dict  # neighbourhood slug -> Area
    values: dict  # indicator id -> [IndicatorValue], newest period first
    principles: list

    def latest(self, indicator, area):
        """The newest value of ``indicator`` for ``area``, or None."""
        if area is None:
            return None
        for value in self.values.get(indicator.pk, ()):
            if value.area_id == area.pk:
                return value
        return None

    def latest_by_area(self, indicator, kind):
        """{area id: newest value} for every area of ``kind`` with a figure."""
        found = {}
        for value in self.values.get(indicator.pk, ()):
            area = self.areas[value.area_id]
            if area.kind == kind and value.area_id not in found:
                found[value.area_id] = value
        return found

    def has_figures(self, indicator):
        return bool(self.values.get(indicator.pk))

    def groups(self):
        """Indicators by dashboard section: overarching, policy areas 1 to 8 (each
        present even with no indicator), then the wards' context measures."""
        overarching = Group("overarching", None, _("Overarching: a Health Equity Town"))
        areas = [
            Group(f"policy-area-{p.number}", p.number, p.name, principle=p)
            for p in self.principles
        ]
        by_number = {group.number: group for group in areas}
        context = Group("ward-context", None, _("Ward context: social progress and income"))
        for indicator in self.indicators:
            if indicator.group == Indicator.Group.OVERARCHING:
                overarching.indicators.append(indicator)
            elif indicator.group == Indicator.Group.CONTEXT:
                context.indicators.append(indicator)
            elif indicator.principle_id:
                group = by_number.get(indicator.principle.number)
                if group is not None:
                    group.indicators.append(indicator)
        return [overarching, *areas, context]


def _build():
    from hetsite.core.models import MarmotPrinciple

    indicators = list(Indicator.objects.select_related("principle"))
    by_id = {indicator.pk: indicator for indicator in indicators}
    areas = {
        area.pk: area
        for area in Area.objects.select_related("ward__neighbourhood", "neighbourhood")
    }
    values = {}
    for value in IndicatorValue.objects.order_by(
        "indicator_id", "-period_year", "-period", "area_id"
    ):
        value.indicator = by_id[value.indicator_id]
        value.area = areas[value.area_id]
        values.setdefault(value.indicator_id, []).append(value)
    kinds = Area.Kind
    return Snapshot(
        indicators=indicators,
        by_slug={indicator.slug: indicator for indicator in indicators},
        areas=areas,
        town=next((a for a in areas.values() if a.kind == kinds.TOWN), None),
        comparators=sorted(
            (a for a in areas.values() if a.kind == kinds.COMPARATOR),
            key=lambda a: (a.sort_order, a.name),
        ),
        ward_areas={a.ward.slug: a for a in areas.values() if a.kind == kinds.WARD and a.ward},
        neighbourhood_areas={
            a.neighbourhood.slug: a
            for a in areas.values()
            if a.kind == kinds.NEIGHBOURHOOD and a.neighbourhood
        },
        values=values,
        principles=list(MarmotPrinciple.objects.order_by("number")),
    )


# The newest snapshot this process has read, by its key: reading it back from the shared
# cache costs an unpickling (about 2 ms) on every request; a new version changes the key.
_in_process = {}


def snapshot(request=None):
    """The figures as they stand: from this process if read already under the current
    version, else from the shared cache, else from the database."""
    key = f"places:snapshot:{content_version.current(request, scope=FIGURES_SCOPE)}"
    data = _in_process.get(key)
    if data is None:
        data = cache.get(key)
        if data is None:
            data = _build()
            cache.set(key, data, SNAPSHOT_CACHE_SECONDS)
        _in_process.clear()
        _in_process[key] = data
    return data


def ordinal(number):
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass
class Ranked:
    """A ward's figure with its place among the wards (best first)."""

    value: IndicatorValue
    rank: int | None
    out_of: int

    @property
    def rank_text(self):
        if self.rank is None:
            return ""
        return _("%(rank)s of %(count)s wards") % {
            "rank": ordinal(self.rank),
            "count": self.out_of,
        }


def ward_ranking(snap, indicator):
    """Every ward's newest figure, best first (by the indicator's better direction),
    ties sharing a rank. Ranks only when every ward has a figure: ranking the few wards
    the report singles out would suggest a place among all twenty it does not give."""
    latest = snap.latest_by_area(indicator, Area.Kind.WARD)
    values = list(latest.values())
    reverse = indicator.better != Indicator.Better.LOWER
    values.sort(key=lambda v: (-v.value if reverse else v.value, v.area.name))
    complete = len(values) == len(snap.ward_areas) and values
    ranked = []
    previous, previous_rank = None, 0
    for position, value in enumerate(values, start=1):
        rank = None
        if complete and indicator.better != Indicator.Better.NEITHER:
            rank = previous_rank if value.value == previous else position
            previous, previous_rank = value.value, rank
        ranked.append(Ranked(value, rank, len(values)))
    return ranked


def coverage_text(count, total):
    if count == total:
        return ngettext("All %(total)s ward.", "All %(total)s wards.", total) % {"total": total}
    return ngettext(
        "The report gives a figure for %(count)s of the %(total)s wards: those it singles out.",
        "The report gives figures for %(count)s of the %(total)s wards: those it singles out.",
        count,
    ) % {"count": count, "total": total}
