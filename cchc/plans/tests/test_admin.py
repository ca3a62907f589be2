"""The back office of plans: who sees and changes what, import with unit mapping, page links."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.rich_text import RichText

from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.plans.importing import plan_import
from cchc.plans.models import CommunicationPlan, PlanItem, PlanItemPage
from cchc.plans.plan_periods import month_mask
from cchc.plans.selectors import plan_progress
from cchc.plans.services import PlanRuleError, page_link_items
from cchc.plans.tests.annex_files import UNITS, docx_bytes
from cchc.portal.models import ArticleIndexPage, ArticlePage


def _staff(username: str, role: str, commune=None, unit=None):
    user = get_user_model().objects.create_user(username, password="x")
    membership_grant(user=user, role=role, commune=commune, unit=unit)
    return user


def _plan(commune) -> CommunicationPlan:
    for name, kind in UNITS:
        Unit.objects.get_or_create(commune=commune, name=name, defaults={"kind": kind})
    return plan_import(commune=commune, data=docx_bytes()).plan


def _article(commune, title: str, *, publish: bool = True) -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get()
    page = ArticlePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary=title,
        body=[("paragraph", RichText("<p>x</p>"))],
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=datetime.datetime(2026, 2, 10, 9, tzinfo=datetime.UTC)
        )
    return page


@pytest.fixture
def client(client, commune_a):
    """Back-office requests go to commune A's host (the tenancy middleware needs one)."""
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    return client


@pytest.fixture
def plans(commune_a, commune_b):
    return _plan(commune_a), _plan(commune_b)


@pytest.mark.django_db
def test_a_coordinator_sees_and_exports_only_their_communes_plans(client, commune_a, plans):
    plan_a, plan_b = plans
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    listing = client.get(reverse("plans:index")).content.decode()
    assert "Xã Đức Thọ" in listing and "Nguyệt Viên" not in listing
    assert client.get(reverse("plans:detail", args=[plan_a.pk])).status_code == 200
    item_b = plan_b.items.first()
    for url in (
        reverse("plans:detail", args=[plan_b.pk]),
        reverse("plans:edit", args=[plan_b.pk]),
        reverse("plans:export", args=[plan_b.pk, "docx"]),
        reverse("plans:item_add", args=[plan_b.pk]),
        reverse("plans:item_edit", args=[item_b.pk]),
        reverse("plans:item_delete", args=[item_b.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"content": "x"}).status_code in (404, 405), url
    assert PlanItem.objects.filter(pk=item_b.pk).exists()
    response = client.get(reverse("plans:export", args=[plan_a.pk, "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


@pytest.mark.django_db
def test_a_unit_editor_reads_the_plan_but_may_not_change_it(client, commune_a, plans):
    plan_a, _ = plans
    unit = Unit.objects.get(commune=commune_a, name="Phòng Văn hóa - Xã hội")
    client.force_login(_staff("bien-tap-a", Membership.Role.EDITOR, commune_a, unit))
    assert client.get(reverse("plans:detail", args=[plan_a.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[plan_a.pk])).status_code == 403
    assert client.post(reverse("plans:delete", args=[plan_a.pk])).status_code == 403
    assert client.get(reverse("plans:import")).status_code == 403
    assert CommunicationPlan.objects.filter(pk=plan_a.pk).exists()


@pytest.mark.django_db
def test_an_item_cannot_take_a_unit_of_another_commune(client, commune_a, commune_b, plans):
    plan_a, _ = plans
    foreign = Unit.objects.filter(commune=commune_b).first()
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    data = {"position": 5, "content": "Đối thoại", "channel": "dialogue", "period_text": "Tháng 6",
            "lead_unit": foreign.pk, "target_count": 1, "target_unit": "buổi"}  # fmt: skip
    response = client.post(reverse("plans:item_add", args=[plan_a.pk]), data)
    assert response.status_code == 422
    own = Unit.objects.filter(commune=commune_a).first()
    response = client.post(
        reverse("plans:item_add", args=[plan_a.pk]),
        {**data, "lead_unit": own.pk, "period_text": "Tháng 13"},
    )
    assert response.status_code == 422 and "tháng 13" in response.content.decode()
    response = client.post(
        reverse("plans:item_add", args=[plan_a.pk]), {**data, "lead_unit": own.pk}
    )
    assert response.status_code == 302
    item = plan_a.items.get(position=5)
    assert item.months == month_mask([6]) and item.lead_unit == own
    # The change is in the commune's audit log.
    entry = ModelLogEntry.objects.get(object_id=str(plan_a.pk), action="wagtail.edit")
    assert entry.data["item"] == 5 and entry.data["commune_id"] == commune_a.pk


@pytest.mark.django_db
def test_the_import_screen_maps_unknown_units_then_imports(client, commune_a):
    Unit.objects.create(commune=commune_a, name="Phòng Văn hóa - Xã hội", kind="coordinating")
    centre = Unit.objects.create(commune=commune_a, name="Trung tâm truyền thông", kind="office")
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    upload = SimpleUploadedFile("phu-luc.docx", docx_bytes())
    response = client.post(reverse("plans:import"), {"commune": commune_a.pk, "file": upload})
    assert response.status_code == 302 and response.url == reverse("plans:import_units")
    assert not CommunicationPlan.objects.exists()
    page = client.get(response.url).content.decode()
    assert "«Trung tâm sự nghiệp công»" in page
    response = client.post(reverse("plans:import_units"), {"unit_0": str(centre.pk)})
    assert response.status_code == 302
    plan = CommunicationPlan.objects.get(commune=commune_a, year=2026)
    assert plan.items.filter(lead_unit=centre).count() == 2


@pytest.mark.django_db
def test_the_import_screen_lists_every_problem_and_imports_nothing(client, commune_a):
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    upload = SimpleUploadedFile("phu-luc.xlsx", b"PK\x03\x04 not really")
    response = client.post(reverse("plans:import"), {"commune": commune_a.pk, "file": upload})
    assert response.status_code == 422
    assert "Tệp bị hỏng hoặc không đầy đủ" in response.content.decode()
    assert not CommunicationPlan.objects.exists()


@pytest.mark.django_db
def test_another_communes_import_is_refused(client, commune_a, commune_b):
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    upload = SimpleUploadedFile("phu-luc.docx", docx_bytes())
    response = client.post(reverse("plans:import"), {"commune": commune_b.pk, "file": upload})
    assert response.status_code == 422
    assert not CommunicationPlan.objects.filter(commune=commune_b).exists()


@pytest.mark.django_db
def test_a_page_is_linked_only_to_items_of_its_own_commune(client, commune_a, commune_b, plans):
    plan_a, plan_b = plans
    article = _article(commune_a, "Tin ke hoach")
    item_a, item_b = plan_a.items.first(), plan_b.items.first()
    with pytest.raises(PlanRuleError):
        page_link_items(page=article, items=[item_b])
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    url = reverse("plans:page_items", args=[article.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert url in edit  # offered from the page editor's menu
    response = client.post(url, {"items": [item_b.pk]})
    assert response.status_code == 422
    assert not PlanItemPage.objects.exists()
    assert client.post(url, {"items": [item_a.pk]}).status_code == 302
    assert list(PlanItemPage.objects.values_list("item_id", "page_id")) == [(item_a.pk, article.pk)]
    # A page of the other commune cannot be reached at all.
    article_b = _article(commune_b, "Tin xa b")
    assert client.get(reverse("plans:page_items", args=[article_b.pk])).status_code == 404
    assert (
        client.post(
            reverse("plans:page_items", args=[article_b.pk]), {"items": [item_a.pk]}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_progress_counts_published_linked_pages_and_flags_late_items(commune_a, plans):
    plan_a, _ = plans
    first = plan_a.items.get(position=1)  # Quý I/2026
    first.target_count = 2
    first.save()
    page_link_items(page=_article(commune_a, "Tin mot"), items=[first])
    page_link_items(page=_article(commune_a, "Tin nhap", publish=False), items=[first])
    during = plan_progress(plan_a, today=datetime.date(2026, 3, 15))
    row = next(r for r in during.items if r.item == first)
    assert (row.done, row.target, row.late) == (1, 2, False)
    assert row.products[0].title == "Tin mot" and row.products[0].date == datetime.date(2026, 2, 10)
    after = plan_progress(plan_a, today=datetime.date(2026, 4, 1))
    row = next(r for r in after.items if r.item == first)
    assert row.late and row.status == "Chậm tiến độ"
    # Items of the whole year are not late before the year ends.
    assert [r.item.position for r in after.late] == [1, 4]
    page_link_items(page=_article(commune_a, "Tin hai"), items=[first])
    row = next(
        r for r in plan_progress(plan_a, today=datetime.date(2026, 4, 1)).items if r.item == first
    )
    assert (row.done, row.late, row.status) == (2, False, "Hoàn thành")


@pytest.mark.django_db
def test_a_second_plan_for_the_same_year_is_refused_in_vietnamese(client, commune_a, plans):
    client.force_login(_staff("dieu-phoi-a", Membership.Role.COORDINATOR, commune_a))
    response = client.post(reverse("plans:add"), {"commune": commune_a.pk, "year": 2026})
    assert response.status_code == 422
    assert "đã có kế hoạch tuyên truyền của năm này" in response.content.decode()
    response = client.post(reverse("plans:add"), {"commune": commune_a.pk, "year": 2027})
    assert response.status_code == 302
    assert CommunicationPlan.objects.filter(commune=commune_a).count() == 2
