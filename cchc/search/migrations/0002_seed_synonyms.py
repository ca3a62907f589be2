"""Starting list of abbreviations and everyday phrases; staff extend it in the back office."""

from django.db import migrations

# (term as citizens type it, [official phrases it should also find])
ABBREVIATIONS = [
    ("cchc", ["cải cách hành chính"]),
    ("tthc", ["thủ tục hành chính"]),
    ("dvc", ["dịch vụ công"]),
    ("dvctt", ["dịch vụ công trực tuyến"]),
    ("ubnd", ["ủy ban nhân dân"]),
    ("hđnd", ["hội đồng nhân dân"]),
    ("mttq", ["mặt trận tổ quốc"]),
    ("bhxh", ["bảo hiểm xã hội"]),
    ("bhyt", ["bảo hiểm y tế"]),
    ("bhtn", ["bảo hiểm thất nghiệp"]),
    ("cccd", ["căn cước công dân", "căn cước"]),
    ("cmnd", ["chứng minh nhân dân", "căn cước"]),
    ("cmt", ["chứng minh thư", "căn cước"]),
    ("gcn", ["giấy chứng nhận"]),
    ("qsdđ", ["quyền sử dụng đất"]),
    ("gcnqsdđ", ["giấy chứng nhận quyền sử dụng đất"]),
    ("gpxd", ["giấy phép xây dựng"]),
    ("gplx", ["giấy phép lái xe"]),
    ("đkkd", ["đăng ký kinh doanh"]),
    ("hkd", ["hộ kinh doanh"]),
    ("gks", ["giấy khai sinh", "đăng ký khai sinh"]),
    ("pakn", ["phản ánh, kiến nghị"]),
    ("tnmt", ["tài nguyên và môi trường"]),
    ("lđtbxh", ["lao động, thương binh và xã hội"]),
    ("btxh", ["bảo trợ xã hội"]),
    ("ttpvhcc", ["trung tâm phục vụ hành chính công"]),
    ("bpmc", ["bộ phận một cửa"]),
    ("csdl", ["cơ sở dữ liệu"]),
    ("cđs", ["chuyển đổi số"]),
    ("cqđt", ["chính quyền điện tử"]),
    ("thcs", ["trung học cơ sở"]),
    ("thpt", ["trung học phổ thông"]),
    ("hđlđ", ["hợp đồng lao động"]),
    ("sđt", ["số điện thoại"]),
    ("nđ", ["nghị định"]),
    ("qđ", ["quyết định"]),
    ("kt xh", ["kinh tế - xã hội"]),
    ("vneid", ["định danh điện tử"]),
]

SYNONYMS = [
    ("sổ đỏ", ["giấy chứng nhận quyền sử dụng đất", "đất đai"]),
    ("sổ hồng", ["giấy chứng nhận quyền sở hữu nhà ở", "giấy chứng nhận quyền sử dụng đất"]),
    ("làm sổ đỏ", ["cấp giấy chứng nhận quyền sử dụng đất", "đăng ký đất đai"]),
    ("làm sổ hồng", ["cấp giấy chứng nhận quyền sở hữu nhà ở", "đăng ký đất đai"]),
    ("sổ nhà đất", ["giấy chứng nhận quyền sử dụng đất"]),
    ("nhà đất", ["đất đai", "quyền sử dụng đất"]),
    ("sang tên", ["chuyển nhượng quyền sử dụng đất", "đăng ký biến động"]),
    ("tách thửa", ["tách thửa đất", "hợp thửa đất"]),
    ("chứng minh thư", ["căn cước", "căn cước công dân"]),
    ("chứng minh nhân dân", ["căn cước", "căn cước công dân"]),
    ("thẻ căn cước", ["căn cước"]),
    ("định danh", ["định danh điện tử", "vneid"]),
    ("giấy khai sinh", ["đăng ký khai sinh"]),
    ("làm giấy khai sinh", ["đăng ký khai sinh"]),
    ("làm khai sinh", ["đăng ký khai sinh"]),
    ("cấp lại giấy khai sinh", ["đăng ký lại khai sinh", "trích lục hộ tịch"]),
    ("giấy chứng tử", ["đăng ký khai tử"]),
    ("báo tử", ["đăng ký khai tử"]),
    ("giấy kết hôn", ["đăng ký kết hôn"]),
    ("giấy đăng ký kết hôn", ["đăng ký kết hôn"]),
    ("giấy độc thân", ["xác nhận tình trạng hôn nhân"]),
    ("xác nhận độc thân", ["xác nhận tình trạng hôn nhân"]),
    ("nhận con nuôi", ["nuôi con nuôi"]),
    ("đổi tên", ["thay đổi, cải chính hộ tịch"]),
    ("sửa tên", ["cải chính hộ tịch"]),
    ("hộ khẩu", ["cư trú", "thường trú"]),
    ("nhập hộ khẩu", ["đăng ký thường trú"]),
    ("chuyển hộ khẩu", ["đăng ký thường trú", "xóa đăng ký thường trú"]),
    ("tách hộ khẩu", ["tách hộ"]),
    ("sổ hộ khẩu", ["cư trú", "thường trú"]),
    ("khai báo tạm trú", ["đăng ký tạm trú"]),
    ("công chứng", ["chứng thực"]),
    ("sao y", ["chứng thực bản sao"]),
    ("photo công chứng", ["chứng thực bản sao từ bản chính"]),
    ("bằng lái", ["giấy phép lái xe"]),
    ("bằng lái xe", ["giấy phép lái xe"]),
    ("giấy phép kinh doanh", ["đăng ký kinh doanh", "hộ kinh doanh"]),
    ("mở quán", ["đăng ký hộ kinh doanh"]),
    ("xin phép xây nhà", ["giấy phép xây dựng"]),
    ("xây nhà", ["giấy phép xây dựng"]),
    ("người già", ["người cao tuổi"]),
    ("người tàn tật", ["người khuyết tật"]),
    ("trợ cấp", ["trợ cấp xã hội", "bảo trợ xã hội"]),
    ("lương hưu", ["bảo hiểm xã hội", "chế độ hưu trí"]),
    ("thẻ bảo hiểm", ["bảo hiểm y tế"]),
    ("nộp tiền online", ["thanh toán trực tuyến"]),
    ("trả tiền qua mạng", ["thanh toán trực tuyến"]),
    ("chuyển khoản", ["thanh toán trực tuyến", "thanh toán không dùng tiền mặt"]),
    ("online", ["trực tuyến"]),
    ("qua mạng", ["trực tuyến"]),
    ("nộp hồ sơ online", ["dịch vụ công trực tuyến"]),
    ("góp ý", ["phản ánh, kiến nghị"]),
    ("khiếu nại", ["phản ánh, kiến nghị", "khiếu nại"]),
    ("một cửa", ["bộ phận một cửa", "trung tâm phục vụ hành chính công"]),
]


def _fold(text):
    from cchc.vietnamese import fold

    return " ".join(fold(text).split())


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("cchc_search", "SearchSynonym")
    rows = [("abbreviation", t, e) for t, e in ABBREVIATIONS] + [
        ("synonym", t, e) for t, e in SYNONYMS
    ]
    SearchSynonym.objects.bulk_create(
        SearchSynonym(kind=kind, term=term, term_folded=_fold(term), expansions="\n".join(exp))
        for kind, term, exp in rows
    )


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("cchc_search", "SearchSynonym")
    terms = [t for t, _ in ABBREVIATIONS] + [t for t, _ in SYNONYMS]
    SearchSynonym.objects.filter(term__in=terms).delete()


class Migration(migrations.Migration):
    dependencies = [("cchc_search", "0001_index_synonyms_query_log")]

    operations = [migrations.RunPython(seed, unseed)]
