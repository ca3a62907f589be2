"""How the statistics count, in the words the dashboard's "Cách đếm" panel, the exported files
and the Decree 30 report all use (one text, so they never disagree)."""

from __future__ import annotations

from cchc.analytics.search_figures import SEARCH_MIN_VISITORS

# How counting works, in the words the dashboard's "Cách đếm" panel, the files and the report use.
METHOD = [
    (
        "Lượt xem",
        "Mỗi lần một người mở một trang công khai của cổng thông tin (kể cả trang được phục vụ "
        "từ bộ nhớ đệm) được ghi là một lượt xem.",
    ),
    (
        "Tải lại trang",
        "Cùng một người mở lại cùng một trang trong vòng 30 phút chỉ được tính một lần; các "
        "lượt tải lại vẫn được ghi nhận riêng và nêu ở cột «lượt tải lại bị loại».",
    ),
    (
        "Không tính",
        "Không tính máy tìm kiếm, công cụ tự động (bot), trình thu thập, lượt tải trước "
        "(prefetch) của trình duyệt, bản xem trước và cán bộ đã đăng nhập trang quản trị.",
    ),
    (
        "Khách truy cập",
        "Không dùng cookie, không lưu địa chỉ IP hay thông tin trình duyệt. Một khách là một mã "
        "băm của (chuỗi bí mật của ngày, xã/phường, địa chỉ IP, trình duyệt); chuỗi bí mật bị "
        "xoá khi hết ngày nên không ai, kể cả quản trị hệ thống, truy ngược hay nối được khách "
        "giữa các ngày. Vì vậy số khách của nhiều ngày là tổng số khách từng ngày.",
    ),
    (
        "Chuyên mục và toàn cổng",
        "«Chuyên mục» là các trang thuộc chuyên mục Cải cách hành chính; «toàn cổng» gồm mọi "
        "trang công khai của xã, phường. Thống kê theo trang, chủ đề, kênh, thiết bị chỉ tính "
        "lượt xem trong chuyên mục.",
    ),
    (
        "Đọc kỹ, chia sẻ",
        "Trang bài viết gửi tín hiệu khi người đọc ở lại từ 30 giây hoặc cuộn tới 75 % bài, và "
        "khi bấm chia sẻ (không cookie). Mức độ quan tâm = khách + 2 × người đọc kỹ + 3 × lượt "
        "chia sẻ; một khách chia sẻ một bài nhiều lần trong ngày chỉ tính một lượt.",
    ),
    (
        "Từ khóa tìm kiếm",
        "Từ khóa được lưu không dấu, đã che số điện thoại, số giấy tờ và địa chỉ thư điện tử; "
        "từ khóa gốc chỉ giữ trong thời hạn lưu dữ liệu gốc rồi bị xoá, tổng số lượt tìm vẫn "
        f"được giữ. Chỉ liệt kê từ khóa có ít nhất {SEARCH_MIN_VISITORS} khách khác nhau gõ "
        "trong kỳ, để tên người hay điều riêng tư một người gõ không bao giờ hiện ra.",
    ),
    (
        "Chốt số liệu",
        "Số liệu được tổng hợp vài phút một lần; số liệu của một ngày là chính thức từ ngày hôm "
        "sau, số liệu hôm nay là tạm tính. Không ai sửa được số liệu đã tổng hợp; mỗi lần xuất "
        "số liệu được ghi nhật ký kèm mã SHA-256 của tệp.",
    ),
]
