"""The demo's communication plan: xã Quyết Thắng's 2026 plan from seed 001, with progress.

The annex table of the seed goes through the real import (an Excel file made here), the plan's
aims, requirements, signer and recipients are read from the seed's text, and a few of the
commune's demo articles are linked to items, so the plan page shows done / target and a late
item. Idempotent: a commune that has its 2026 plan is left as it is.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable

from django.utils import timezone

from cchc.communes.models import Commune
from cchc.demo import content
from cchc.plans.importing import plan_import
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.services import page_link_items
from cchc.portal.models import ArticlePage

PLAN_COMMUNE = "quyet-thang"
PLAN_SEED = "001_ef1cf9a82fe0ef62.txt"
YEAR = 2026
# Item position → (target, unit); the seed's annex names products but no numbers.
TARGETS = {1: (3, "tin, bài"), 2: (4, "sản phẩm"), 3: (24, "tin, bài"), 4: (1, "hội nghị")}
# Demo article slug → (item position, the day it is shown as published in the plan's year).
LINKS = {
    "tin-1": (1, datetime.date(YEAR, 1, 20)),
    "tin-4": (1, datetime.date(YEAR, 2, 12)),
    "tin-5": (2, datetime.date(YEAR, 4, 8)),
}


def seed_annex(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("TT\t"))
    rows = [line.split("\t") for line in lines[start + 1 :] if line.strip()]
    return lines[start].split("\t"), rows


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"NHIỆM VỤ TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH NĂM {YEAR}"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _section(text: str, start: str, end: str) -> str:
    """The «- …» lines between two headings of the seed."""
    body = text.split(start, 1)[1].split(end, 1)[0]
    lines = [
        line.strip()[2:].strip() for line in body.splitlines() if line.strip().startswith("- ")
    ]
    return "\n".join(lines)


def demo_plan(commune: Commune, report: Callable[[str], None] = print) -> CommunicationPlan | None:
    if commune.slug != PLAN_COMMUNE:
        return None
    existing = CommunicationPlan.objects.filter(commune=commune, year=YEAR).first()
    if existing is not None:
        return existing
    text = (content.SEEDS_DIR / PLAN_SEED).read_text(encoding="utf-8")
    header, rows = seed_annex(text)
    plan = plan_import(commune=commune, data=_xlsx(header, rows), year=YEAR, create_units=True).plan
    recipients = _section(text, "Nơi nhận:", "**TM.")
    plan.number_symbol = "/KH-UBND"
    plan.basis = re.search(r"Thực hiện (Kế hoạch số [^,]+)", text).group(1)
    plan.aims = _section(text, "**1. Mục đích**", "**2. Yêu cầu**")
    plan.requirements = _section(text, "**2. Yêu cầu**", "**II.")
    plan.signer_authority = "TM. ỦY BAN NHÂN DÂN"
    plan.signer_position = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    plan.signer_name = "Mai Đàm Thanh Vân"
    plan.recipients = "\n".join(f"- {line}" for line in recipients.splitlines())
    plan.save()
    for position, (count, unit) in TARGETS.items():
        PlanItem.objects.filter(plan=plan, position=position).update(
            target_count=count, target_unit=unit
        )
    items = {item.position: item for item in plan.items.all()}
    articles = ArticlePage.objects.descendant_of(commune.root_page).live()
    for slug, (position, day) in LINKS.items():
        article = articles.filter(slug=slug).first()
        if article is None or position not in items:
            continue
        published = article.first_published_at
        if published is None or timezone.localdate(published).year != YEAR:
            # The demo runs in any year; its plan is 2026's, so are its articles.
            moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
            ArticlePage.objects.filter(pk=article.pk).update(first_published_at=moment)
        page_link_items(page=article, items=[items[position]])
    report(f"  kế hoạch tuyên truyền năm {YEAR}: {len(items)} nhiệm vụ, {len(LINKS)} tin đã gắn")
    return plan
