"""The page tree is locked: what may be created where (Wagtail's page test helpers)."""

from django.apps import apps

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from hetsite.core.models import HomePage, StandardPage
from tests import factories

# Index pages every app puts directly under the home page (the fixed slugs).
REQUIRED_HOME_CHILDREN = {
    "core.StandardPage",
    "casestudies.CaseStudyIndexPage",
    "projects.ProjectIndexPage",
    "projects.PartnerIndexPage",
    "priorities.PriorityIndexPage",
}


class PageTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.home_page()

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        # max_count = 1: a second home page cannot be added under the tree root.
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_home_page_children(self):
        allowed = {f"{m._meta.app_label}.{m.__name__}" for m in HomePage.allowed_subpage_models()}
        missing = REQUIRED_HOME_CHILDREN - allowed
        self.assertFalse(missing, f"HomePage no longer allows {missing}")
        self.assertCanCreateAt(HomePage, StandardPage)
        for label in REQUIRED_HOME_CHILDREN:
            self.assertCanCreateAt(HomePage, apps.get_model(label))

    def test_every_home_child_accepts_the_home_page_as_parent(self):
        # Other apps add their index pages to HomePage.subpage_types; each must agree.
        for model in HomePage.allowed_subpage_models():
            self.assertIn(HomePage, model.allowed_parent_page_models(), model)

    def test_standard_page_tree(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, apps.get_model("casestudies.CaseStudyPage"))

    def test_editor_can_create_a_standard_page_through_the_admin(self):
        self.client.force_login(factories.editor())
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Our work with schools",
                    "slug": "our-work-with-schools",
                    "introduction": "How schools take part.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Taking part", "level": "h2"}),
                            ("paragraph", rich_text("<p>Schools run sessions.</p>")),
                            ("quote", {"quote": "It helped.", "attribution": "A teacher"}),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="our-work-with-schools")
        self.assertTrue(page.live)
        self.assertEqual([b.block_type for b in page.body], ["heading", "paragraph", "quote"])

    def test_core_pages_are_renderable_editable_and_previewable(self):
        standard = factories.add_page(
            self.home, StandardPage(title="Privacy notice", slug="privacy-notice", body=[])
        )
        standard_data = nested_form_data(
            {
                "title": "Privacy notice",
                "slug": "privacy-notice",
                "introduction": "What we store.",
                "body": streamfield([("paragraph", rich_text("<p>Cookies.</p>"))]),
            }
        )
        home_data = nested_form_data(
            {
                "title": self.home.title,
                "slug": self.home.slug,
                "hero_heading": "Luton: England's first Marmot Town",
                "hero_text": "Luton 2040",
                "story": rich_text("<p>The story.</p>"),
                "featured_items": inline_formset([{"featured_page": standard.pk}]),
                "body": streamfield([]),
            }
        )
        for page, data in ((self.home, home_data), (standard, standard_data)):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
            self.assertPageIsEditable(page, post_data={**data, "action-publish": ""})
            self.assertPageIsPreviewable(page, post_data=data)
