"""English the staff-page walk (tests/e2e/test_staff_pages_in_vietnamese.py) found outside
Wagtail's catalogues: a label Django makes from a field name, Django's own outdated vi catalogue,
a `None` printed for an unknown user, the window title (issue 10, item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple


def test_the_sign_in_form_labels_the_password_in_vietnamese(client_a) -> None:
    html = client_a.get(reverse("wagtailadmin_login")).content.decode()
    # Wagtail's LoginForm gives the field no label: Django named it "Password".
    assert 'for="id_password" id="id_password-label"> Mật khẩu<' in " ".join(html.split())
    assert "Password" not in html
    assert "<title>Đăng nhập - Quản trị CCHC</title>" in html


@pytest.mark.parametrize(
    ("minutes_ago", "shown"),
    [(0, "vừa xong"), (5, "5\xa0phút trước"), (60 * 26, "1\xa0ngày trước")],
)
def test_how_long_ago_reads_in_vietnamese(minutes_ago: int, shown: str) -> None:
    # Django's vi catalogue translates "%d minute", not Django 5's "%(num)d minute": listings
    # said "0 minutes trước" instead of "vừa xong".
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    with translation.override("vi"):
        assert timesince_simple(when) == shown


@pytest.mark.django_db
def test_an_unknown_publisher_is_a_dash_not_none() -> None:
    def render(**context) -> str:
        html = render_to_string("wagtailadmin/shared/user_avatar.html", context)
        return " ".join(html.split())

    # Pages published by the demo loader, a command or a scheduled task have no publisher.
    assert render(user=None, username="") == "—"
    user = get_user_model().objects.create_user("dieuphoi", password="x")
    shown = render(user=user, username="dieuphoi")
    assert shown.endswith("dieuphoi")
    assert "avatar" in shown
