"""Shared fixtures: two communes in two provinces and their personas."""

from __future__ import annotations

import pytest

from cchc.communes.models import Commune
from cchc.communes.services import CommuneSpec
from cchc.portal.provisioning import commune_create


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: cached host lookups and pages must not leak."""
    from django.core.cache import caches

    from cchc.analytics import counter
    from cchc.communes import selectors

    selectors._local.clear()
    counter._local.clear()
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def commune_a(db) -> Commune:
    return commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho"),
        hostname="duc-tho.localhost",
    )


@pytest.fixture
def commune_b(db) -> Commune:
    return commune_create(
        spec=CommuneSpec(38, "Thanh Hóa", 15925, "Nguyệt Viên", "phuong", "nguyet-vien"),
        hostname="nguyet-vien.localhost",
    )


@pytest.fixture
def client_a(client, commune_a):
    """A Django test client whose requests go to commune A's host."""
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    return client


@pytest.fixture
def client_b(client, commune_b):
    client.defaults["HTTP_HOST"] = "nguyet-vien.localhost"
    return client
