"""A commune's year for the score and the pack: a plan, linked articles, a conference kind
with photos, a unit's report with a file; the same for commune B, marked as foreign."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.plans import evidence
from cchc.plans.evidence import Product, register_evidence_kind
from cchc.plans.models import CommunicationPlan, PlanItem, PlanItemPage
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.reports.models import ReportAttachment, UnitReport

TODAY = dt.date(2027, 1, 10)  # the year 2026 is over
FOREIGN = "ZZNGOAIXA"


def staff(username: str, role: str, commune=None, province=None):
    user = get_user_model().objects.create_user(username, password="x", first_name=username)
    membership_grant(user=user, role=role, commune=commune, province=province)
    return user


def make_plan(commune, rows, *, year: int = 2026, issued=dt.date(2026, 1, 20), label: str = ""):
    """rows: (channel, target) per item."""
    plan = CommunicationPlan.objects.create(
        commune=commune, year=year, number_symbol=f"{label}12/KH-UBND", issued_on=issued,
        title=f"{label}Kế hoạch tuyên truyền CCHC năm {year}",
    )  # fmt: skip
    for position, (channel, target) in enumerate(rows, start=1):
        PlanItem.objects.create(
            plan=plan, position=position, content=f"{label}Nhiệm vụ {position} ({channel})",
            channel=channel, target_count=target, target_unit="sản phẩm", period_text="Cả năm",
        )  # fmt: skip
    return plan


def make_article(commune, title: str, day: dt.date) -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get()
    when = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    page = ArticlePage(title=title, slug=f"bai-{abs(hash(title)) % 10**9}", summary=title,
                       live=True, first_published_at=when)  # fmt: skip
    index.add_child(instance=page)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=when)
    return page


def link_articles(plan, position: int, count: int, *, label: str = "", month: int = 3) -> None:
    item = plan.items.get(position=position)
    for n in range(count):
        page = make_article(plan.commune, f"{label}Bài {position}-{n}", dt.date(2026, month, 1 + n))
        PlanItemPage.objects.create(item=item, page=page)


def add_report(commune, unit, text: str, kind: str = "q3") -> UnitReport:
    report = UnitReport.objects.create(
        commune=commune, unit=unit, year=2026, period=kind, text=text,
        due_on=dt.date(2026, 9, 4), submitted_by_name=text[:100],
        figures=[{"key": "articles", "label": "Tin, bài", "value": 3}],
    )  # fmt: skip
    data = f"Biên bản: {text}".encode()
    import hashlib

    ReportAttachment.objects.create(
        report=report, file=ContentFile(data, name="bien-ban.pdf"), name="Biên bản họp.pdf",
        size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip
    return report


@pytest.fixture
def conference_kind():
    """A sibling app's kind (conferences with photos), as it would register from ready()."""
    photos: dict[int, bytes] = {}

    def conferences(items):
        found = {}
        for item in items:
            if item.channel != "conference":
                continue
            commune = item.plan.commune
            photo = f"Ảnh hội nghị của {commune.name}".encode()
            photos[item.pk] = photo
            found[item.pk] = [
                Product(
                    "conference_test", f"Hội nghị tại {commune.name}", dt.date(2026, 5, 12),
                    extra={"files": [{"name": "Ảnh hội nghị.jpg",
                                      "open": lambda p=photo: io.BytesIO(p)}]},
                )
            ]  # fmt: skip
        return found

    register_evidence_kind("conference_test", "Hội nghị (thử)", conferences)
    yield photos
    evidence._KINDS.pop("conference_test", None)


@pytest.fixture
def year_a(commune_a, conference_kind):
    """Commune A's 2026: 4 items (3 portal + 1 conference), all at target; a unit's report."""
    plan = make_plan(commune_a, [("portal", 2), ("portal", 1), ("social", 1), ("conference", 1)])
    link_articles(plan, 1, 2)
    link_articles(plan, 2, 1, month=6)
    link_articles(plan, 3, 1, month=7)
    village = Unit.objects.create(commune=commune_a, name="Thôn Đông", kind="village")
    add_report(commune_a, village, "Thôn Đông báo cáo quý III")
    return plan


@pytest.fixture
def year_b(commune_b, conference_kind):
    """Commune B's 2026, every title marked FOREIGN: it must never reach A's score or pack."""
    plan = make_plan(commune_b, [("portal", 1), ("conference", 1)], label=FOREIGN)
    link_articles(plan, 1, 1, label=FOREIGN)
    unit = Unit.objects.create(commune=commune_b, name=f"{FOREIGN} Khu phố", kind="village")
    add_report(commune_b, unit, f"{FOREIGN} báo cáo")
    return plan


@pytest.fixture
def coordinator(commune_a):
    return staff("dieuphoi", Membership.Role.COORDINATOR, commune_a)
