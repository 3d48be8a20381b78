"""The StreamField block library: every block is documented, previewable and validated."""

import pytest

from django.core.exceptions import ValidationError

from hetsite.core.blocks import BaseStreamBlock, CallToActionBlock, CaptionedImageBlock
from tests import factories


@pytest.mark.parametrize("name", list(BaseStreamBlock.base_blocks))
def test_every_block_has_template_icon_description_and_preview(db, name):
    block = BaseStreamBlock().child_blocks[name]
    assert block.meta.template.startswith("components/streamfield/"), name
    assert block.meta.icon and block.meta.icon != "placeholder", name
    assert block.get_description(), name
    assert block.is_previewable, name
    html = block.render(block.get_preview_value())
    assert isinstance(html, str)


def test_block_previews_render_in_the_admin(admin_client, db):
    from hetsite.core.models import StandardPage

    factories.image(title="Preview image")
    stream_block = StandardPage._meta.get_field("body").stream_block
    for name, block in stream_block.child_blocks.items():
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "css/site.css" in html, name  # styled like the public site
        if name == "image":
            assert 'alt="Preview image"' in html


def test_image_preview_uses_a_library_image(db):
    image = factories.image(title="Garden")
    value = CaptionedImageBlock().get_preview_value()
    assert value["image"].pk == image.pk
    assert 'alt="Garden"' in CaptionedImageBlock().render(value)


def test_image_needs_alt_text_unless_decorative(db):
    block = CaptionedImageBlock()
    image = factories.image()
    value = block.normalize({"image": image, "caption": ""})
    value["image"].contextual_alt_text = ""
    value["image"].decorative = False
    with pytest.raises(ValidationError):
        block.clean(value)
    value["image"].decorative = True
    block.clean(value)
    html = block.render(value)
    assert 'alt=""' in html


@pytest.mark.parametrize(
    ("page", "url", "ok"),
    [(True, "", True), (False, "https://example.org/", True), (False, "", False)],
)
def test_call_to_action_needs_exactly_one_target(home_page, page, url, ok):
    block = CallToActionBlock()
    value = block.normalize(
        {
            "heading": "Apply",
            "text": "",
            "link_text": "Apply now",
            "page": home_page if page else None,
            "url": url,
        }
    )
    if ok:
        block.clean(value)
    else:
        with pytest.raises(ValidationError):
            block.clean(value)


def test_call_to_action_with_both_targets_is_refused(home_page):
    block = CallToActionBlock()
    value = block.normalize(
        {"heading": "A", "text": "", "link_text": "B", "page": home_page, "url": "https://x.org/"}
    )
    with pytest.raises(ValidationError):
        block.clean(value)
