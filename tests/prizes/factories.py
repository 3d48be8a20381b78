"""Builders for prize rounds, winners and the partner projects they link to."""

from prizes.models import PrizeIndexPage, PrizeRoundPage, PrizeWinner
from projects.models import OrganisationPage, PartnerIndexPage, PartnerOrganisation, ProjectPage
from tests import factories


def prize_index(home=None):
    existing = PrizeIndexPage.objects.first()
    if existing is not None:
        return existing
    home = home or factories.home_page()
    return factories.add_page(
        home, PrizeIndexPage(title="Health Equity Town Prize", slug="prize", show_in_menus=True)
    )


def prize_round(year, index=None, winners=(), publish=True, **kwargs):
    """A round; ``winners`` are dicts of PrizeWinner fields, kept in the given order."""
    index = index or prize_index()
    kwargs.setdefault("title", f"Health Equity Town Prize {year}")
    kwargs.setdefault("slug", f"prize-{year}")
    page = PrizeRoundPage(year=year, **kwargs)
    page.winners = [PrizeWinner(**winner) for winner in winners]
    return factories.add_page(index, page, publish=publish)


def partner_index(home=None):
    existing = PartnerIndexPage.objects.first()
    if existing is not None:
        return existing
    return factories.add_page(
        home or factories.home_page(), PartnerIndexPage(title="Partners", slug="partners")
    )


def organisation(name=None, with_page=True, publish=True):
    name = name or factories.unique("Organisation")
    org = PartnerOrganisation.objects.create(name=name, sector="vcsfe")
    if with_page:
        factories.add_page(
            partner_index(),
            OrganisationPage(title=name, organisation=org, description=f"{name} does good."),
            publish=publish,
        )
    return org


def project(org=None, title=None, publish=True, **kwargs):
    org = org or organisation()
    kwargs.setdefault("summary", "A project in Luton.")
    kwargs.setdefault("description", "What the project does.")
    page = ProjectPage(title=title or factories.unique("Project"), **kwargs)
    return factories.add_page(org.page, page, publish=publish)
