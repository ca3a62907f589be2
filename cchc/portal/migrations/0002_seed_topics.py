"""The nine content topics of the annual communication plan (seed 001, section II)."""

from django.db import migrations

TOPICS = [
    (1, "chu-truong-chinh-sach", "Chủ trương, chính sách, pháp luật về CCHC",
     "Quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành chính."),
    (2, "trach-nhiem-nguoi-dung-dau", "Vai trò, trách nhiệm của cấp ủy và người đứng đầu",
     "Vai trò, trách nhiệm của các cấp ủy Đảng, người đứng đầu trong thực hiện CCHC."),
    (3, "muc-tieu-tac-dong", "Ý nghĩa, mục tiêu và tác động của CCHC",
     "Tầm quan trọng, mục tiêu, tác động của CCHC; Chương trình tổng thể CCHC 2026 - 2030."),
    (4, "ket-qua-par-index-sipas", "Kết quả CCHC, chỉ số PAR INDEX và SIPAS",
     "Kết quả CCHC năm trước, tình hình năm nay; giải pháp nâng chỉ số PAR INDEX, SIPAS."),
    (5, "dien-hinh-van-hoa-cong-vu", "Điển hình, mô hình hay, văn hóa công vụ",
     "Biểu dương mô hình, điển hình tiên tiến; văn hóa, đạo đức công vụ; hội thi CCHC."),
    (6, "ke-hoach-cchc-cua-xa", "Kế hoạch CCHC của xã",
     "Nội dung Kế hoạch cải cách hành chính năm của Ủy ban nhân dân xã."),
    (7, "ung-dung-cntt", "Ứng dụng công nghệ thông tin trong CCHC",
     "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong cải cách hành chính."),
    (8, "dich-vu-cong-duong-day-nong", "Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng",
     "Hướng dẫn dùng dịch vụ công trực tuyến, thanh toán trực tuyến; đường dây nóng tiếp nhận "
     "phản ánh, kiến nghị; khuyến khích người dân góp ý."),
    (9, "chuyen-doi-so", "Sử dụng hiệu quả dịch vụ công trực tuyến, chuyển đổi số",
     "Chuyển biến nhận thức và hành động trong cung cấp, sử dụng dịch vụ công trực tuyến, "
     "chuyển đổi số quốc gia."),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("portal", "Topic")
    for number, slug, name, description in TOPICS:
        Topic.objects.update_or_create(
            number=number, defaults={"slug": slug, "name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
