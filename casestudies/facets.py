"""The facet option lists of the case study library, cached until content changes.

Building them takes one query per facet; every index request needs them, and they
only change when a case study is published, unpublished, moved or deleted, or a
taxonomy term is renamed. ``signals.py`` clears the cache on those events.
"""

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

CACHE_KEY = "casestudies:facets:v1"
CACHE_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Option:
    """One choice of a facet: ``value`` goes in the URL, ``id`` in the database query."""

    id: int
    value: str
    label: str
    name: str = ""

    # So an option can stand in for the taxonomy term in templates.
    @property
    def slug(self):
        return self.value

    def __str__(self):
        return self.label


@dataclass(frozen=True)
class Facets:
    principle: tuple
    ward: tuple
    neighbourhood: tuple
    priority: tuple
    population_group: tuple
    organisation: tuple
    year: tuple
    index_url: str | None
    # Tree paths of pages behind a view restriction (what Page.public() excludes).
    restricted_paths: tuple = ()
    # Changes whenever the lists are rebuilt: a key for caches that depend on them.
    generation: str = field(default_factory=lambda: uuid.uuid4().hex)

    def options(self, name):
        return getattr(self, name)

    def by_value(self, name):
        return {option.value: option for option in getattr(self, name)}

    def by_id(self, name):
        return {option.id: option for option in getattr(self, name)}


def live_case_studies(facets=None):
    """Live case studies outside private sections.

    With ``facets``, the private sections come from the cache instead of the query
    ``public()`` makes on every call.
    """
    from .models import CaseStudyPage

    if facets is None:
        return CaseStudyPage.objects.live().public()
    private = Q()
    for path in facets.restricted_paths:
        private |= Q(path__startswith=path)
    queryset = CaseStudyPage.objects.live()
    return queryset.exclude(private) if private else queryset


def build_facets():
    from wagtail.models import PageViewRestriction

    from hetsite.core.models import MarmotPrinciple, Neighbourhood, PopulationGroup, Ward
    from priorities.models import PriorityGroupPage
    from projects.models import PartnerOrganisation

    from .models import CaseStudyIndexPage

    ids = live_case_studies().values("pk")

    def terms(queryset, label=lambda term: term.name):
        return tuple(
            Option(term.pk, term.slug, label(term), getattr(term, "name", "") or term.title)
            for term in queryset.filter(case_studies__in=ids).distinct()
        )

    index = CaseStudyIndexPage.objects.live().public().first()
    return Facets(
        principle=terms(
            MarmotPrinciple.objects.order_by("number"),
            label=lambda p: f"{p.number}. {p.label}",
        ),
        ward=terms(Ward.objects.order_by("name")),
        neighbourhood=terms(Neighbourhood.objects.order_by("sort_order", "name")),
        priority=terms(PriorityGroupPage.objects.order_by("title"), label=lambda g: g.title),
        population_group=terms(PopulationGroup.objects.order_by("sort_order", "name")),
        organisation=terms(PartnerOrganisation.objects.order_by("name")),
        year=tuple(
            Option(year, str(year), str(year))
            for year in live_case_studies()
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        ),
        index_url=index.get_url() if index else None,
        restricted_paths=tuple(
            sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        ),
    )


def get_facets():
    facets = cache.get(CACHE_KEY)
    if facets is None:
        facets = build_facets()
        cache.set(CACHE_KEY, facets, CACHE_TIMEOUT)
    return facets


def clear_facets():
    """Forget the cached facets now and again once the current transaction commits."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
