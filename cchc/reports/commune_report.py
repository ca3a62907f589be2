"""The commune's report for a period: sections drafted from the data, versions, the DOCX.

The report is the one the coordinating office (Phòng Văn hóa - Xã hội) compiles for the
People's Committee to sign and send up (seed 003): the platform drafts every section from
`cchc.reports.drafting`; the coordinator edits the texts in the back office; each save is a new
`CommuneReportVersion` (who, when, the texts, and the data tables as they were then); the DOCX
is a Decree 30 «BÁO CÁO» through `cchc.decree30` rendered from one version, or from the fresh
draft before anything is saved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from cchc.communes.access import memberships_of
from cchc.communes.models import Commune, Membership
from cchc.decree30 import Heading, OfficialDocument, Paragraph, Signer, Table, render_docx
from cchc.reports.drafting import DraftData
from cchc.reports.models import CommuneReportVersion
from cchc.reports.periods import ReportingPeriod
from cchc.vietnamese.order import thousands

NO_DATA = "chưa có số liệu"
MAX_SECTION_CHARS = 20_000
# A year of a busy commune records hundreds of products; the report lists the first ones (the
# evidence pack lists them all) and keeps the document short and quick to lay out.
EVENTS_IN_TABLE = 50
EVENTS_IN_TEXT = 20


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str  # as printed; level 1 headings in upper case
    level: int
    required: bool
    tables: tuple[str, ...] = ()  # data tables printed after the text


# The body, in order. Headings of level 1 with no text of their own are printed before the
# first section under them (`PARTS`).
SECTIONS: list[SectionSpec] = [
    SectionSpec("intro", "Mở đầu", 0, True),
    SectionSpec("direction", "1. Công tác chỉ đạo, triển khai", 2, True),
    SectionSpec("plan", "2. Kết quả thực hiện các nhiệm vụ của kế hoạch", 2, True,
                ("items", "channels")),
    SectionSpec("portal", "3. Chuyên mục Cải cách hành chính trên Trang thông tin điện tử", 2,
                True, ("articles",)),
    SectionSpec("events", "4. Hội nghị, hoạt động và sản phẩm tuyên truyền khác", 2, False,
                ("events",)),
    SectionSpec("units", "5. Kết quả của các cơ quan, đơn vị", 2, True,
                ("unit_status", "unit_figures")),
    SectionSpec("assessment", "II. ĐÁNH GIÁ CHUNG", 1, True),
    SectionSpec("next", "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", 1, True),
    SectionSpec("proposals", "IV. ĐỀ XUẤT, KIẾN NGHỊ", 1, False),
]  # fmt: skip
PARTS = {"direction": "I. KẾT QUẢ THỰC HIỆN"}
SECTION_KEYS = [spec.key for spec in SECTIONS]


def _d(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def period_words(period: ReportingPeriod) -> str:
    """«quý III/2026», «6 tháng năm 2026», «năm 2026»: the period inside a sentence."""
    label = period.label
    return label[0].lower() + label[1:]


def report_title(period: ReportingPeriod) -> str:
    return "Kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính " + period_words(
        period
    )


# --- The drafted texts --------------------------------------------------------------------------


def _plan_name(data: DraftData) -> str:
    plan = data.plan
    number = plan.number_symbol.strip() if plan else ""
    # «/KH-UBND» is a plan whose number is not given yet (seed 001): no «số» then.
    number = f" số {number}" if any(ch.isdigit() for ch in number) else ""
    day = f" ngày {_d(plan.issued_on)}" if plan and plan.issued_on else ""
    return f"Kế hoạch{number}{day} của {data.commune.committee_name} về tuyên truyền cải cách " \
        f"hành chính năm {data.period.year}"  # fmt: skip


def _intro(data: DraftData) -> str:
    basis = (
        f"Thực hiện {_plan_name(data)}, "
        if data.plan
        else "Thực hiện nhiệm vụ thông tin, tuyên truyền cải cách hành chính, "
    )
    return (
        f"{basis}{data.commune.committee_name} báo cáo kết quả thực hiện công tác thông tin, "
        f"tuyên truyền cải cách hành chính {period_words(data.period)} (số liệu từ ngày "
        f"{_d(data.period.start)} đến ngày {_d(data.through)}) như sau:"
    )


def _direction(data: DraftData) -> str:
    if data.plan is None:
        return (
            f"- Kế hoạch tuyên truyền cải cách hành chính năm {data.period.year}: {NO_DATA} "
            "(xã, phường chưa nhập kế hoạch trên nền tảng)."
        )
    reporting = len(data.units)
    return (
        f"- {data.commune.committee_name} ban hành {_plan_name(data)}, gồm "
        f"{data.plan_item_count} nhiệm vụ, giao cho các cơ quan, đơn vị thực hiện.\n"
        f"- Phòng Văn hóa - Xã hội theo dõi, đôn đốc {reporting} cơ quan, đơn vị thực hiện và "
        f"báo cáo định kỳ; hạn gửi báo cáo {period_words(data.period)} là ngày "
        f"{_d(data.period.due)}."
    )


def _plan(data: DraftData) -> str:
    if data.plan is None:
        return f"- Kết quả thực hiện kế hoạch: {NO_DATA}."
    if not data.items:
        return f"- Kế hoạch không có nhiệm vụ thực hiện trong kỳ: {NO_DATA}."
    late = [row for row in data.items if row.status == "Chưa đạt"]
    lines = [
        f"- Trong kỳ có {len(data.items)} nhiệm vụ thực hiện; {data.items_complete} nhiệm vụ đã "
        f"đạt chỉ tiêu; {thousands(data.products_in_period)} sản phẩm tuyên truyền được ghi "
        "nhận trong kỳ (chi tiết tại Bảng 1).",
    ]
    if late:
        names = "; ".join(f"nhiệm vụ {row.position} ({row.done}/{row.target})" for row in late)
        lines.append(f"- Nhiệm vụ đã hết thời gian thực hiện nhưng chưa đạt chỉ tiêu: {names}.")
    if data.channels:
        forms = "; ".join(
            f"{row.label.split(' (')[0].lower()}: {thousands(row.in_period)}"
            for row in data.channels
        )
        lines.append(f"- Sản phẩm trong kỳ theo hình thức tuyên truyền: {forms} (Bảng 2).")
    return "\n".join(lines)


def _portal(data: DraftData) -> str:
    visits = data.visits
    if visits is None or not (visits.section_views or visits.site_views):
        return f"- Lượt truy cập chuyên mục Cải cách hành chính trong kỳ: {NO_DATA}."
    lines = [
        f"- Chuyên mục Cải cách hành chính có {thousands(visits.section_views)} lượt xem của "
        f"{thousands(visits.section_visitors)} lượt khách truy cập (cộng theo ngày); cùng số "
        f"ngày liền trước: {thousands(visits.previous_section_views)} lượt xem. Toàn Trang "
        f"thông tin điện tử có {thousands(visits.site_views)} lượt xem.",
    ]
    if data.articles:
        best = data.articles[0]
        lines.append(
            f"- Tin, bài được đọc nhiều nhất: «{best.title}» ({thousands(best.views)} lượt xem); "
            f"{len(data.articles)} tin, bài được đọc nhiều nhất tại Bảng 3."
        )
    else:
        lines.append(f"- Lượt xem tin, bài trong kỳ: {NO_DATA}.")
    return "\n".join(lines)


def _events(data: DraftData) -> str:
    if not data.events:
        return f"- Hội nghị, hoạt động tuyên truyền khác được ghi nhận trên nền tảng: {NO_DATA}."
    lines = [f"- Trong kỳ ghi nhận {len(data.events)} hoạt động, sản phẩm (Bảng 4):"]
    lines += [
        f"+ {_d(e.date)}: {e.title} ({e.kind_label.lower()})." for e in data.events[:EVENTS_IN_TEXT]
    ]
    if len(data.events) > EVENTS_IN_TEXT:
        lines.append(f"+ … và {len(data.events) - EVENTS_IN_TEXT} hoạt động, sản phẩm khác.")
    return "\n".join(lines)


def _units(data: DraftData) -> str:
    if not data.units:
        return f"- Báo cáo của các cơ quan, đơn vị: {NO_DATA}."
    submitted = data.submitted
    missing = [row.name for row in data.units if row.version is None]
    late = [row.name for row in submitted if row.state == "submitted_late"]
    lines = [f"- {len(submitted)}/{len(data.units)} cơ quan, đơn vị đã gửi báo cáo (Bảng 5)."]
    if late:
        lines.append(f"- Gửi muộn: {', '.join(late)}.")
    if missing:
        lines.append(f"- Chưa gửi: {', '.join(missing)}.")
    for row in submitted:
        text = " ".join(row.text.split())
        lines.append(f"- {row.name}: {text}")
    if not submitted:
        lines.append(f"- Kết quả của các đơn vị: {NO_DATA}.")
    return "\n".join(lines)


def _assessment(data: DraftData) -> str:
    lines = ["- Ưu điểm: "]
    if data.items:
        lines[0] += (
            f"{data.items_complete}/{len(data.items)} nhiệm vụ trong kỳ đã đạt chỉ tiêu; "
            "các cơ quan, đơn vị cơ bản triển khai đúng kế hoạch."
        )
    else:
        lines[0] += NO_DATA + "."
    lines.append("- Hạn chế, nguyên nhân: ")
    missing = len(data.units) - len(data.submitted)
    if missing:
        lines[-1] += f"{missing} cơ quan, đơn vị chưa gửi báo cáo đúng quy định."
    else:
        lines[-1] += "…"
    return "\n".join(lines)


def _next(data: DraftData) -> str:
    return (
        "- Tiếp tục thực hiện các nhiệm vụ còn lại của kế hoạch, bảo đảm chỉ tiêu cả năm.\n"
        "- Duy trì cập nhật tin, bài, thủ tục hành chính trên chuyên mục Cải cách hành chính; "
        "chia sẻ lên nhóm Zalo, trang Facebook của xã, phường và các thôn, tổ dân phố."
    )


_DRAFTERS = {
    "intro": _intro,
    "direction": _direction,
    "plan": _plan,
    "portal": _portal,
    "events": _events,
    "units": _units,
    "assessment": _assessment,
    "next": _next,
    "proposals": lambda data: "",
}


def draft_sections(data: DraftData) -> dict[str, str]:
    return {key: _DRAFTERS[key](data) for key in SECTION_KEYS}


# --- The data tables ----------------------------------------------------------------------------


def _table(caption: str, header: list[str], rows: list[list[str]], widths: list[float]) -> dict:
    empty = [[NO_DATA.capitalize()] + [""] * (len(header) - 1)]
    return {"caption": caption, "header": header, "rows": rows or empty, "widths": widths}


def _more_events(count: int) -> list[list[str]]:
    if count <= EVENTS_IN_TABLE:
        return []
    more = f"… và {thousands(count - EVENTS_IN_TABLE)} hoạt động, sản phẩm khác"
    return [["", more, "", "", ""]]


def draft_tables(data: DraftData) -> dict[str, dict]:
    """The tables as JSON, stored with each version so an old version prints its own figures."""
    return {
        "items": _table(
            "Bảng 1. Kết quả thực hiện nhiệm vụ của kế hoạch",
            ["TT", "Nhiệm vụ", "Hình thức", "Trong kỳ", "Lũy kế / chỉ tiêu", "Tình trạng"],
            [
                [
                    str(r.position),
                    r.content,
                    r.form.split(" (")[0],
                    thousands(r.in_period),
                    f"{thousands(r.done)}/{thousands(r.target)} {r.target_unit}".strip(),
                    r.status,
                ]
                for r in data.items
            ],
            [1.0, 6.3, 3.0, 1.7, 2.5, 2.0],
        ),
        "channels": _table(
            "Bảng 2. Sản phẩm theo hình thức tuyên truyền",
            ["Hình thức", "Số nhiệm vụ", "Trong kỳ", "Lũy kế", "Chỉ tiêu năm"],
            [
                [
                    r.label,
                    str(r.items),
                    thousands(r.in_period),
                    thousands(r.done),
                    thousands(r.target),
                ]
                for r in data.channels
            ],
            [7.0, 2.2, 2.3, 2.3, 2.7],
        ),
        "articles": _table(
            "Bảng 3. Tin, bài được đọc nhiều nhất",
            ["TT", "Tin, bài", "Lượt xem", "Khách truy cập"],
            [
                [str(n), r.title, thousands(r.views), thousands(r.visitors)]
                for n, r in enumerate(data.articles, start=1)
            ],
            [1.0, 10.5, 2.5, 2.5],
        ),
        "events": _table(
            "Bảng 4. Hội nghị, hoạt động và sản phẩm khác",
            ["TT", "Hoạt động, sản phẩm", "Ngày", "Loại", "Nhiệm vụ"],
            [
                [str(n), e.title, _d(e.date), e.kind_label, str(e.item_position)]
                for n, e in enumerate(data.events[:EVENTS_IN_TABLE], start=1)
            ]
            + _more_events(len(data.events)),
            [1.0, 7.5, 2.5, 3.5, 2.0],
        ),
        "unit_status": _table(
            "Bảng 5. Tình hình gửi báo cáo của các cơ quan, đơn vị",
            ["TT", "Cơ quan, đơn vị", "Tình trạng", "Ngày gửi"],
            [
                [str(n), r.name, r.state_label, _d(r.submitted_on)]
                for n, r in enumerate(data.units, start=1)
            ],
            [1.0, 8.0, 4.5, 3.0],
        ),
        "unit_figures": _table(
            "Bảng 6. Số liệu tổng hợp từ báo cáo của các đơn vị",
            ["Chỉ tiêu", "Tổng các đơn vị"],
            [[label, thousands(total)] for label, total in data.unit_figures],
            [12.5, 4.0],
        ),
    }


# --- The document -------------------------------------------------------------------------------


@dataclass
class ReportText:
    """What a version holds (or a fresh draft, before the first save)."""

    number_symbol: str
    place: str
    signed_on: datetime.date | None
    signer_authority: str
    signer_position: str
    signer_name: str
    recipients: str
    sections: dict[str, str]
    tables: dict[str, dict]

    @classmethod
    def of(cls, version: CommuneReportVersion) -> ReportText:
        return cls(
            version.number_symbol, version.place, version.signed_on, version.signer_authority,
            version.signer_position, version.signer_name, version.recipients,
            dict(version.sections), dict(version.tables),
        )  # fmt: skip


def fresh_draft(data: DraftData) -> ReportText:
    """The platform's draft: the header from the plan's signer, the sections from the data."""
    plan = data.plan
    commune = data.commune
    return ReportText(
        number_symbol="Số:      /BC-UBND",
        place=commune.name,
        signed_on=None,
        signer_authority=(plan.signer_authority if plan else "") or "TM. ỦY BAN NHÂN DÂN",
        signer_position=(plan.signer_position if plan else "") or "CHỦ TỊCH",
        signer_name=plan.signer_name if plan else "",
        recipients="\n".join(
            [
                f"- {commune.province.people_committee} (b/c);",
                "- Sở Nội vụ (b/c);",
                f"- TT Đảng ủy, HĐND {commune.get_kind_display().lower()} (b/c);",
                "- Các cơ quan, đơn vị;",
                "- Lưu: VT, VHXH.",
            ]
        ),
        sections=draft_sections(data),
        tables=draft_tables(data),
    )


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def _table_block(spec: dict) -> Table:
    return Table(
        header=[str(c) for c in spec["header"]],
        rows=[[str(c) for c in row] for row in spec["rows"]],
        widths_cm=[float(w) for w in spec["widths"]],
        caption=str(spec.get("caption", "")),
    )


def report_document(commune: Commune, period: ReportingPeriod, text: ReportText):
    """The version as a Decree 30 «BÁO CÁO» (an optional section left empty is not printed)."""
    body: list = []
    for spec in SECTIONS:
        content = (text.sections.get(spec.key) or "").strip()
        if spec.key in PARTS:
            body.append(Heading(PARTS[spec.key], level=1))
        if not content and not spec.required:
            continue
        if spec.level:
            body.append(Heading(spec.heading, level=spec.level))
        body += _paragraphs(content)
        body += [_table_block(text.tables[key]) for key in spec.tables if key in text.tables]
    return OfficialDocument(
        issuer_parent="",
        issuer=commune.committee_name.upper(),
        number_symbol=text.number_symbol,
        place=text.place,
        date=text.signed_on,
        doc_type="BÁO CÁO",
        title=report_title(period),
        body=body,
        signer=Signer(text.signer_authority, text.signer_position, text.signer_name),
        recipients=[line.strip() for line in text.recipients.splitlines() if line.strip()],
    )


def report_docx(commune: Commune, period: ReportingPeriod, text: ReportText) -> bytes:
    return render_docx(report_document(commune, period, text))


def download_name(commune: Commune, period: ReportingPeriod, version: int | None) -> str:
    suffix = f"-v{version}" if version else "-du-thao"
    return f"bao-cao-cchc-{commune.slug}-{period.year}-{period.kind}{suffix}.docx"


# --- Who drafts ---------------------------------------------------------------------------------

DRAFTING_ROLES = frozenset({Membership.Role.COORDINATOR, Membership.Role.LEADER})


def can_draft(user, commune: Commune) -> bool:
    """Drafts, saves and exports the commune's report: its coordinators and leaders (who sign
    it), superusers. Province officers receive the signed report; unit staff send their own."""
    if user.is_superuser:
        return True
    return any(
        m.commune_id == commune.id and m.role in DRAFTING_ROLES for m in memberships_of(user)
    )


# --- Versions -----------------------------------------------------------------------------------


class VersionRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def latest_version(commune: Commune, year: int, kind: str) -> CommuneReportVersion | None:
    return (
        CommuneReportVersion.objects.filter(commune=commune, year=year, period=kind)
        .order_by("-version")
        .first()
    )


def report_versions(commune: Commune, year: int, kind: str) -> list[CommuneReportVersion]:
    return list(
        CommuneReportVersion.objects.filter(commune=commune, year=year, period=kind)
        .defer("sections", "tables")
        .order_by("-version")
    )


def commune_report_save(
    *,
    commune: Commune,
    period: ReportingPeriod,
    text: ReportText,
    data_through: datetime.date,
    user,
    base_version: int,
) -> CommuneReportVersion:
    """Store the text as a new version. `base_version` is the version the form was opened on
    (0: the fresh draft); if someone saved since, the save is refused rather than silently
    replacing their text in the latest version."""
    missing = [
        spec.heading for spec in SECTIONS
        if spec.required and not (text.sections.get(spec.key) or "").strip()
    ]  # fmt: skip
    if missing:
        raise VersionRefused("Mục bắt buộc còn trống: " + "; ".join(f"«{m}»" for m in missing))
    with transaction.atomic():
        latest = (
            CommuneReportVersion.objects.filter(
                commune=commune, year=period.year, period=period.kind
            ).aggregate(n=Max("version"))["n"]
            or 0
        )
        if latest != base_version:
            raise VersionRefused(
                f"Đã có phiên bản {latest} được lưu sau khi bạn mở báo cáo. Hãy mở lại phiên bản "
                "mới nhất, rồi sửa và lưu."
            )
        try:
            with transaction.atomic():
                return CommuneReportVersion.objects.create(
                    commune=commune, year=period.year, period=period.kind, version=latest + 1,
                    number_symbol=text.number_symbol, place=text.place, signed_on=text.signed_on,
                    signer_authority=text.signer_authority, signer_position=text.signer_position,
                    signer_name=text.signer_name, recipients=text.recipients,
                    sections={k: text.sections.get(k, "") for k in SECTION_KEYS},
                    tables=text.tables, data_through=data_through, created_by=user,
                    created_by_name=(user.get_full_name() or user.get_username())[:150],
                )  # fmt: skip
        except IntegrityError as exc:
            raise VersionRefused(
                "Một người khác vừa lưu báo cáo này cùng lúc. Hãy mở lại phiên bản mới nhất."
            ) from exc
