"""The help menu leads to the Vietnamese staff guides, shown inside the back office (issue 10)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from cchc.communes.models import Membership
from cchc.communes.services import membership_grant
from cchc.guides.guides import GUIDES, Guide, render_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_a(django_user_model, commune_a):
    user = django_user_model.objects.create_user("bien-tap-a", password="x")
    membership_grant(user=user, role=Membership.Role.EDITOR, commune=commune_a)
    return user


@pytest.fixture
def signed_in(client_a, editor_a):
    client_a.force_login(editor_a)
    return client_a


def test_the_help_menu_lists_the_vietnamese_guides_and_no_wagtail_guide(signed_in) -> None:
    html = signed_in.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    assert props, "no sidebar props on the dashboard"
    sidebar = json.dumps(json.loads(props[1]), ensure_ascii=False)
    for guide in GUIDES:
        assert guide.label in sidebar
        assert guide.url in sidebar
    assert "Phím tắt" in sidebar  # the keyboard shortcuts dialog stays: it is translated
    assert "guide.wagtail.org" not in sidebar
    assert "Có gì mới trong Wagtail" not in sidebar
    assert "Hướng dẫn biên tập" not in sidebar


def test_the_dashboard_links_the_staff_guide_not_wagtails_editor_guide(signed_in) -> None:
    html = signed_in.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{GUIDES[0].url}">Hướng dẫn cán bộ</a>' in html
    assert "guide.wagtail.org" not in html
    assert "editor guide" not in html


def test_the_staff_guide_is_rendered_as_html_inside_the_back_office(signed_in) -> None:
    response = signed_in.get(reverse("guides_guide", args=("can-bo",)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Hướng dẫn cho cán bộ xã, phường - Quản trị CCHC</title>" in html
    assert "<h2>Gửi tin bài (biên tập viên, cộng tác viên)</h2>" in html
    assert "<strong>Gửi duyệt</strong>" in html  # Markdown, not the raw **…**
    assert "**" not in html.split('class="guide"', 1)[1]
    assert 'id="wagtail-sidebar-props"' in html  # the admin layout around it


def test_the_glossary_tables_are_html_tables(signed_in) -> None:
    html = signed_in.get(reverse("guides_guide", args=("thuat-ngu",))).content.decode()
    assert "<table>" in html
    assert "<td>quy trình duyệt (gọn: quy trình)</td>" in html


def test_an_unknown_guide_is_not_found(signed_in) -> None:
    assert signed_in.get("/quan-tri/huong-dan/khong-co/").status_code == 404


def test_the_guides_need_a_signed_in_member_of_staff(client_a) -> None:
    response = client_a.get(reverse("guides_guide", args=("can-bo",)))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_every_guide_file_exists_and_has_a_title() -> None:
    for guide in GUIDES:
        assert render_guide(guide).title, guide.filename


def test_links_between_guides_point_at_their_back_office_pages(tmp_path, settings) -> None:
    settings.CCHC_GUIDES_DIR = tmp_path
    (tmp_path / "a.md").write_text(
        "# Một\n\nXem [thuật ngữ](thuat-ngu-quan-tri.md#bang), [web](https://dichvucong.gov.vn/)"
        " và <script>alert(1)</script>.\n",
        encoding="utf-8",
    )
    (tmp_path / "thuat-ngu-quan-tri.md").write_text("# Thuật ngữ\n", encoding="utf-8")
    body = render_guide(Guide("a", "a.md", "Một", "help")).body
    assert 'href="/quan-tri/huong-dan/thuat-ngu/#bang"' in body
    assert 'href="https://dichvucong.gov.vn/"' in body
    assert "<script>" not in body  # raw HTML in a guide is shown as text, never run
