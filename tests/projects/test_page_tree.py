from wagtail.test.utils import WagtailPageTestCase

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from hetsite.core.models import HomePage, StandardPage
from projects.models import OrganisationPage, PartnerIndexPage, ProjectIndexPage, ProjectPage


class PartnerPageTreeTests(WagtailPageTestCase):
    def test_indexes_sit_under_the_home_page(self):
        self.assertAllowedParentPageTypes(PartnerIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, PartnerIndexPage)
        self.assertCanCreateAt(HomePage, ProjectIndexPage)

    def test_organisation_pages_only_under_the_partner_index(self):
        self.assertAllowedParentPageTypes(OrganisationPage, {PartnerIndexPage})
        self.assertAllowedSubpageTypes(PartnerIndexPage, {OrganisationPage})
        self.assertCanNotCreateAt(HomePage, OrganisationPage)
        self.assertCanNotCreateAt(StandardPage, OrganisationPage)

    def test_projects_only_under_an_organisation_page(self):
        self.assertAllowedParentPageTypes(ProjectPage, {OrganisationPage})
        self.assertCanNotCreateAt(ProjectIndexPage, ProjectPage)
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(CaseStudyIndexPage, ProjectPage)

    def test_organisation_pages_hold_projects_and_case_studies(self):
        self.assertAllowedSubpageTypes(OrganisationPage, {ProjectPage, CaseStudyPage})
        self.assertCanCreateAt(OrganisationPage, CaseStudyPage)
        self.assertCanCreateAt(OrganisationPage, ProjectPage)

    def test_project_pages_and_the_project_index_are_leaves(self):
        self.assertAllowedSubpageTypes(ProjectPage, set())
        self.assertAllowedSubpageTypes(ProjectIndexPage, set())

    def test_indexes_are_singletons(self):
        self.assertEqual(PartnerIndexPage.max_count, 1)
        self.assertEqual(ProjectIndexPage.max_count, 1)
