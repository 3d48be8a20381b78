"""The site's one StreamField block library.

Every block has a template under ``templates/components/streamfield/``, an icon, a
description and a preview value, so editors see what they are choosing.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as BaseTableBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]
# Block previews in the editor's block picker, styled like the public site.
PREVIEW_TEMPLATE = "core/block_preview.html"


def image_preview_value():
    """The newest image in the library, so the picker can preview an image block."""
    image = get_image_model().objects.order_by("-created_at").first()
    if image is not None:
        image.contextual_alt_text = image.default_alt_text
        image.decorative = False
    return {"image": image, "caption": "An image with a short caption."}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Sub-heading (h3)")],
        default="h2",
    )

    class Meta:
        icon = "title"
        preview_template = PREVIEW_TEMPLATE
        template = "components/streamfield/heading_block.html"
        description = "A heading that starts a new section of the page."
        preview_value = {"text": "What we are doing", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        preview_template = PREVIEW_TEMPLATE
        template = "components/streamfield/paragraph_block.html"
        description = "Text with links, lists and sub-headings."
        preview_value = (
            "<p>Luton's vision is that by 2040 no one has to live in poverty, and "
            "everyone can thrive.</p>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        preview_template = PREVIEW_TEMPLATE
        template = "components/streamfield/image_block.html"
        description = "An image with alt text (or marked decorative) and an optional caption."
        preview_value = staticmethod(image_preview_value)

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image is not None and not getattr(image, "decorative", False):
            if not (getattr(image, "contextual_alt_text", "") or "").strip():
                raise StructBlockValidationError(
                    block_errors={
                        "image": ValidationError(
                            "Give alt text describing the image, or mark it decorative."
                        )
                    }
                )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        preview_template = PREVIEW_TEMPLATE
        template = "components/streamfield/quote_block.html"
        description = "A quotation, with who said it."
        preview_value = {
            "quote": "Health inequalities are stubborn and complex and cannot be "
            "addressed by one organisation.",
            "attribution": "Annual Public Health Report 2024",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    link_text = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Use when the link is not a page here.")

    class Meta:
        icon = "pick"
        preview_template = PREVIEW_TEMPLATE
        template = "components/streamfield/call_to_action_block.html"
        description = "A highlighted box with a heading, short text and a link."
        preview_value = {
            "heading": "Share what your organisation does",
            "text": "Partner organisations can publish their projects and case studies.",
            "link_text": "Apply to become a partner",
            "url": "https://example.org/partners/apply/",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or give a URL (not both).")}
            )
        return value


class TableBlock(BaseTableBlock):
    """Wagtail's table, whose caption and cells wagtail-localize can translate (it skips
    table blocks otherwise): each non-empty cell is a segment "<row>.<column>"."""

    def get_translatable_segments(self, value):
        from wagtail_localize.segments import StringSegmentValue

        value = value or {}
        segments = []
        if value.get("table_caption"):
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        for r, row in enumerate(value.get("data") or []):
            for c, cell in enumerate(row or []):
                if cell:
                    segments.append(StringSegmentValue(f"{r}.{c}", str(cell)))
        return segments

    def restore_translated_segments(self, value, segments):
        value = dict(value or {})
        data = [list(row or []) for row in value.get("data") or []]
        for segment in segments:
            text = segment.render_text()
            if segment.path == "caption":
                value["table_caption"] = text
            else:
                r, c = (int(part) for part in segment.path.split("."))
                data[r][c] = text
        value["data"] = data
        return value

    class Meta:
        icon = "table"
        preview_template = PREVIEW_TEMPLATE
        template = "components/streamfield/table_block.html"
        description = "A simple table. Use the first row as column headings."
        preview_value = {
            "first_row_is_table_header": True,
            "data": [["Ward", "Social Progress Index"], ["Barnfield", "68.16"]],
        }


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    table = TableBlock()
