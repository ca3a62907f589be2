"""The one body StreamBlock used by article-like pages."""

from __future__ import annotations

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label="Tiêu đề mục", icon="title", template="portal/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label="Đoạn văn",
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
    )
    image = ImageBlock(label="Ảnh", template="portal/blocks/image.html")
    embed = EmbedBlock(label="Video nhúng (YouTube…)", icon="media")
    document = DocumentChooserBlock(
        label="Tệp đính kèm", icon="doc-full", template="portal/blocks/document.html"
    )
    quote = blocks.BlockQuoteBlock(label="Trích dẫn")

    class Meta:
        label = "Nội dung"
