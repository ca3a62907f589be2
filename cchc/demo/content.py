"""The demo's content: the five communes of the seed letters, their letters and sample pages.

Every commune here was checked against the 2025 list of administrative units
(../shared/data/admin_units_2025.csv): all five exist under these names and codes; see
docs/decisions/0002-demo-communes.md for the names that occur in several provinces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cchc.communes.services import CommuneSpec

DATA_DIR = Path(__file__).resolve().parent / "data"
SEEDS_DIR = DATA_DIR / "seeds"
PROCEDURES_FILE = DATA_DIR / "procedures_commune_level_full.jsonl.gz"
# Customs and tax procedures are handled by those agencies, not by communes (shared/data/README).
EXCLUDED_FIELDS = ("Hải quan", "Thuế")

DEMO_PASSWORD = "cchc-demo-2026"  # noqa: S105 - demo only; demo_load refuses outside CCHC_DEMO


@dataclass(frozen=True)
class Letter:
    """A seed letter published as a directive document."""

    file: str
    title: str
    number: str
    summary: str
    month_note: str


@dataclass(frozen=True)
class DemoCommune:
    spec: CommuneSpec
    letter: Letter
    address: str
    extra_hosts: tuple[str, ...] = field(default=())


COMMUNES: list[DemoCommune] = [
    DemoCommune(
        CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho"),
        Letter(
            "000_6d4020664a5d1028.txt",
            "Công văn tăng cường công tác tuyên truyền cải cách hành chính năm 2026",
            "",
            "V/v tăng cường công tác tuyên truyền cải cách hành chính năm 2026",
            "2026",
        ),
        "Trụ sở UBND xã Đức Thọ, tỉnh Hà Tĩnh",
        extra_hosts=("127.0.0.1", "localhost"),
    ),
    DemoCommune(
        CommuneSpec(31, "Thành phố Hải Phòng", 11761, "Quyết Thắng", "xa", "quyet-thang"),
        Letter(
            "001_ef1cf9a82fe0ef62.txt",
            "Kế hoạch tuyên truyền cải cách hành chính năm 2026",
            "/KH-UBND",
            "Kế hoạch tuyên truyền cải cách hành chính năm 2026 của UBND xã Quyết Thắng, "
            "kèm phụ lục nhiệm vụ tuyên truyền",
            "01/2026",
        ),
        "Trụ sở UBND xã Quyết Thắng, thành phố Hải Phòng",
    ),
    DemoCommune(
        CommuneSpec(31, "Thành phố Hải Phòng", 11779, "Tân Minh", "xa", "tan-minh"),
        Letter(
            "002_459daf05421ad13b.txt",
            "Công văn tiếp tục triển khai công tác thông tin, tuyên truyền CCHC năm 2026",
            "/UBND-VHXH",
            "V/v tiếp tục triển khai công tác thông tin, tuyên truyền cải cách hành chính năm "
            "2026 trên địa bàn xã Tân Minh",
            "2026",
        ),
        "Trụ sở UBND xã Tân Minh, thành phố Hải Phòng",
    ),
    DemoCommune(
        CommuneSpec(31, "Thành phố Hải Phòng", 11239, "Thanh Miện", "xa", "thanh-mien"),
        Letter(
            "003_24976ba1bfdcf405.txt",
            "Công văn triển khai công tác thông tin, tuyên truyền cải cách hành chính năm 2026",
            "/UBND-VHXH",
            "V/v triển khai công tác thông tin, tuyên truyền cải cách hành chính năm 2026",
            "05/2026",
        ),
        "Trụ sở UBND xã Thanh Miện, thành phố Hải Phòng",
    ),
    DemoCommune(
        CommuneSpec(38, "Thanh Hóa", 15925, "Nguyệt Viên", "phuong", "nguyet-vien"),
        Letter(
            "004_e78e72bfb43bdd9b.txt",
            "Công văn triển khai thực hiện công tác thông tin, tuyên truyền về CCHC",
            "/UBND-VHXH",
            "V/v triển khai thực hiện công tác thông tin, tuyên truyền về cải cách hành chính",
            "2026",
        ),
        "Trụ sở UBND phường Nguyệt Viên, tỉnh Thanh Hóa",
    ),
]

UNITS: list[tuple[str, str]] = [
    ("Phòng Văn hóa - Xã hội", "coordinating"),
    ("Trung tâm Dịch vụ sự nghiệp công", "service_centre"),
    ("Trung tâm Phục vụ hành chính công", "one_stop"),
    ("Văn phòng HĐND và UBND", "office"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "organisation"),
    ("Trường Tiểu học", "school"),
    ("Thôn 1", "village"),
    ("Thôn 2", "village"),
]

# (title, summary, paragraphs, topic numbers); "{xa}" is replaced by the commune's full name.
ARTICLES: list[tuple[str, str, list[str], list[int]]] = [
    (
        "UBND {xa} ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026",
        "Kế hoạch xác định chín nhóm nội dung tuyên truyền, phương tiện, hình thức và phân "
        "công nhiệm vụ cho từng cơ quan, đơn vị.",
        [
            "Ủy ban nhân dân {xa} ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 "
            "nhằm nâng cao nhận thức, trách nhiệm của cán bộ, công chức và sự đồng thuận của "
            "người dân, doanh nghiệp.",
            "Phòng Văn hóa - Xã hội là cơ quan đầu mối; Trung tâm Dịch vụ sự nghiệp công tăng "
            "thời lượng tin, bài trên hệ thống loa truyền thanh và Trang thông tin điện tử.",
        ],
        [6, 1],
    ),
    (
        "Hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
        "Người dân có thể nộp hồ sơ, theo dõi kết quả và thanh toán lệ phí trực tuyến "
        "mà không phải đến trụ sở.",
        [
            "Để nộp hồ sơ trực tuyến, người dân đăng nhập Cổng Dịch vụ công quốc gia bằng tài "
            "khoản định danh điện tử VNeID, chọn thủ tục cần thực hiện và làm theo hướng dẫn.",
            "Cán bộ Trung tâm Phục vụ hành chính công {xa} sẵn sàng hỗ trợ người dân tại bộ "
            "phận một cửa.",
        ],
        [8, 9],
    ),
    (
        "Đẩy mạnh thanh toán không dùng tiền mặt trong giải quyết thủ tục hành chính",
        "Lệ phí đăng ký khai sinh, chứng thực và nhiều thủ tục khác có thể nộp qua ngân hàng "
        "hoặc ví điện tử.",
        [
            "Thanh toán trực tuyến giúp người dân tiết kiệm thời gian đi lại, minh bạch các "
            "khoản phí, lệ phí.",
        ],
        [8, 7],
    ),
    (
        "Kết quả cải cách hành chính năm 2025 và nhiệm vụ trọng tâm năm 2026",
        "Nâng cao Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hài lòng (SIPAS) là mục "
        "tiêu xuyên suốt.",
        [
            "Năm 2025, {xa} hoàn thành các nhiệm vụ cải cách hành chính theo kế hoạch; tỷ lệ hồ "
            "sơ giải quyết đúng hạn tiếp tục được nâng lên.",
        ],
        [4, 3],
    ),
    (
        "Gương sáng cán bộ một cửa tận tụy phục vụ nhân dân",
        "Biểu dương tập thể, cá nhân có thành tích trong cải cách hành chính.",
        [
            "Tinh thần phục vụ, thái độ giao tiếp chuẩn mực của cán bộ bộ phận một cửa được người "
            "dân ghi nhận.",
        ],
        [5, 2],
    ),
    (
        "Công khai đường dây nóng tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
        "Người dân, doanh nghiệp có thể phản ánh qua điện thoại, thư điện tử hoặc trực tiếp.",
        [
            "Mọi phản ánh, kiến nghị về quy định hành chính, thái độ ứng xử của cán bộ đều được "
            "tiếp nhận và trả lời theo quy định.",
        ],
        [8],
    ),
]

GUIDES: list[tuple[str, str, str, list[str], str]] = [
    (
        "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
        "online_service",
        "Các bước đăng nhập, chọn thủ tục, nộp hồ sơ và theo dõi kết quả.",
        [
            "Bước 1: Truy cập dichvucong.gov.vn, chọn Đăng nhập bằng tài khoản định danh điện "
            "tử (VNeID).",
            "Bước 2: Tìm thủ tục theo tên hoặc mã thủ tục (ví dụ 1.001193 — đăng ký khai sinh).",
            "Bước 3: Điền tờ khai, đính kèm giấy tờ, chọn nơi nhận kết quả và nộp hồ sơ.",
            "Bước 4: Theo dõi trạng thái hồ sơ trong mục Quản lý hồ sơ đã nộp.",
        ],
        "https://dichvucong.gov.vn/",
    ),
    (
        "Hướng dẫn thanh toán phí, lệ phí trực tuyến",
        "payment",
        "Thanh toán phí, lệ phí thủ tục hành chính qua ngân hàng, ví điện tử.",
        [
            "Bước 1: Khi hồ sơ yêu cầu nộp phí, chọn Thanh toán trực tuyến.",
            "Bước 2: Chọn ngân hàng hoặc ví điện tử, xác nhận số tiền và mã hồ sơ.",
            "Bước 3: Lưu biên lai điện tử; hệ thống tự cập nhật trạng thái đã thanh toán.",
        ],
        "https://dichvucong.gov.vn/",
    ),
    (
        "Hướng dẫn kích hoạt tài khoản định danh điện tử VNeID",
        "online_service",
        "Tài khoản VNeID mức 2 dùng để đăng nhập các dịch vụ công trực tuyến.",
        [
            "Bước 1: Cài ứng dụng VNeID trên điện thoại.",
            "Bước 2: Đăng ký tại Công an cấp xã bằng thẻ căn cước, sau đó kích hoạt theo tin nhắn.",
        ],
        "",
    ),
]

# Status changes shown in the demo's "recently changed" block: (code, status, date, decision).
STATUS_CHANGES: list[tuple[str, str, str, str]] = [
    ("1.001193", "amended", "2026-07-01", "Quyết định số 1149/QĐ-UBND ngày 04/5/2026 (minh họa)"),
    ("1.004884", "new", "2026-08-15", "Quyết định công bố thủ tục hành chính mới (minh họa)"),
    ("1.000593", "abolished", "2026-09-01", "Quyết định bãi bỏ thủ tục hành chính (minh họa)"),
]
