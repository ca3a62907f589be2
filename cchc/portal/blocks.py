"""The one body StreamBlock used by article-like pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

MALFORMED_BODY = (
    "Nội dung gửi lên không đúng cấu trúc của trình soạn thảo (trang có thể đã mở quá lâu hoặc "
    "bị công cụ khác sửa). Hãy tải lại trang, nhập lại nội dung rồi lưu."
)


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

    def value_from_datadict(self, data, files, prefix):
        """The body as sent by the editor, or an empty one marked as malformed.

        Wagtail reads the editor's fields by index ("body-count", "body-0-type", …) and fails
        with a server error when one is missing or not a number. Only a request not made by the
        editor (an old tab, a script) lacks them; the form then says so instead (see clean).
        """
        try:
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError, OverflowError, IndexError):
            value = self.to_python([])
            value.malformed = True
            return value

    def clean(self, value):
        if getattr(value, "malformed", False):
            raise StreamBlockValidationError(
                non_block_errors=[ValidationError(MALFORMED_BODY, code="malformed")]
            )
        return super().clean(value)

    class Meta:
        label = "Nội dung"
