"""Site-wide models: the abstract base page, home and standard pages, taxonomy, settings,
the email outbox and task-worker bookkeeping."""

from .base import BasePage, IndexPage, PageImage
from .outbox import OutgoingEmail, PeriodicTaskRun, WorkerHeartbeat
from .pages import HomePage, HomePageFeatured, StandardPage
from .review import ReviewReminder
from .settings import SiteSettings
from .taxonomy import MarmotPrinciple, Neighbourhood, PopulationGroup, TaxonomyTerm, Ward

__all__ = [
    "BasePage",
    "IndexPage",
    "HomePage",
    "HomePageFeatured",
    "MarmotPrinciple",
    "Neighbourhood",
    "OutgoingEmail",
    "PageImage",
    "PeriodicTaskRun",
    "PopulationGroup",
    "ReviewReminder",
    "SiteSettings",
    "StandardPage",
    "TaxonomyTerm",
    "Ward",
    "WorkerHeartbeat",
]
