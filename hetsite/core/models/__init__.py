"""Site-wide models: the abstract base page, home and standard pages, taxonomy, settings."""

from .base import BasePage, IndexPage, PageImage
from .pages import HomePage, HomePageFeatured, StandardPage
from .settings import SiteSettings
from .taxonomy import MarmotPrinciple, Neighbourhood, PopulationGroup, TaxonomyTerm, Ward

__all__ = [
    "BasePage",
    "IndexPage",
    "HomePage",
    "HomePageFeatured",
    "MarmotPrinciple",
    "Neighbourhood",
    "PageImage",
    "PopulationGroup",
    "SiteSettings",
    "StandardPage",
    "TaxonomyTerm",
    "Ward",
]
