"""Uploads through the Wagtail admin are judged by their content, size and type, not their name."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cchc.communes.models import Membership
from cchc.communes.services import collection_for, membership_grant

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
