"""A period's figures as a Decree 30 report (DOCX, through cchc.decree30): the assessment
sentences of part IV and the document around them."""

from __future__ import annotations

from cchc.analytics.charts import change_words, share_of
from cchc.analytics.daily import by_month
from cchc.analytics.method import METHOD
from cchc.analytics.selectors import Figures
from cchc.analytics.words import quotable
from cchc.vietnamese.order import thousands


def assessment(fig: Figures) -> list[str]:
    """Neutral sentences drawn from the figures, for part IV of the report."""
    trend = change_words(fig.section.views, fig.previous_section.views, arrow=False)
    sentences = [
        f"Trong kỳ, chuyên mục có {thousands(fig.section.views)} lượt xem của "
        f"{thousands(fig.section.visitors)} lượt khách truy cập (cộng theo ngày); so với kỳ trước "
        f"({thousands(fig.previous_section.views)} lượt xem): {trend}."
    ]
    topic = fig.top_topic
    topic_total = sum(r.views for r in fig.topics)
    if topic is not None:
        sentences.append(
            f"Chủ đề được quan tâm nhất là «{topic.label}» với {thousands(topic.views)} lượt xem "
            f"({share_of(topic.views, topic_total)} lượt xem theo chủ đề)."
        )
    else:
        sentences.append("Trong kỳ chưa có lượt xem nào ở các bài viết gắn chủ đề.")
    channels = {r.key: r for r in fig.channels}
    if fig.section.views:
        zalo, facebook = channels["zalo"].views, channels["facebook"].views
        sentences.append(
            f"Lượt xem đến từ Zalo chiếm {share_of(zalo, fig.section.views)} "
            f"({thousands(zalo)} lượt), từ Facebook {share_of(facebook, fig.section.views)} "
            f"({thousands(facebook)} lượt)."
        )
        mobile = {r.key: r for r in fig.devices}["mobile"].views
        sentences.append(
            f"{share_of(mobile, fig.section.views)} lượt xem là từ điện thoại; nội dung cần "
            "ngắn gọn, dễ đọc trên điện thoại."
        )
    if fig.interest and fig.interest[0].score:
        best = fig.interest[0]
        sentences.append(
            f"Bài viết được quan tâm nhất là «{best.title}» "
            f"(điểm quan tâm {thousands(best.score)}: "
            f"{thousands(best.visitors)} khách, {thousands(best.engaged)} người đọc kỹ, "
            f"{thousands(best.shares)} lượt chia sẻ)."
        )
    if fig.no_result_total:
        # fig.no_result holds only queries of enough different visitors (selectors); of those,
        # the report quotes words only, never junk such as "#" or "aaaa" (cchc.analytics.words).
        examples = ", ".join(f"«{s.text}»" for s in quotable(fig.no_result, limit=5))
        sentences.append(
            f"Có {thousands(fig.no_result_total)} lượt tìm kiếm không có kết quả "
            f"({thousands(fig.no_result_queries)} từ khóa khác nhau)"
            + (f", ví dụ: {examples}" if examples else "")
            + ". Đề nghị các đơn vị, biên tập viên bổ sung tin, bài, hướng dẫn về những nội dung "
            "người dân đang tìm mà chưa có."
        )
    elif fig.search_total:
        sentences.append(f"Cả {thousands(fig.search_total)} lượt tìm kiếm trong kỳ đều có kết quả.")
    sentences.append(
        "Đề nghị tiếp tục chia sẻ các tin, bài, hướng dẫn của chuyên mục lên nhóm Zalo, trang "
        "Facebook của xã, phường và các thôn, tổ dân phố để người dân biết và sử dụng."
    )
    return sentences


def report_document(fig: Figures):
    """The DOCX report as a Decree 30 document (cchc.decree30)."""
    from cchc.decree30 import Heading, OfficialDocument, Paragraph, Signer, Table

    commune = fig.commune
    s, ps = fig.section, fig.previous_section

    def row(name: str, now: int, before: int) -> list[str]:
        return [name, thousands(now), thousands(before), change_words(now, before, arrow=False)]

    def ranked(rows, first: str) -> Table:
        return Table(
            header=["TT", first, "Lượt xem", "Khách truy cập"],
            rows=[
                [str(n), r.label, thousands(r.views), thousands(r.visitors)]
                for n, r in enumerate(rows, start=1)
            ]
            or [["", "Chưa có lượt xem", "0", "0"]],
            widths_cm=[1.0, 9.5, 3.0, 3.0],
        )

    def shares(rows, first: str) -> Table:
        total = sum(r.views for r in rows)
        return Table(
            header=[first, "Lượt xem", "Tỷ lệ", "Kỳ trước"],
            rows=[
                [r.label, thousands(r.views), share_of(r.views, total), thousands(r.previous_views)]
                for r in rows
            ],
            widths_cm=[8.5, 2.7, 2.3, 3.0],
        )

    body = [
        Paragraph(
            f"{commune.committee_name} báo cáo kết quả thống kê lượt truy cập chuyên mục Cải "
            f"cách hành chính trên Cổng thông tin điện tử của "
            f"{commune.get_kind_display().lower()} {commune.name} "
            f"{fig.period.label()} ({thousands(fig.period.days)} ngày), so với {fig.previous.days} "
            f"ngày liền trước ({fig.previous.label()}), như sau:"
        ),
        Heading("I. PHƯƠNG PHÁP THỐNG KÊ", level=1),
        *[Paragraph(f"- {name}: {text}") for name, text in METHOD],
        Heading("II. KẾT QUẢ", level=1),
        Heading("1. Tổng hợp", level=2),
        Table(
            header=["Chỉ số", "Kỳ này", "Kỳ trước", "Thay đổi"],
            rows=[
                row("Lượt xem chuyên mục", s.views, ps.views),
                row("Khách truy cập chuyên mục", s.visitors, ps.visitors),
                row("Lượt tải lại bị loại", s.reloads, ps.reloads),
                row("Lượt xem toàn cổng", fig.site.views, fig.previous_site.views),
                row("Khách truy cập toàn cổng", fig.site.visitors, fig.previous_site.visitors),
            ],
            widths_cm=[6.5, 3.0, 3.0, 4.0],
        ),
        Heading("2. Theo tháng", level=2),
        Table(
            header=["Tháng", "Lượt xem chuyên mục", "Khách truy cập", "Lượt xem toàn cổng"],
            rows=[
                [month, thousands(sec.views), thousands(sec.visitors), thousands(site.views)]
                for month, sec, site in by_month(fig.days)
            ],
            widths_cm=[3.0, 4.5, 4.5, 4.5],
        ),
        Heading("3. Nội dung được xem nhiều nhất", level=2),
        Paragraph("a) Tin, bài:", italic=True),
        ranked(fig.articles, "Tin, bài"),
        Paragraph("b) Thủ tục hành chính:", italic=True),
        ranked(fig.procedures, "Thủ tục hành chính"),
        Paragraph("c) Văn bản chỉ đạo:", italic=True),
        ranked(fig.documents, "Văn bản"),
        Paragraph("d) Hướng dẫn dịch vụ công trực tuyến:", italic=True),
        ranked(fig.guides, "Hướng dẫn"),
        Heading("4. Theo chủ đề tuyên truyền", level=2),
        shares(fig.topics, "Chủ đề"),
        Heading("5. Theo kênh truy cập", level=2),
        shares(fig.channels, "Kênh"),
        Heading("6. Theo thiết bị", level=2),
        shares(fig.devices, "Thiết bị"),
        # The signed report quotes only words (cchc.analytics.words); junk queries typed by
        # enough visitors still count in the totals and stay in the CSV/XLSX figures.
        Heading("III. NHU CẦU THÔNG TIN CỦA NGƯỜI DÂN", level=1),
        Paragraph(
            f"Trong kỳ có {thousands(fig.search_total)} lượt tìm kiếm trên cổng, trong đó "
            f"{thousands(fig.no_result_total)} lượt không có kết quả "
            f"({share_of(fig.no_result_total, fig.search_total)})."
        ),
        Heading("1. Từ khóa được tìm nhiều nhất", level=2),
        Table(
            header=["TT", "Từ khóa (không dấu)", "Số lượt tìm"],
            rows=[
                [str(n), q.text, thousands(q.count)]
                for n, q in enumerate(quotable(fig.searches), 1)
            ]
            or [["", "Chưa có lượt tìm kiếm", "0"]],
            widths_cm=[1.0, 12.0, 3.5],
        ),
        Heading("2. Từ khóa tìm không có kết quả", level=2),
        Table(
            header=["TT", "Từ khóa (không dấu)", "Số lượt tìm"],
            rows=[
                [str(n), q.text, thousands(q.count)]
                for n, q in enumerate(quotable(fig.no_result), 1)
            ]
            or [["", "Không có", "0"]],
            widths_cm=[1.0, 12.0, 3.5],
        ),
        Heading("IV. ĐÁNH GIÁ, ĐỀ XUẤT", level=1),
        *[Paragraph(sentence) for sentence in assessment(fig)],
    ]
    return OfficialDocument(
        issuer_parent="",
        issuer=commune.committee_name.upper(),
        number_symbol="Số:      /BC-UBND",
        place=commune.name,
        date=None,
        doc_type="BÁO CÁO",
        title=f"Thống kê lượt truy cập chuyên mục Cải cách hành chính {fig.period.label()}",
        body=body,
        signer=Signer(authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", name=""),
        recipients=[
            f"- {commune.province.people_committee} (b/c);",
            "- Sở Nội vụ (b/c);",
            "- Lưu: VT, VHXH.",
        ],
    )


def write_docx(fig: Figures) -> bytes:
    from cchc.decree30 import render_docx

    return render_docx(report_document(fig))
