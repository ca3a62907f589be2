"""What each role may do, in words, for the back office's home panel."""

from __future__ import annotations

from cchc.communes.access import memberships_of
from cchc.communes.models import Membership

ROLE_EXPLANATIONS: dict[str, str] = {
    Membership.Role.EDITOR: (
        "Soạn tin, bài và gửi duyệt (nút «Gửi duyệt»). Bạn không tự xuất bản được: điều phối "
        "viên hoặc lãnh đạo sẽ duyệt, yêu cầu sửa hoặc xuất bản. Ảnh, tệp bạn tải lên nằm trong "
        "thư viện của xã, phường."
    ),
    Membership.Role.COORDINATOR: (
        "Duyệt tin, bài được gửi lên: xem trước, yêu cầu sửa (kèm góp ý) hoặc phê duyệt để xuất "
        "bản ngay hay theo lịch. Bạn cũng soạn, sửa, khóa trang và quản lý ảnh, tệp của xã, "
        "phường."
    ),
    Membership.Role.LEADER: (
        "Duyệt và xuất bản tin, bài của xã, phường; theo dõi các bài đang chờ duyệt."
    ),
    Membership.Role.PROVINCE_OFFICER: (
        "Xem (không sửa) trang của các xã, phường trong tỉnh qua mục «Trang các xã, phường»."
    ),
}


def role_summary(user) -> list[tuple[str, str]]:
    """(where and as what, what they can do) lines for the admin home panel."""
    lines: list[tuple[str, str]] = []
    if user.is_superuser:
        lines.append(
            (
                "Quản trị hệ thống",
                "Toàn quyền: tạo xã, phường, đơn vị và phân quyền cán bộ (mục «Xã, phường»).",
            )
        )
    for m in memberships_of(user):
        where = str(m.commune or m.province)
        if m.unit_id:
            where += f" — {m.unit}"
            what = ROLE_EXPLANATIONS[m.role] + " Bạn chỉ thấy bản nháp của đơn vị mình."
        else:
            what = ROLE_EXPLANATIONS[m.role]
        lines.append((f"{m.get_role_display()} — {where}", what))
    if not lines:
        lines.append(
            (
                "Chưa được phân quyền",
                "Tài khoản của bạn chưa gắn với xã, phường nào nên chưa thấy trang, ảnh hay tài "
                "liệu nào. Hãy liên hệ quản trị hệ thống.",
            )
        )
    return lines
