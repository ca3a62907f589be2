"""Uploads through the Wagtail admin are judged by their content, size and type, not their name."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cchc.communes.groups import collection_for
from cchc.communes.models import Membership
from cchc.communes.services import membership_grant

pytestmark = pytest.mark.django_db

HOST_A = "duc-tho.localhost"

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 15 + b"\xff\xfb\x90\x64" + b"\x00" * 400


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: the bytes end up in the test ids, which every xdist worker must agree on.
        for name, text in [
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ]:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def coordinator(client, commune_a, django_user_model):
    user = django_user_model.objects.create_user("dieu-phoi", password="x")
    membership_grant(user=user, commune=commune_a, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    return user


def _upload(url_name: str, client, commune, name: str, content: bytes):
    return client.post(
        reverse(url_name),
        {
            "title": name,
            "collection": collection_for(commune).id,
            "file": SimpleUploadedFile(name, content),
        },
        HTTP_HOST=HOST_A,
    )


def upload_document(client, commune, name: str, content: bytes):
    return _upload("wagtaildocs:add", client, commune, name, content)


def upload_image(client, commune, name: str, content: bytes):
    return _upload("wagtailimages:add", client, commune, name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ke-hoach.pdf", PDF),
        ("bao-cao.docx", docx_bytes()),
        ("danh-sach.csv", "Họ tên,Thôn\nNguyễn Văn Á,Thôn 1\n".encode()),
        ("ban-tin.mp3", MP3),
    ],
)
def test_genuine_documents_are_accepted_into_the_communes_collection(
    client, coordinator, commune_a, name, content
):
    response = upload_document(client, commune_a, name, content)
    assert response.status_code == 302, response.content.decode()[:1500]
    document = get_document_model().objects.get()
    assert document.collection == collection_for(commune_a)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cong-van.pdf", HTML, "Nội dung tệp không phải PDF"),
        ("bieu-mau.docx", SVG_WITH_SCRIPT, "Nội dung tệp không phải Word (.docx)"),
        ("bao-cao.xlsx", docx_bytes(), "Nội dung tệp không phải Excel (.xlsx)"),
        ("ghi-chu.txt", HTML, "phải là văn bản thuần mã hóa UTF-8"),
        ("so-lieu.csv", b"a,b\n\x00\x01\x02", "phải là văn bản thuần mã hóa UTF-8"),
        ("so-lieu.csv", b"H\xe0 N\xf4i,Th\xf4n 1\n", "phải là văn bản thuần mã hóa UTF-8"),
        ("ban-tin.mp3", HTML, "Nội dung tệp không phải MP3"),
    ],
)
def test_hostile_documents_are_refused_in_vietnamese_and_nothing_is_stored(
    client, coordinator, commune_a, media_root, name, content, message
):
    response = upload_document(client, commune_a, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "not allowed" not in response.content.decode()
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == []


def test_an_oversized_document_is_refused(client, coordinator, commune_a, media_root, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(client, commune_a, "qua-lon.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tệp quá lớn (2,0\xa0KB). Dung lượng tối đa là 1,0\xa0KB." in text
    assert "This file is too big" not in text
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == []


def test_the_multiple_upload_view_applies_the_same_checks(
    client, coordinator, commune_a, media_root
):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "collection": collection_for(commune_a).id,
            "files[]": SimpleUploadedFile("cong-van.pdf", HTML),
        },
        HTTP_HOST=HOST_A,
    )
    assert "Nội dung tệp không phải PDF" in response.json()["error_message"]
    assert "not allowed" not in response.json()["error_message"]
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == []


def test_a_genuine_image_is_accepted(client, coordinator, commune_a):
    response = upload_image(client, commune_a, "hoi-nghi.png", png_bytes())
    assert response.status_code == 302, response.content.decode()[:1500]
    assert get_image_model().objects.get().collection == collection_for(commune_a)


def test_an_svg_with_script_renamed_png_is_refused(client, coordinator, commune_a, media_root):
    response = upload_image(client, commune_a, "anh.png", SVG_WITH_SCRIPT)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nội dung tệp không phải ảnh .png" in text or "không phải là ảnh hợp lệ" in text
    assert get_image_model().objects.count() == 0
    assert stored_files(media_root) == []


def test_an_svg_is_refused_by_its_extension(client, coordinator, commune_a, media_root):
    response = upload_image(client, commune_a, "anh.svg", SVG_WITH_SCRIPT)
    assert response.status_code == 200
    assert "Không nhận loại ảnh này" in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_an_oversized_image_is_refused(client, coordinator, commune_a, media_root, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    noisy = io.BytesIO()
    # Random pixels do not compress: a real, valid PNG well over the 1 KB limit.
    PILImage.frombytes("L", (200, 200), os.urandom(200 * 200)).save(noisy, "PNG")
    response = upload_image(client, commune_a, "qua-lon.png", noisy.getvalue())
    assert response.status_code == 200
    assert "Ảnh quá lớn" in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert stored_files(media_root) == []


def test_a_coordinator_of_another_commune_does_not_see_the_communes_documents(
    client, coordinator, commune_a, commune_b, django_user_model
):
    upload_document(client, commune_a, "ke-hoach.pdf", PDF)
    assert get_document_model().objects.filter(title="ke-hoach.pdf").exists()
    other = django_user_model.objects.create_user("dieu-phoi-b", password="x")
    membership_grant(user=other, commune=commune_b, role=Membership.Role.COORDINATOR)
    client.logout()
    client.cookies.pop("messages", None)
    client.force_login(other)
    listing = client.get(reverse("wagtaildocs:index"), HTTP_HOST="nguyet-vien.localhost")
    chooser = client.get(reverse("wagtaildocs_chooser:choose"), HTTP_HOST="nguyet-vien.localhost")
    assert "ke-hoach.pdf" not in listing.content.decode()
    assert "ke-hoach.pdf" not in chooser.content.decode()


def test_a_coordinator_of_another_commune_does_not_see_the_communes_images(
    client, coordinator, commune_a, commune_b, django_user_model
):
    upload_image(client, commune_a, "hoi-nghi-tiep-dan.png", png_bytes())
    assert get_image_model().objects.filter(title="hoi-nghi-tiep-dan.png").exists()
    other = django_user_model.objects.create_user("dieu-phoi-b", password="x")
    membership_grant(user=other, commune=commune_b, role=Membership.Role.COORDINATOR)
    client.logout()
    client.cookies.pop("messages", None)
    client.force_login(other)
    listing = client.get(reverse("wagtailimages:index"), HTTP_HOST="nguyet-vien.localhost")
    chooser = client.get(reverse("wagtailimages_chooser:choose"), HTTP_HOST="nguyet-vien.localhost")
    assert listing.status_code == 200
    assert "hoi-nghi-tiep-dan.png" not in listing.content.decode()
    assert "hoi-nghi-tiep-dan.png" not in chooser.content.decode()


def test_images_in_a_sub_collection_of_the_commune_stay_choosable(client, coordinator, commune_a):
    album = collection_for(commune_a).add_child(name="Hội nghị 2026")
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "anh-hoi-nghi",
            "collection": album.id,
            "file": SimpleUploadedFile("anh-hoi-nghi.png", png_bytes()),
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 302
    chooser = client.get(reverse("wagtailimages_chooser:choose"), HTTP_HOST=HOST_A)
    assert "anh-hoi-nghi" in chooser.content.decode()


# --- Damaged images, decompression bombs, odd names (issue 9: no 5xx from any input) -----------

CORRUPT = "Tệp ảnh bị hỏng hoặc không đầy đủ"


def noise(length: int) -> bytes:
    # Seeded: the bytes are built at collection time, and every xdist worker must agree on them.
    return random.Random(length).randbytes(length)


def image_bytes(kind: str, size: tuple[int, int] = (64, 64)) -> bytes:
    buffer = io.BytesIO()
    # Noise, so the encoded body is long enough to be cut mid-stream.
    PILImage.frombytes("RGB", size, noise(size[0] * size[1] * 3)).save(buffer, kind)
    return buffer.getvalue()


def animated_gif_bytes() -> bytes:
    buffer = io.BytesIO()
    frames = [PILImage.frombytes("L", (32, 32), noise(32 * 32 + i)[i:]) for i in range(3)]
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def assert_nothing_stored(media_root: Path) -> None:
    assert get_image_model().objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("truncated.gif", image_bytes("GIF")[:60]),
        ("truncated.jpg", image_bytes("JPEG")[:400]),
        ("truncated.png", image_bytes("PNG")[:200]),
        ("truncated.webp", image_bytes("WEBP")[:120]),
    ],
    ids=["gif", "jpeg", "png", "webp"],
)
def test_a_truncated_image_is_refused_with_a_message_not_a_server_error(
    client, coordinator, commune_a, media_root, name, content
):
    response = upload_image(client, commune_a, name, content)
    assert response.status_code == 200
    assert CORRUPT in response.content.decode()
    assert_nothing_stored(media_root)


def test_an_animated_gif_cut_in_a_later_frame_is_refused(
    client, coordinator, commune_a, media_root
):
    # Wagtail decodes only the first frame, which is whole here; the cut would surface later,
    # when a rendition is made for a public page.
    whole = animated_gif_bytes()
    response = upload_image(client, commune_a, "dong.gif", whole[: len(whole) - 300])
    assert response.status_code == 200
    assert CORRUPT in response.content.decode()
    assert_nothing_stored(media_root)


def test_the_multiple_upload_refuses_a_truncated_image_in_its_json_answer(
    client, coordinator, commune_a, media_root
):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "collection": collection_for(commune_a).id,
            "files[]": SimpleUploadedFile("hong.jpg", image_bytes("JPEG")[:400]),
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert CORRUPT in response.json()["error_message"]
    assert_nothing_stored(media_root)


def test_the_chooser_upload_refuses_a_truncated_image_and_shows_the_form_again(
    client, coordinator, commune_a, media_root
):
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "ảnh hỏng",
            "image-chooser-upload-collection": collection_for(commune_a).id,
            "image-chooser-upload-file": SimpleUploadedFile("hong.gif", image_bytes("GIF")[:60]),
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert CORRUPT in response.json()["htmlFragment"]
    assert_nothing_stored(media_root)


def test_a_decompression_bomb_is_refused_from_its_header(
    client, coordinator, commune_a, media_root, settings
):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    # 4,000 × 4,000 one-bit pixels: a few kilobytes of PNG that unpack to 16 million pixels.
    buffer = io.BytesIO()
    PILImage.new("1", (4000, 4000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 20_000
    response = upload_image(client, commune_a, "bom.png", buffer.getvalue())
    assert response.status_code == 200
    assert "Ảnh có quá nhiều điểm ảnh (16.000.000). Tối đa 1.000.000 điểm ảnh." in (
        response.content.decode()
    )
    assert_nothing_stored(media_root)


def test_an_image_named_with_emoji_only_is_stored_under_a_plain_name(
    client, coordinator, commune_a
):
    response = upload_image(client, commune_a, "😀😀.png", png_bytes())
    assert response.status_code == 302
    # Storage drops the emoji; without a fallback the file would be the hidden ".png".
    assert get_image_model().objects.get().file.name == "original_images/anh.png"


def test_the_image_form_speaks_vietnamese_in_its_help_text(client, coordinator):
    page = client.get(reverse("wagtailimages:add"), HTTP_HOST=HOST_A).content.decode()
    assert "Định dạng được nhận: .gif, .jpg, .jpeg, .png, .webp" in page
    assert "Supported formats" not in page


@pytest.mark.parametrize(
    ("title", "name", "content", "message"),
    [
        ("rỗng", "rong.pdf", b"", "Tập tin được gửi là rỗng."),
        ("sai", "sai.pdf", b"GIF89a\x01\x00\x01\x00", "Nội dung tệp không phải PDF"),
        ("x" * 300, "dai.pdf", PDF, "tối đa 255 kí tự"),
        ("có\x00NUL", "nul.pdf", PDF, "Không được chứa ký tự NUL"),
        ("đuôi", "ke-hoach.pdf\x00.html", PDF, "Không nhận loại tệp .html"),
        ("không đuôi", "ke-hoach", PDF, "Không nhận loại tệp .?"),
    ],
    ids=["empty", "wrong-magic", "huge-title", "nul-in-title", "nul-in-name", "no-extension"],
)
def test_odd_document_uploads_get_a_vietnamese_message_and_store_nothing(
    client, coordinator, commune_a, media_root, title, name, content, message
):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "collection": collection_for(commune_a).id,
            "file": SimpleUploadedFile(name, content),
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "not allowed" not in text
    assert "Maximum filesize" not in text
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == []


def test_a_very_long_document_file_name_is_shortened_for_storage(client, coordinator, commune_a):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "tên tệp dài",
            "collection": collection_for(commune_a).id,
            "file": SimpleUploadedFile("k" * 300 + ".pdf", PDF),
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 302
    stored = get_document_model().objects.get().file.name
    assert stored.endswith(".pdf")
    assert len(stored) <= 100


def test_a_document_named_with_emoji_only_keeps_its_extension_in_storage(
    client, coordinator, commune_a
):
    for _ in range(2):
        assert upload_document(client, commune_a, "📄.pdf", PDF).status_code == 302
    # Without a fallback name the second would be stored as ".pdf_abc1234", extension lost.
    names = sorted(get_document_model().objects.values_list("file", flat=True))
    assert names[0] == "documents/tai-lieu.pdf"
    assert names[1].startswith("documents/tai-lieu_") and names[1].endswith(".pdf")
