"""Partner organisations, their pages, projects and (later) partner applications."""

from .organisations import PartnerOrganisation, Sector
from .pages import (
    OrganisationPage,
    PartnerIndexPage,
    ProjectIndexPage,
    ProjectPage,
    ProjectPageImage,
)

__all__ = [
    "OrganisationPage",
    "PartnerIndexPage",
    "PartnerOrganisation",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPageImage",
    "Sector",
]
