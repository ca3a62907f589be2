"""Fill the benchmark database: one commune at bench.localhost, N articles and M procedures.

Run by bench/run.py with DATABASE_URL pointing at var/bench/db.sqlite3 (never the demo's DB).
Usage: python bench/build_data.py ARTICLES PROCEDURES

Articles are written in bulk with their tree paths computed here: Wagtail's add_child() takes
~10-20 ms a page (tree locking, revisions, signals), i.e. minutes for 10,000. The rows made
here are what add_child() + publish() would leave for a live page without revisions, which is
all the public site reads.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import transaction  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from cchc.communes.models import Commune  # noqa: E402
from cchc.communes.services import CommuneSpec  # noqa: E402
from cchc.portal.models import ArticleIndexPage, ArticlePage, Topic  # noqa: E402
from cchc.portal.provisioning import commune_create  # noqa: E402
from cchc.procedures.models import Procedure, ProcedureStatus  # noqa: E402

HOSTNAME = "bench.localhost"
SPEC = CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho")
BATCH = 500

SUBJECTS = [
    "đăng ký khai sinh",
    "cấp bản sao trích lục hộ tịch",
    "chứng thực chữ ký",
    "đăng ký kết hôn",
    "thanh toán trực tuyến lệ phí",
    "dịch vụ công trực tuyến toàn trình",
    "cấp phiếu lý lịch tư pháp",
    "đăng ký thường trú",
    "hỗ trợ người có công",
    "chuyển đổi số trong tiếp nhận hồ sơ",
    "cải cách thủ tục đất đai",
    "bộ phận một cửa",
]
VERBS = ["Hướng dẫn", "Tuyên truyền", "Triển khai", "Đẩy mạnh", "Kết quả", "Hội nghị về"]
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Người có công", "Bảo trợ xã hội", "Tư pháp"]
PROCEDURE_NAMES = [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Cấp bản sao trích lục hộ tịch",
    "Chứng thực bản sao từ bản chính",
    "Chứng thực chữ ký",
    "Đăng ký thường trú",
    "Xác nhận tình trạng hôn nhân",
    "Giải quyết trợ cấp xã hội hằng tháng",
    "Đăng ký biến động đất đai",
]


def _article_rows(index: ArticleIndexPage, count: int, rng: random.Random) -> None:
    content_type = ContentType.objects.get_for_model(ArticlePage)
    topics = list(Topic.objects.all())
    depth = index.depth + 1
    start = index.numchild
    now = datetime.now(tz=UTC)
    through = ArticlePage.topics.through
    for batch_start in range(0, count, BATCH):
        pages: list[Page] = []
        extra: list[dict] = []
        for i in range(batch_start, min(batch_start + BATCH, count)):
            number = start + i + 1
            subject = rng.choice(SUBJECTS)
            title = f"{rng.choice(VERBS)} {subject} (số {number})"
            slug = f"bai-{number}"
            published = now - timedelta(minutes=37 * number + rng.randint(0, 30))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=ArticlePage._get_path(index.path, depth, number),
                    depth=depth,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    locale_id=index.locale_id,
                )
            )
            extra.append(
                {
                    "summary": f"Ủy ban nhân dân xã {subject}: thời gian, hồ sơ và cách nộp.",
                    "body": [
                        ("heading", "Nội dung chính"),
                        (
                            "paragraph",
                            RichText(
                                f"<p>Người dân có thể {subject} tại bộ phận một cửa "
                                "hoặc trên Cổng Dịch vụ công quốc gia.</p>"
                            ),
                        ),
                        (
                            "paragraph",
                            RichText(
                                "<p>Mọi phản ánh, kiến nghị gửi về đường dây nóng của xã.</p>"
                            ),
                        ),
                    ],
                    "author_name": "Văn phòng HĐND và UBND",
                    "topics": rng.sample(topics, k=min(2, len(topics))),
                }
            )
        Page.objects.bulk_create(pages)
        articles = []
        for page, fields in zip(pages, extra, strict=True):
            article = ArticlePage(
                page_ptr_id=page.pk,
                summary=fields["summary"],
                body=fields["body"],
                author_name=fields["author_name"],
            )
            articles.append(article)
        # Only the child table's row: the Page rows exist already (MTI bulk insert).
        local_fields = ArticlePage._meta.local_concrete_fields
        ArticlePage._base_manager.get_queryset()._insert(articles, fields=local_fields)
        through.objects.bulk_create(
            [
                through(articlepage_id=page.pk, topic_id=t.pk)
                for page, fields in zip(pages, extra, strict=True)
                for t in fields["topics"]
            ]
        )
    Page.objects.filter(pk=index.pk).update(numchild=start + count)


def _procedures(commune: Commune, count: int, rng: random.Random) -> None:
    statuses = [s.value for s in ProcedureStatus]
    rows = []
    for i in range(count):
        name = rng.choice(PROCEDURE_NAMES)
        rows.append(
            Procedure(
                commune=commune,
                code=f"1.{i + 1:06d}",
                name=f"{name} ({i + 1})",
                field=rng.choice(FIELDS),
                level="Cấp xã",
                kind="TTHC được luật giao quy định chi tiết",
                competent_agency="Ủy ban nhân dân cấp xã",
                implementing_agency="Ủy ban nhân dân cấp xã",
                applicants="Công dân Việt Nam",
                submission_methods="Trực tiếp; Trực tuyến; Dịch vụ bưu chính",
                time_limit="Trong ngày làm việc",
                fee="Miễn lệ phí",
                papers="Tờ khai theo mẫu; Giấy tờ tùy thân.",
                steps="Nộp hồ sơ; Tiếp nhận; Giải quyết; Trả kết quả.",
                result="Giấy chứng nhận",
                legal_basis="Luật Hộ tịch 2014",
                status=statuses[i % len(statuses)] if i % 10 == 0 else ProcedureStatus.CURRENT,
            )
        )
    Procedure.objects.bulk_create(rows, batch_size=BATCH)


def main() -> None:
    articles, procedures = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(20260401)  # same data every build
    started = time.monotonic()
    with transaction.atomic():
        commune = commune_create(spec=SPEC, hostname=HOSTNAME)
        index = ArticleIndexPage.objects.descendant_of(commune.root_page).get(slug="tin-tuc")
        _article_rows(index, articles, rng)
        _procedures(commune, procedures, rng)
    print(
        f"built {articles} articles + {procedures} procedures "
        f"in {time.monotonic() - started:.1f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
