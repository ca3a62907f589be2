"""Staff of commune A with a known password, and an administrator, for the sign-in tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cchc.communes.services import membership_grant

PASSWORD = "Mat-khau-dung-2026!"


@pytest.fixture
def staff(commune_a):
    def make(username: str, role: str = "editor"):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        membership_grant(user=user, commune=commune_a, role=role)
        return user

    return make


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="quantri", password=PASSWORD, email="quantri@example.vn"
    )
