from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyTerm(index.Indexed, models.Model):
    """Base for the small vocabularies editors manage as snippets."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in filter URLs.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class MarmotPrinciple(TaxonomyTerm):
    """One of the eight Marmot policy objectives."""

    number = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    short_name = models.CharField(max_length=60, blank=True, help_text="For filters and tags.")
    description = models.TextField(blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = "Marmot principle"

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def label(self):
        return self.short_name or self.name


class Neighbourhood(TaxonomyTerm):
    """One of Luton's five neighbourhoods (integrated neighbourhood team areas)."""

    class Meta(TaxonomyTerm.Meta):
        pass


class Ward(TaxonomyTerm):
    """An electoral ward. Its figures (Social Progress Index, income, indicators) are
    published as ``places.IndicatorValue`` rows for its area."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="wards"
    )
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("neighbourhood"),
    ]

    class Meta(TaxonomyTerm.Meta):
        ordering = ["name"]


class PopulationGroup(TaxonomyTerm):
    """Who a project or case study is for (e.g. children and young people, carers)."""

    class Meta(TaxonomyTerm.Meta):
        pass
