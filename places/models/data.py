"""Places and the Marmot Town indicators: the figures, and the pages that show them.

An ``Indicator`` is a measure (Table 4 of the 2024 report, plus the measures the report
gives ward figures for); an ``IndicatorValue`` is one published figure for one ``Area``
(a ward, a neighbourhood, Luton or a comparator) and period. Editors manage them as
snippets and import them from CSV (``places.importer``). The public side is two routable
pages: ``/wards/`` (wards and neighbourhoods) and ``/indicators/`` (the dashboard).
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from hetsite.core.validators import http_url_validator


class Area(models.Model):
    """A place a figure is published for: a ward, a neighbourhood, Luton or a comparator.

    Wards and neighbourhoods get their area automatically (``places.areas``); the
    others are made by the demo loader or by an editor.
    """

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
        TOWN = "town", "Luton"
        COMPARATOR = "comparator", "Comparator"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ward = models.OneToOneField(
        "core.Ward", null=True, blank=True, on_delete=models.CASCADE, related_name="area"
    )
    neighbourhood = models.OneToOneField(
        "core.Neighbourhood",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="area",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.WARD and not self.ward_id:
            raise ValidationError({"kind": "Ward areas are made from the ward list."})
        if self.kind == self.Kind.NEIGHBOURHOOD and not self.neighbourhood_id:
            raise ValidationError({"kind": "Neighbourhood areas are made from the list."})


class Indicator(index.Indexed, models.Model):
    """A measure the town tracks, under one Marmot policy area (or overarching)."""

    class Group(models.TextChoices):
        OVERARCHING = "overarching", _("Overarching: a Health Equity Town")
        POLICY_AREA = "policy_area", _("A Marmot policy area")
        CONTEXT = "context", _("Ward context (Social Progress Index and income)")

    class Unit(models.TextChoices):
        PERCENT = "percent", _("Per cent (%)")
        YEARS = "years", _("Years")
        SCORE = "score", _("Score")
        INDEX = "index", _("Index score (0 to 100)")
        PER_1000 = "per_1000", _("Rate per 1,000")
        PER_100000 = "per_100000", _("Rate per 100,000")
        GBP_THOUSANDS = "gbp_thousands", _("£ thousands")
        HOUSEHOLDS = "households", _("Households")

    class Better(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        NEITHER = "neither", _("Neither (context only)")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        ANNUAL = "annual", _("Every year")
        CENSUS = "census", _("Every ten years (census)")
        NOT_STATED = "not_stated", _("Not stated by the source")

    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Its address under /indicators/ and its name in CSV files.",
    )
    group = models.CharField(max_length=20, choices=Group.choices, default=Group.POLICY_AREA)
    principle = models.ForeignKey(
        "core.MarmotPrinciple",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name="Marmot policy area",
        help_text="Only for indicators in a policy area.",
    )
    in_table_4 = models.BooleanField(
        "one of the Marmot Town indicators",
        default=True,
        help_text="Listed in Table 4 of the Annual Public Health Report.",
    )
    definition = models.TextField(max_length=1000, help_text="What it measures, in plain words.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    better = models.CharField("which direction is better", max_length=10, choices=Better.choices)
    frequency = models.CharField(
        "how often it is published",
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.NOT_STATED,
    )
    source_name = models.CharField("source", max_length=200)
    source_url = models.URLField(
        "source link", blank=True, max_length=400, validators=[http_url_validator]
    )
    report_reference = models.CharField(
        max_length=60, blank=True, help_text='Where the report shows it, e.g. "Figure 13".'
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("group"), FieldPanel("principle"), FieldPanel("in_table_4")],
            heading="Where it belongs",
        ),
        FieldPanel("definition"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("better"), FieldPanel("frequency")]),
        MultiFieldPanel(
            [FieldPanel("source_name"), FieldPanel("source_url"), FieldPanel("report_reference")],
            heading="Source",
        ),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("definition"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.group == self.Group.POLICY_AREA and not self.principle_id:
            raise ValidationError({"principle": "Choose the policy area this indicator is in."})
        if self.group != self.Group.POLICY_AREA and self.principle_id:
            raise ValidationError(
                {"principle": "Only indicators in a policy area have one; leave it blank."}
            )

    @property
    def unit_suffix(self):
        """What follows a figure in running text: "84.57 years", "13%"."""
        return UNIT_SUFFIX[self.unit]

    def format(self, value):
        return format_value(value, self.unit)


UNIT_SUFFIX = {
    "percent": "%",
    "years": " years",
    "score": "",
    "index": "",
    "per_1000": " per 1,000",
    "per_100000": " per 100,000",
    "gbp_thousands": "k",
    "households": " households",
}


def plain_number(value):
    """A figure as the source printed it: no trailing zeros the database added
    (59.2, not 59.2000), thousands separated."""
    if value is None:
        return ""
    text = f"{Decimal(value):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value(value, unit):
    if value is None:
        return ""
    number = plain_number(value)
    if unit == "gbp_thousands":
        return f"£{number}k"
    return f"{number}{UNIT_SUFFIX[unit]}"


def period_year(period):
    """The last year a period names ("2020-2022" → 2022, "2025-01" → 2025), for
    ordering; None when the source states no period."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", period or "")
    return int(years[-1]) if years else None


class IndicatorValue(models.Model):
    """One published figure: an indicator, for an area and period."""

    class Comparison(models.TextChoices):
        NONE = "", _("None stated")
        BETTER_THAN_LUTON = "better_than_luton", _("Better than Luton")
        SIMILAR_TO_LUTON = "similar_to_luton", _("Similar to Luton")
        WORSE_THAN_LUTON = "worse_than_luton", _("Worse than Luton")
        BETTER_THAN_ENGLAND = "better_than_england", _("Better than England")
        SIMILAR_TO_ENGLAND = "similar_to_england", _("Similar to England")
        WORSE_THAN_ENGLAND = "worse_than_england", _("Worse than England")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(
        max_length=40, help_text='As the source states it: "2020-2022", "2025-01", "not stated".'
    )
    period_year = models.PositiveSmallIntegerField(null=True, editable=False)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    lower_ci = models.DecimalField(
        "confidence interval, lower", max_digits=14, decimal_places=4, null=True, blank=True
    )
    upper_ci = models.DecimalField(
        "confidence interval, upper", max_digits=14, decimal_places=4, null=True, blank=True
    )
    comparison = models.CharField(
        max_length=24,
        blank=True,
        choices=Comparison.choices,
        help_text="Only as the source states it.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="The source's own remark, as printed."
    )

    panels = [
        FieldPanel("indicator"),
        FieldPanel("area"),
        FieldPanel("period"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("lower_ci"), FieldPanel("upper_ci")]),
        FieldPanel("comparison"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["indicator", "area", "-period_year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="one_value_per_area_and_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.area}, {self.period}"

    def save(self, *args, **kwargs):
        self.period_year = period_year(self.period)
        super().save(*args, **kwargs)

    def clean(self):
        if self.lower_ci is not None and self.upper_ci is not None:
            if self.lower_ci > self.upper_ci:
                raise ValidationError({"upper_ci": "The upper limit is below the lower one."})
        for name in ("lower_ci", "upper_ci"):
            if (getattr(self, name) is None) != (self.lower_ci is None and self.upper_ci is None):
                raise ValidationError({name: "Give both limits of the interval, or neither."})

    @property
    def formatted(self):
        return format_value(self.value, self.indicator.unit)


def slug_for(code):
    """An indicator's slug from the name CSV files use (underscores become hyphens)."""
    return slugify(code.replace("_", "-"))
