"""Back-office upload forms: documents and images checked by their content.

Settings name these classes by path (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE); Wagtail imports this module when it first builds an upload form,
after every model is loaded. Nothing imported while models load may import it: Wagtail's
document and image form modules query permissions at import time (the article form, which
cchc.portal.models needs, is in cchc.portal.article_form for that reason)."""

from __future__ import annotations

import codecs
import logging
import os
import re
import warnings
import zipfile

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageSequence
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from cchc.vietnamese.order import thousands

logger = logging.getLogger(__name__)

# --- Uploads ------------------------------------------------------------------------------------

_HEAD_BYTES = 8192

# Markup a browser would run if the file were ever served inline: never inside a document.
_MARKUP_SIGNS = (b"<html", b"<!doctype html", b"<svg", b"<script", b"<?xml-stylesheet", b"<iframe")

_OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

_KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "doc": "Word (.doc)",
    "xlsx": "Excel (.xlsx)",
    "odt": "OpenDocument (.odt)",
    "txt": "văn bản thuần (.txt)",
    "csv": "CSV",
    "mp3": "MP3",
    "zip": "ZIP",
}


def _head(file: UploadedFile) -> bytes:
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    return head


def _starts_as_markup(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _looks_like_markup(head: bytes) -> bool:
    sample = head.lower()
    return _starts_as_markup(sample) or any(sign in sample for sign in _MARKUP_SIGNS)


def _zip_names(file: UploadedFile) -> list[str] | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def _is_utf8_text(file: UploadedFile) -> bool:
    # The whole file, chunk by chunk: a NUL or broken UTF-8 anywhere means it is not plain text.
    decoder = codecs.getincrementaldecoder("utf-8")()
    file.seek(0)
    try:
        for chunk in file.chunks():
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def document_content_error(file: UploadedFile) -> str | None:
    """Why this upload is refused (Vietnamese, for staff), or None when its content matches.

    The extension says what the file claims to be; the first bytes say what it is. A file whose
    bytes disagree with its name (an HTML page called .pdf, an SVG with script called .docx) is
    refused, because browsers and office software trust the content, not the name.
    """
    name = file.name or ""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    max_size = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if file.size is not None and file.size > max_size:
        return (
            f"Tệp quá lớn ({filesizeformat(file.size)}). "
            f"Dung lượng tối đa là {filesizeformat(max_size)}."
        )
    if file.size == 0:
        return "Tệp rỗng, không có nội dung."
    label = _KIND_LABELS.get(extension)
    if label is None or extension not in settings.WAGTAILDOCS_EXTENSIONS:
        allowed = ", ".join(f".{e}" for e in settings.WAGTAILDOCS_EXTENSIONS)
        return f"Không nhận loại tệp .{extension or '?'}. Chỉ nhận: {allowed}."
    head = _head(file)
    mismatch = (
        f"Nội dung tệp không phải {label} như phần mở rộng .{extension} cho biết. "
        "Tệp có thể đã bị đổi tên hoặc chứa mã độc (HTML, SVG, script); hãy lưu lại đúng định "
        "dạng rồi tải lên."
    )
    guessed = filetype.guess_extension(head)
    if extension in {"txt", "csv"}:
        if _looks_like_markup(head) or not _is_utf8_text(file):
            return (
                f"Tệp .{extension} phải là văn bản thuần mã hóa UTF-8 (không chứa HTML, SVG, "
                "script hay dữ liệu nhị phân)."
            )
        return None
    if extension == "pdf":
        return None if head.startswith(b"%PDF-") else mismatch
    if extension == "doc":
        return None if head.startswith(_OLE2_MAGIC) else mismatch
    if extension == "mp3":
        return None if guessed == "mp3" else mismatch
    # The zip family: check the archive really is one and holds the parts its format requires.
    if not head.startswith(b"PK\x03\x04"):
        return mismatch
    names = _zip_names(file)
    if names is None:
        return mismatch
    required = {
        "docx": "word/document.xml",
        "xlsx": "xl/workbook.xml",
        "odt": "content.xml",
    }.get(extension)
    if required is not None and required not in names:
        return mismatch
    if extension == "odt" and b"application/vnd.oasis.opendocument.text" not in head:
        return mismatch
    return None


# Vietnamese wording for Wagtail's image checks (extension, real format, size, pixels); the
# placeholders are filled in by Wagtail when it raises them.
_IMAGE_ERRORS = {
    "invalid_image": (
        "Tệp không phải là ảnh hợp lệ, hoặc là định dạng không được nhận (SVG không được nhận vì "
        "có thể chứa mã độc)."
    ),
    "invalid_image_known_format": (
        "Nội dung tệp không phải ảnh .%(extension)s như tên tệp cho biết (thực chất là "
        "%(image_format)s). Tệp có thể đã bị đổi tên; ảnh SVG không được nhận."
    ),
    "file_too_large": "Ảnh quá lớn (%(file_size)s). Dung lượng tối đa là %(max_filesize)s.",
    "file_too_many_pixels": (
        "Ảnh có quá nhiều điểm ảnh (%(num_pixels)s). Tối đa %(max_pixels_count)s điểm ảnh."
    ),
}


_CORRUPT_IMAGE = (
    "Tệp ảnh bị hỏng hoặc không đầy đủ (có thể do tải xuống hay sao chép bị ngắt giữa chừng), "
    "không đọc được hết nội dung. Hãy mở ảnh trên máy, lưu lại rồi tải lên lần nữa."
)


def _too_many_pixels(pixels: int | None) -> str:
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    return _IMAGE_ERRORS["file_too_many_pixels"] % {
        "num_pixels": thousands(pixels) if pixels else "không rõ số",
        "max_pixels_count": thousands(limit),
    }


def image_pixels_error(file: UploadedFile) -> str | None:
    """Why an image is refused for its pixel count, read from its header before any decoding.

    A few kilobytes of PNG or GIF can unpack to gigabytes (a decompression bomb). Wagtail counts
    the pixels only after its first decode, so the header is read here first. Files Pillow does
    not recognise pass on to Wagtail's own checks, which explain what is wrong with them.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Our own limit is below Pillow's warning threshold; the warning would only be noise.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
    except PILImage.DecompressionBombError:
        return _too_many_pixels(None)
    except Exception:  # any header Pillow cannot read is judged by Wagtail next
        return None
    finally:
        file.seek(0)
    pixels = width * height * frames
    return _too_many_pixels(pixels) if pixels > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS else None


def image_decode_error(file: UploadedFile) -> str | None:
    """Why an image is refused as damaged: every frame must decode and the file must verify.

    Wagtail decodes only the first frame when it checks an upload, and a truncated GIF or JPEG
    then raised from deep inside Pillow (a server error). Renditions are made later, on a public
    page, so a damaged file must be refused here, with a message the uploader can act on.
    """
    try:
        for check in ("verify", "load"):
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(file) as image:
                    if check == "verify":
                        image.verify()
                    else:
                        for frame in ImageSequence.Iterator(image):
                            frame.load()
    except PILImage.DecompressionBombError:
        return _too_many_pixels(None)
    except Exception as exc:  # a decoder fed untrusted bytes fails in many ways
        logger.info("image upload refused as damaged: %r", exc)
        return _CORRUPT_IMAGE
    finally:
        file.seek(0)
    return None


class DecodedImageField(WagtailImageField):
    """Wagtail's image field, with the pixels counted first and the whole image decoded after."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            error = image_pixels_error(data)
            if error:
                raise ValidationError(error, code="file_too_many_pixels")
        try:
            image = super().to_python(data)
        except ValidationError:
            raise
        except Exception as exc:  # Wagtail's own first decode of untrusted bytes
            logger.info("image upload refused as damaged: %r", exc)
            raise ValidationError(_CORRUPT_IMAGE, code="corrupt_image") from exc
        if image is not None and isinstance(data, UploadedFile):
            error = image_decode_error(data)
            if error:
                raise ValidationError(error, code="corrupt_image")
        return image


def _named_for_storage(file: UploadedFile, fallback: str) -> None:
    """Give a file whose name has no usable letters (only emoji, say) a plain name.

    Storage keeps only letters, digits, '-', '_' and '.', so "😀.png" would be stored as the
    hidden file ".png" and a second one as ".png_abc123", without its extension.
    """
    stem, extension = os.path.splitext(os.path.basename(file.name or ""))
    if not re.sub(r"(?u)[^\w]", "", stem):
        file.name = f"{fallback}{extension.lower()}"


class DocumentForm(BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE: every document upload passes document_content_error."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            # Wagtail checks the size before clean_file runs; say it in Vietnamese.
            field.error_messages["file_too_large"] = (
                "Tệp quá lớn (%(file_size)s). Dung lượng tối đa là %(max_filesize)s."
            )
            allowed = ", ".join(f".{e}" for e in settings.WAGTAILDOCS_EXTENSIONS)
            field.help_text = (
                f"Loại tệp được nhận: {allowed}. Dung lượng tối đa: "
                f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}."
            )

    def _post_clean(self) -> None:
        # Document.clean() repeats the extension check on an already refused (hence empty)
        # file and adds an English "File extension “” is not allowed": keep our message only.
        refused = self.errors.get("file")
        refused = list(refused) if refused else None
        super()._post_clean()
        if refused:
            self._errors["file"] = self.error_class(refused)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            error = document_content_error(file)
            if error:
                raise forms.ValidationError(error, code="invalid_document")
            _named_for_storage(file, "tai-lieu")
        return file


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: Wagtail's content checks, explained in Vietnamese."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        wagtails = self.fields.get("file")
        if wagtails is None:
            return
        # The same field with the full decode added (see DecodedImageField); built from the
        # one Wagtail made so its widget, label and limits stay as they are.
        field = DecodedImageField(
            required=wagtails.required,
            label=wagtails.label,
            widget=wagtails.widget,
            max_length=wagtails.max_length,
            disabled=wagtails.disabled,
        )
        self.fields["file"] = field
        allowed = ", ".join(f".{e}" for e in settings.WAGTAILIMAGES_EXTENSIONS)
        field.help_text = (
            f"Định dạng được nhận: {allowed}. Dung lượng tối đa: {field.max_upload_size_text}."
        )
        field.error_messages.update(_IMAGE_ERRORS)
        field.error_messages["invalid_image_extension"] = (
            f"Không nhận loại ảnh này. Chỉ nhận: {allowed} (không nhận SVG)."
        )
        field.error_messages["file_too_large_unknown_size"] = (
            "Ảnh quá lớn. Dung lượng tối đa là "
            f"{filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)}."
        )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile) and _starts_as_markup(_head(file)):
            # Wagtail compares content and name already; this catches markup a decoder lets by.
            raise forms.ValidationError(_IMAGE_ERRORS["invalid_image"], code="invalid_image")
        if isinstance(file, UploadedFile):
            _named_for_storage(file, "anh")
        return file
