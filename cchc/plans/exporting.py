"""A plan out: the Decree 30 DOCX with its annex as a landscape table, and the annex as XLSX."""

from __future__ import annotations

import io

from cchc.decree30 import Annex, Heading, OfficialDocument, Paragraph, Signer, Table, render_docx
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.selectors import plan_items
from cchc.vietnamese.dates import date_text

ANNEX_HEADER = [
    "TT",
    "Nội dung tuyên truyền",
    "Hình thức tuyên truyền",
    "Thời gian tuyên truyền",
    "Đơn vị thực hiện",
    "Đơn vị phối hợp",
    "Sản phẩm",
    "Chỉ tiêu",
]
ANNEX_WIDTHS_CM = [1.2, 6.2, 4.0, 2.8, 3.2, 3.2, 3.0, 1.9]
XLSX_WIDTHS = [5, 50, 32, 20, 26, 26, 26, 14]


def annex_row(item: PlanItem) -> list[str]:
    coordinating = [unit.name for unit in item.coordinating_units.all()]
    if item.coordinating_note:
        coordinating.append(item.coordinating_note)
    return [
        str(item.position),
        " ".join(item.content.split()),
        item.form_text or item.get_channel_display(),
        item.period_text or item.period_label,
        item.lead_unit.name if item.lead_unit else "",
        "; ".join(coordinating),
        item.product,
        item.target_label,
    ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _points(text: str) -> list[Paragraph]:
    """Aims and requirements as the plan prints them: one «- …» paragraph per line."""
    return [Paragraph(line if line[:1] in "-+•" else f"- {line}") for line in _lines(text)]


def _issuer_place(plan: CommunicationPlan) -> tuple[str, str, str]:
    commune = plan.commune
    return commune.province.name.upper(), commune.committee_name, commune.name


def plan_document(plan: CommunicationPlan) -> OfficialDocument:
    """The plan as an OfficialDocument: body from its fields, the annex from its items."""
    province, issuer, place = _issuer_place(plan)
    number = plan.number_symbol.strip() or "      /KH-UBND"
    body: list = []
    basis = [f"{d.number} {d.summary}".strip() for d in plan.directives.all()] + _lines(plan.basis)
    if basis:
        body.append(Paragraph("Căn cứ: " + "; ".join(basis) + "."))
    body.append(
        Paragraph(
            f"{plan.commune.committee_name} ban hành {plan.display_title[0].lower()}"
            f"{plan.display_title[1:]}, cụ thể như sau:"
        )
    )
    body.append(Heading("I. MỤC ĐÍCH, YÊU CẦU"))
    body.append(Heading("1. Mục đích", level=2))
    body += _points(plan.aims) or [Paragraph("")]
    body.append(Heading("2. Yêu cầu", level=2))
    body += _points(plan.requirements) or [Paragraph("")]
    body.append(Heading("II. NHIỆM VỤ TUYÊN TRUYỀN"))
    body.append(
        Paragraph("Nhiệm vụ, hình thức, thời gian và đơn vị thực hiện tại Phụ lục kèm theo.")
    )
    items = plan_items(plan)
    annex = Annex(
        title=f"Nhiệm vụ tuyên truyền về cải cách hành chính năm {plan.year}",
        subtitle=(
            f"(Kèm theo Kế hoạch số {number} "
            f"{'ngày ' + date_text(plan.issued_on) + ' ' if plan.issued_on else ''}"
            f"của {plan.commune.committee_name.replace('Ủy ban nhân dân', 'UBND')})"
        ),
        body=[
            Table(
                header=ANNEX_HEADER, rows=[annex_row(i) for i in items], widths_cm=ANNEX_WIDTHS_CM
            )
        ],
    )
    position = plan.signer_position.replace("\\n", "\n")
    return OfficialDocument(
        issuer_parent=province,
        issuer=issuer,
        number_symbol=f"Số: {number}",
        place=place,
        date=plan.issued_on,
        doc_type="KẾ HOẠCH",
        title=_sentence(plan.display_title.removeprefix("Kế hoạch ")),
        body=body,
        signer=Signer(plan.signer_authority, position, plan.signer_name),
        recipients=_lines(plan.recipients) or ["- Như trên;", "- Lưu: VT."],
        annexes=[annex],
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def plan_docx(plan: CommunicationPlan) -> bytes:
    return render_docx(plan_document(plan))


def plan_xlsx(plan: CommunicationPlan) -> bytes:
    """The annex as a sheet: title rows, the header, one row per item (re-importable)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Kế hoạch {plan.year}"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([f"NHIỆM VỤ TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}"])
    sheet.append([f"{plan.commune.committee_name} — {plan.number_symbol or 'Kế hoạch'}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ANNEX_HEADER))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(ANNEX_HEADER))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.append(ANNEX_HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for item in plan_items(plan):
        row = annex_row(item)
        row[0] = item.position  # a number in Excel
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, width in enumerate(XLSX_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A4"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
