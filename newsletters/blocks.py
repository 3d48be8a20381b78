"""The blocks a newsletter issue is made of.

Sections of text, featured case studies / projects / priority updates shown as cards,
images and calls to action. The site's own image and call-to-action blocks are reused so
the two look the same everywhere. Each block has a web template; the email version of an
issue renders the same blocks with the templates in ``templates/newsletters/email/``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from hetsite.core.blocks import CallToActionBlock, CaptionedImageBlock

SECTION_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        template = "newsletters/blocks/section_block.html"
        description = "A section of the newsletter: a heading and its text."
        preview_value = {
            "heading": "Sharing good practice",
            "text": "<p>News from partners across Luton's health equity system.</p>",
        }


class FeaturedPageBlock(blocks.StructBlock):
    """A card for a page published elsewhere on the site, with an optional note."""

    card_label = _("Featured page")

    note = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="Why it is in this issue (optional). The page's own summary is shown too.",
    )

    class Meta:
        icon = "link"
        template = "newsletters/blocks/featured_page_block.html"


class FeaturedCaseStudyBlock(FeaturedPageBlock):
    page = blocks.PageChooserBlock(page_type="casestudies.CaseStudyPage")
    card_label = _("Case study")

    class Meta:
        icon = "clipboard-list"
        description = "A case study from the site, shown as a card."
        preview_value = {"page": None, "note": "A case study from the library."}


class FeaturedProjectBlock(FeaturedPageBlock):
    page = blocks.PageChooserBlock(page_type="projects.ProjectPage")
    card_label = _("Project")

    class Meta:
        icon = "pick"
        description = "A partner's project, shown as a card."
        preview_value = {"page": None, "note": "A project run by a partner."}


class FeaturedPriorityUpdateBlock(FeaturedPageBlock):
    page = blocks.PageChooserBlock(page_type="priorities.PriorityUpdatePage")
    card_label = _("Priority update")

    class Meta:
        icon = "date"
        description = "A priority group's progress update, shown as a card."
        preview_value = {"page": None, "note": "Progress from a priority group."}


class NewsletterStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    case_study = FeaturedCaseStudyBlock()
    project = FeaturedProjectBlock()
    priority_update = FeaturedPriorityUpdateBlock()
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()


# The block types that show another page as a card.
FEATURED_TYPES = ("case_study", "project", "priority_update")
