"""Partner organisations, their pages, projects and (later) partner applications."""

from .applications import PartnerApplication
from .organisations import PartnerOrganisation, Sector
from .pages import (
    OrganisationPage,
    PartnerIndexPage,
    ProjectIndexPage,
    ProjectPage,
    ProjectPageImage,
)
from .review import PartnerReviewTask

__all__ = [
    "PartnerApplication",
    "PartnerReviewTask",
    "OrganisationPage",
    "PartnerIndexPage",
    "PartnerOrganisation",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPageImage",
    "Sector",
]
