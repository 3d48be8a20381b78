"""The Director of Public Health Health Equity Town Prize: yearly rounds and their winners."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from hetsite.core.blocks import BaseStreamBlock
from hetsite.core.localized import children_in_language, in_language
from hetsite.core.models import BasePage, IndexPage
from hetsite.core.models.base import under_view_restriction


def lines(text):
    """The non-blank lines of a one-item-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def funding_partner_links(rounds):
    """Set ``round.funding_partner_links`` to [(name, live OrganisationPage or None)].

    A funding partner that is also a partner organisation on the site (matched by name)
    links to its profile. One query for any number of rounds.
    """
    from projects.models import OrganisationPage

    rounds = [r for r in rounds if r is not None]
    names = {name for r in rounds for name in r.funding_partner_list}
    pages = {}
    if names:
        for page in (
            in_language(OrganisationPage.objects.live())
            .filter(organisation__name__in=names)
            .select_related("organisation")
        ):
            pages[page.organisation.name] = page
    for r in rounds:
        r.funding_partner_links = [(name, pages.get(name)) for name in r.funding_partner_list]


def pick_featured_round(rounds, today):
    """The round to show first: open now, else the next to open, else the latest year."""
    rounds = list(rounds)
    open_now = [r for r in rounds if r.is_open_on(today)]
    if open_now:
        return min(open_now, key=lambda r: r.closes_on)
    upcoming = [r for r in rounds if r.opens_on and r.opens_on > today]
    if upcoming:
        return min(upcoming, key=lambda r: r.opens_on)
    return max(rounds, key=lambda r: r.year, default=None)


class PrizeIndexPage(IndexPage):
    """/prize/: the current or next prize round first, then the archive of rounds."""

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["prizes.PrizeRoundPage"]

    class Meta:
        verbose_name = "prize index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rounds = list(
            children_in_language(PrizeRoundPage.objects.live(), self)
            .exclude(under_view_restriction())
            .annotate(winner_count=Count("winners"))
            .order_by("-year")
        )
        featured = pick_featured_round(rounds, timezone.localdate())
        funding_partner_links([featured])
        context["featured_round"] = featured
        context["archive"] = [r for r in rounds if r is not featured]
        return context


class PrizeRoundForm(WagtailAdminPageForm):
    """The slug may be left empty: a new round then takes its year (/prize/2026/)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        year = self.cleaned_data.get("year")
        return self.cleaned_data.get("slug") or (str(year) if year else "")


class PrizeRoundPage(BasePage):
    """One year's prize round, with its winners inline in the order editors give them."""

    # One round per year in each language (checked in clean): a translation of a round
    # has its year.
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="One round per year.",
    )
    name = models.CharField(
        max_length=200,
        default="Director of Public Health Health Equity Town Prize",
        help_text="The prize's name without the year: the page shows the year after it "
        "(e.g. “Director of Public Health Health Equity Town Prize 2026”).",
    )
    summary = models.TextField(
        blank=True, max_length=600, help_text="What this round is for, in a sentence or two."
    )
    funding_partners = models.TextField(
        blank=True, help_text="One per line, e.g. Bedfordshire and Luton Community Foundation."
    )
    fund_size = models.CharField(
        max_length=120, blank=True, help_text='The total fund, as it should read, e.g. "£50,000".'
    )
    categories = models.TextField(
        blank=True, help_text="Who can apply, one category per line, e.g. VCSFE, business."
    )
    opens_on = models.DateField("applications open", null=True, blank=True)
    closes_on = models.DateField("applications close", null=True, blank=True)
    announced_on = models.DateField("winners announced", null=True, blank=True)
    showcase_on = models.DateField("showcase event", null=True, blank=True)
    dates_month_only = models.BooleanField(
        "show dates as month and year only",
        default=False,
        help_text="Tick when only the month is known; the day entered is then not shown.",
    )
    how_to_apply = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["prizes.PrizeIndexPage"]
    subpage_types = []
    base_form_class = PrizeRoundForm

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("name"),
        index.SearchField("summary"),
        index.SearchField("funding_partners"),
        index.SearchField("categories"),
        index.SearchField("how_to_apply"),
        index.SearchField("body"),
        index.RelatedFields(
            "winners",
            [
                index.SearchField("winner_description"),
                index.SearchField("project_title"),
                index.SearchField("summary"),
                index.SearchField("outcome"),
            ],
        ),
        index.FilterField("year"),
    ]

    # A new round's address comes from its year (/prize/2026/), not from its title: typing
    # the year fills in the slug, as typing the title does on other pages.
    content_panels = [
        TitleFieldPanel("title", targets=[]),
        FieldRowPanel(
            [
                TitleFieldPanel("year", targets=["slug"], placeholder=False, classname=""),
                FieldPanel("name"),
            ]
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("funding_partners"), FieldPanel("fund_size"), FieldPanel("categories")],
            heading="Funding and categories",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                FieldRowPanel([FieldPanel("announced_on"), FieldPanel("showcase_on")]),
                FieldPanel("dates_month_only"),
            ],
            heading="Timeline",
        ),
        FieldPanel("how_to_apply"),
        InlinePanel("winners", label="Winners", heading="Winners, in the order to show them"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "prize round page"

    def __str__(self):
        return self.title

    def get_listing_summary(self):
        return self.listing_summary or self.summary or self.search_description

    @property
    def funding_partner_list(self):
        return lines(self.funding_partners)

    @property
    def category_list(self):
        return lines(self.categories)

    def is_open_on(self, day):
        return bool(self.opens_on and self.closes_on and self.opens_on <= day <= self.closes_on)

    def state(self, day=None):
        """Where the round is on ``day`` (today by default), in words for the page."""
        day = day or timezone.localdate()
        if self.is_open_on(day):
            return "open"
        if self.opens_on and day < self.opens_on:
            return "upcoming"
        if self.closes_on and day > self.closes_on:
            return "closed"
        if not (self.opens_on or self.closes_on) and any(
            d and d < day for d in (self.announced_on, self.showcase_on)
        ):
            return "closed"  # an old round entered without its application dates
        return "unscheduled"

    @property
    def current_state(self):
        return self.state()

    def format_day(self, day):
        if day is None:
            return ""
        return format_date(day, "F Y" if self.dates_month_only else "j F Y")

    def timeline(self):
        """[(label, date, formatted)] for the dates that are set, in order."""
        entries = [
            (gettext("Applications open"), self.opens_on),
            (gettext("Applications close"), self.closes_on),
            (gettext("Winners announced"), self.announced_on),
            (gettext("Showcase event"), self.showcase_on),
        ]
        return [(label, day, self.format_day(day)) for label, day in entries if day]

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.year:
            self.slug = str(self.year)  # before Wagtail falls back to the title
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.year:
            clash = PrizeRoundPage.objects.filter(year=self.year, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["year"] = ValidationError(
                    "There is already a prize round for this year.", code="unique"
                )
        if self.year and self.name.strip().endswith(str(self.year)):
            errors["name"] = "Leave the year out of the name: the page shows it after the name."
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "Applications cannot close before they open."
        if self.closes_on and self.announced_on and self.announced_on < self.closes_on:
            errors["announced_on"] = "Winners cannot be announced before applications close."
        if self.announced_on and self.showcase_on and self.showcase_on < self.announced_on:
            errors["showcase_on"] = "The showcase cannot come before the winners are announced."
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        funding_partner_links([self])
        context["winners"] = self.winners.select_related("organisation__page", "project").order_by(
            "sort_order"
        )
        return context


class PrizeWinner(Orderable):
    """A winner of a round: a partner organisation, or a description where it is not named."""

    page = ParentalKey(PrizeRoundPage, on_delete=models.CASCADE, related_name="winners")
    organisation = models.ForeignKey(
        "projects.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prize_wins",
        help_text="Choose the organisation if it is a partner on this site.",
    )
    winner_description = models.CharField(
        "winner (if not a partner)",
        max_length=200,
        blank=True,
        help_text="Who won, as they should be credited, or a description of them where "
        "they are not named.",
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prize_wins",
        help_text="The project page for the winning project, if there is one.",
    )
    project_title = models.CharField(
        max_length=200, blank=True, help_text="The winning project, as it should be named."
    )
    category = models.CharField(max_length=120, blank=True)
    amount = models.DecimalField(
        "amount awarded (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    summary = models.TextField(help_text="What the winning project set out to do.")
    outcome = models.TextField(
        "outcome or evaluation",
        blank=True,
        help_text="What happened next: what the project achieved, what its evaluation found.",
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("winner_description"),
        FieldPanel("project"),
        FieldPanel("project_title"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("amount")]),
        FieldPanel("summary"),
        FieldPanel("outcome"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "prize winner"

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not self.organisation_id and not self.winner_description.strip():
            raise ValidationError(
                {"winner_description": "Choose a partner organisation or describe the winner."}
            )

    @property
    def display_name(self):
        if self.organisation_id and self.organisation is not None:
            return self.organisation.name
        return self.winner_description

    @property
    def display_project_title(self):
        if self.project_title:
            return self.project_title
        if self.project is not None:
            return self.project.title
        return ""

    @property
    def organisation_page(self):
        """The partner's live OrganisationPage, if it has one (no query when selected)."""
        if self.organisation is None:
            return None
        try:
            page = self.organisation.page
        except models.ObjectDoesNotExist:
            return None
        return page if page.live else None

    @property
    def live_project(self):
        if self.project is not None and self.project.live:
            return self.project
        return None

    @property
    def amount_display(self):
        if self.amount is None:
            return ""
        if self.amount == self.amount.to_integral_value():
            return f"£{self.amount:,.0f}"
        return f"£{self.amount:,.2f}"
