"""Issue 10 item 6: ASCII page addresses, absolute links that keep the port, no outside avatars."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc.accounts.avatars import initials
from cchc.communes.models import Membership
from cchc.communes.services import membership_grant
from cchc.pages.slugs import folded_slug
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.portal.tests.helpers import publish_article

pytestmark = pytest.mark.django_db

HOST_A = "duc-tho.localhost"
TITLE = "Đăng ký thường trú: hướng dẫn mới"
# What Wagtail 8's slug controller sends for TITLE with Unicode slugs allowed (its default):
# urlify() keeps the Vietnamese letters. With them disallowed it would send
# "djang-ky-thng-tru-hng-dn-mi" (its maps are not Vietnamese), see docs/decisions/0014.
BROWSER_SLUG = "đăng-ký-thường-trú-hướng-dẫn-mới"
FOLDED = "dang-ky-thuong-tru-huong-dan-moi"


@pytest.fixture
def coordinator(client, commune_a, django_user_model):
    user = django_user_model.objects.create_user(
        "dieu-phoi", password="x", first_name="Diệu", last_name="Phạm"
    )
    membership_grant(user=user, commune=commune_a, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    return client


def _add_article(client, commune, slug: str, title: str = TITLE, action: str = "action-publish"):
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get()
    url = reverse("wagtailadmin_pages:add", args=("portal", "articlepage", index.id))
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Tóm tắt tin thử.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung tin.</p>"))]),
            "comments": inline_formset([]),
            "author_name": "Phóng viên",
        }
    )
    if action:
        data[action] = "1"
    return client.post(url, data, HTTP_HOST=HOST_A)


# --- Slugs -------------------------------------------------------------------------------------


def test_folding_turns_d_stroke_into_d_and_drops_accents():
    assert folded_slug(TITLE) == FOLDED
    assert folded_slug("Đường dây nóng thủ tục") == "duong-day-nong-thu-tuc"
    assert folded_slug("!!!") == ""


@pytest.mark.parametrize(
    ("sent", "action"),
    [(BROWSER_SLUG, "action-publish"), (BROWSER_SLUG, "")],
    ids=["published", "draft"],
)
def test_a_new_article_gets_the_folded_slug(coordinator, commune_a, sent, action):
    response = _add_article(coordinator, commune_a, sent, action=action)

    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    article = ArticlePage.objects.get(title=TITLE)
    assert article.slug == FOLDED
    assert article.url_path.endswith(f"/{FOLDED}/")


def test_a_page_added_without_a_slug_gets_the_folded_title(commune_a):
    # Scripts, imports and the demo add pages without a slug: Wagtail would slugify the title
    # keeping its Vietnamese letters.
    article = publish_article(commune_a, TITLE)
    assert article.slug == FOLDED
    assert publish_article(commune_a, TITLE).slug == f"{FOLDED}-2"


def test_a_second_article_of_the_same_title_gets_a_suffix(coordinator, commune_a):
    assert _add_article(coordinator, commune_a, BROWSER_SLUG).status_code == 302
    assert _add_article(coordinator, commune_a, BROWSER_SLUG).status_code == 302
    slugs = sorted(ArticlePage.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert slugs == [FOLDED, f"{FOLDED}-2"]


def test_an_ascii_slug_typed_by_the_editor_is_kept(coordinator, commune_a):
    assert _add_article(coordinator, commune_a, "thuong-tru-2026").status_code == 302
    assert ArticlePage.objects.get(title=TITLE).slug == "thuong-tru-2026"


def test_an_existing_unicode_slug_is_kept_on_edit(coordinator, commune_a):
    # An address made before folding: written straight to the table, as old rows are.
    article = publish_article(commune_a, "Thử quy trình")
    Page.objects.filter(pk=article.pk).update(
        slug="thử-quy-trình", url_path=article.url_path.replace(article.slug, "thử-quy-trình")
    )
    article = ArticlePage.objects.get(pk=article.pk)
    url = reverse("wagtailadmin_pages:edit", args=(article.id,))
    data = nested_form_data(
        {
            "title": "Thử quy trình (sửa)",
            "slug": "thử-quy-trình",
            "summary": "Tóm tắt.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung sửa.</p>"))]),
            "comments": inline_formset([]),
            "author_name": "Phóng viên",
        }
    )
    data["action-publish"] = "1"
    response = coordinator.post(url, data, HTTP_HOST=HOST_A)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Thử quy trình (sửa)"
    assert article.slug == "thử-quy-trình"


# --- Absolute links keep the request's port -----------------------------------------------------

PORTED = "duc-tho.localhost:8000"


def _published(commune_a) -> ArticlePage:
    article = publish_article(commune_a, "Lịch tiếp công dân")
    rollup_views(commune_a, article)
    return article


def _path(article) -> str:
    return article.get_url_parts()[2]  # "/cai-cach-hanh-chinh/tin-tuc/…/"


def rollup_views(commune, article) -> None:
    from cchc.analytics.tests.test_dashboard import days_ago, record, rollup

    record(commune, days_ago(1), visitors=3, page_id=article.id)
    rollup(commune)


def test_the_live_link_of_the_page_listing_keeps_the_port(coordinator, commune_a):
    article = _published(commune_a)
    url = reverse("wagtailadmin_explore", args=(article.get_parent().id,))

    ported = coordinator.get(url, HTTP_HOST=PORTED).content.decode()
    plain = coordinator.get(url, HTTP_HOST=HOST_A).content.decode()

    assert f'href="http://{PORTED}{_path(article)}"' in ported
    assert "http://duc-tho.localhost/" not in ported
    assert f'href="http://{HOST_A}{_path(article)}"' in plain


def test_the_view_live_message_after_publishing_keeps_the_port(coordinator, commune_a):
    article = _published(commune_a)
    url = reverse("wagtailadmin_pages:edit", args=(article.id,))
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "summary": "Tóm tắt.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "comments": inline_formset([]),
            "author_name": "Phóng viên",
        }
    )
    data["action-publish"] = "1"
    response = coordinator.post(url, data, HTTP_HOST=PORTED, follow=True)

    assert f'href="http://{PORTED}{_path(article)}"' in response.content.decode()


def test_the_statistics_link_to_a_page_keeps_the_port(coordinator, commune_a):
    article = _published(commune_a)

    response = coordinator.get("/quan-tri/thong-ke/", HTTP_HOST=PORTED)

    (row,) = response.context["rankings"][0][2]
    assert row["url"] == f"http://{PORTED}{_path(article)}"
    assert f'href="http://{PORTED}{_path(article)}"' in response.content.decode()


def test_behind_an_https_proxy_the_link_says_https_and_no_port(coordinator, commune_a, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    article = _published(commune_a)
    url = reverse("wagtailadmin_explore", args=(article.get_parent().id,))

    page = coordinator.get(url, HTTP_HOST=HOST_A, HTTP_X_FORWARDED_PROTO="https").content.decode()

    assert f'href="https://{HOST_A}{_path(article)}"' in page


# --- No outside avatar service ------------------------------------------------------------------


@pytest.mark.parametrize("view", ["wagtailadmin_home", "wagtailadmin_account", "explore"])
def test_admin_pages_load_no_image_from_another_host(coordinator, commune_a, view):
    index = ArticleIndexPage.objects.descendant_of(commune_a.root_page).get()
    url = reverse("wagtailadmin_explore", args=(index.id,)) if view == "explore" else reverse(view)

    page = coordinator.get(url, HTTP_HOST=PORTED).content.decode()

    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', page)
    assert "gravatar" not in page
    outside = [s for s in sources if re.match(r"(https?:)?//", s) and PORTED not in s]
    assert outside == []
    if view != "explore":  # the listing shows no avatar; the dashboard and account page do
        # The initials avatar, drawn in the page itself (cchc.accounts.avatars).
        assert any(s.startswith("data:image/svg+xml") and "%3EDP%3C" in s for s in sources)


def test_initials_of_vietnamese_names():
    assert initials("Nguyễn Văn An") == "NA"
    assert initials("đặng thị  thu") == "ĐT"
    assert initials("bientap") == "B"
    assert initials("") == "?"
