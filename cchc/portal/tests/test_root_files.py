"""/favicon.ico and /apple-touch-icon.png: real images, cached a week, on every host."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cchc.portal.root_files import MAX_AGE


@pytest.mark.parametrize(
    ("path", "content_type", "image_format", "size"),
    [
        ("/favicon.ico", "image/", "ICO", (32, 32)),
        ("/apple-touch-icon.png", "image/png", "PNG", (180, 180)),
    ],
)
def test_the_root_icons_are_images_with_a_weeks_cache(
    client, path, content_type, image_format, size
):
    response = client.get(path, HTTP_HOST="ductho.example.gov.vn")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert f"max-age={MAX_AGE}" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    image = Image.open(io.BytesIO(body))
    assert image.format == image_format
    if image_format == "ICO":
        assert size in image.ico.sizes()
    else:
        assert image.size == size


def test_static_files_keep_their_own_cache_policy(client):
    response = client.get("/static/portal/site.css")

    assert response.status_code == 200
    assert f"max-age={MAX_AGE}" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_public_pages_name_their_icons(client, commune_a):
    html = client.get("/", HTTP_HOST="duc-tho.localhost").content.decode()

    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert 'type="image/svg+xml"' in html
