"""Loading the demo: communes, units, staff, pages and procedures. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cchc.communes.groups import collection_for
from cchc.communes.models import Commune, Unit
from cchc.communes.services import membership_grant, site_add_hostname
from cchc.demo import content
from cchc.demo.commune_report import demo_commune_report
from cchc.demo.plans import demo_plan
from cchc.demo.reports import demo_reports
from cchc.portal.models import (
    ArticleIndexPage,
    ArticlePage,
    DirectiveDocumentPage,
    DocumentIndexPage,
    GuideIndexPage,
    GuidePage,
    HotlineContact,
    HotlinePage,
    MediaIndexPage,
    MediaItemPage,
    Topic,
)
from cchc.portal.provisioning import commune_create

Report = Callable[[str], None]


class DemoRefused(Exception):
    """Raised when the demo would be loaded outside demo mode."""


def demo_load(*, port: int = 8000, report: Report = print) -> list[Commune]:
    """Load (or complete) the demo. Running it twice changes nothing."""
    if not settings.DEMO:
        raise DemoRefused("Dữ liệu minh họa chỉ được nạp khi CCHC_DEMO=1.")
    _remove_wagtail_welcome_site()
    communes = []
    for demo in content.COMMUNES:
        commune = commune_create(spec=demo.spec, hostname=f"{demo.spec.slug}.localhost")
        for host in demo.extra_hosts:
            site_add_hostname(commune=commune, hostname=host)
        if not commune.address:
            commune.address = demo.address
            commune.email = f"ubnd.{demo.spec.slug}@example.gov.vn"
            commune.save(update_fields=["address", "email"])
        _units(commune)
        _letter(commune, demo.letter)
        _articles(commune)
        _guides(commune)
        _hotline(commune)
        _media(commune)
        _procedures(commune, report)
        demo_plan(commune, report)  # Quyết Thắng's 2026 plan
        demo_commune_report(commune)  # Quyết Thắng's coordinator and units' Q3 2026 reports
        communes.append(commune)
        report(f"✓ {commune.full_name} ({commune.province.name})")
    _users(communes[0])
    demo_reports(communes[0])  # Q3 2026: one unit on time, one late, the rest missing
    return communes


def _remove_wagtail_welcome_site() -> None:
    """Wagtail's first migration makes a default site and welcome page; the demo has neither."""
    Site.objects.filter(is_default_site=True, hostname="localhost", port=80).exclude(
        root_page__commune__isnull=False
    ).delete()
    for page in Page.objects.filter(depth=2, slug="home"):
        if not Commune.objects.filter(root_page=page).exists():
            page.delete()


def _units(commune: Commune) -> None:
    for name, kind in content.UNITS:
        Unit.objects.get_or_create(commune=commune, name=name, defaults={"kind": kind})


def _index(commune: Commune, model):
    return model.objects.descendant_of(commune.root_page).first()


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def _letter(commune: Commune, letter: content.Letter) -> None:
    index = _index(commune, DocumentIndexPage)
    slug = letter.file.split("_")[0] + "-" + commune.slug
    if DirectiveDocumentPage.objects.filter(slug=slug).exists():
        return
    text = (content.SEEDS_DIR / letter.file).read_text(encoding="utf-8")
    document = get_document_model()(title=letter.title, collection=collection_for(commune))
    document.file.save(f"{slug}.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    _publish(
        index,
        DirectiveDocumentPage(
            title=letter.title,
            slug=slug,
            number=letter.number,
            issuer=commune.committee_name,
            summary=letter.summary,
            text=text.strip(),
            document=document,
            search_description=letter.summary,
        ),
    )


def _articles(commune: Commune) -> None:
    index = _index(commune, ArticleIndexPage)
    if ArticlePage.objects.child_of(index).exists():
        return
    unit = Unit.objects.filter(commune=commune, kind="service_centre").first()
    topics = {t.number: t for t in Topic.objects.all()}
    for i, (title, summary, paragraphs, topic_numbers) in enumerate(content.ARTICLES):
        article = ArticlePage(
            title=title.format(xa=commune.full_name),
            slug=f"tin-{i + 1}",
            summary=summary,
            body=[
                ("paragraph", RichText(f"<p>{p.format(xa=commune.full_name)}</p>"))
                for p in paragraphs
            ],
            unit=unit,
            author_name="Trung tâm Dịch vụ sự nghiệp công",
        )
        index.add_child(instance=article)
        article.topics.set([topics[n] for n in topic_numbers if n in topics])
        article.save_revision().publish()


def _guides(commune: Commune) -> None:
    index = _index(commune, GuideIndexPage)
    if GuidePage.objects.child_of(index).exists():
        return
    for i, (title, kind, summary, steps, url) in enumerate(content.GUIDES):
        _publish(
            index,
            GuidePage(
                title=title,
                slug=f"huong-dan-{i + 1}",
                kind=kind,
                summary=summary,
                body=[("paragraph", RichText(f"<p>{s}</p>")) for s in steps],
                service_url=url,
            ),
        )


def _hotline(commune: Commune) -> None:
    page = _index(commune, HotlinePage)
    if page.contacts.exists():
        return
    page.intro = (
        "Tiếp nhận phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính, "
        "thủ tục hành chính và thái độ, tinh thần trách nhiệm của cán bộ, công chức. "
        "(Số điện thoại, thư điện tử trong bản minh họa là giả định.)"
    )
    page.address = commune.address
    page.phone = "0000 000 000"
    page.email = commune.email
    page.contacts.add(
        HotlineContact(
            name="Cán bộ đầu mối (minh họa)",
            position="Phòng Văn hóa - Xã hội",
            phone="0000 000 001",
            email=commune.email,
        )
    )
    page.save_revision().publish()


def _media(commune: Commune) -> None:
    index = _index(commune, MediaIndexPage)
    if MediaItemPage.objects.child_of(index).exists():
        return
    _publish(
        index,
        MediaItemPage(
            title="Infographic: 4 bước nộp hồ sơ trực tuyến",
            slug="infographic-nop-ho-so-truc-tuyen",
            kind="infographic",
            transcript=(
                "Bước 1: Đăng nhập bằng VNeID. Bước 2: Chọn thủ tục. "
                "Bước 3: Nộp hồ sơ và lệ phí trực tuyến. Bước 4: Nhận kết quả."
            ),
        ),
    )


def _procedures(commune: Commune, report: Report) -> None:
    from cchc.procedures.models import Procedure
    from cchc.procedures.services import procedure_change_status, procedures_import

    if not Procedure.objects.filter(commune=commune).exists():
        result = procedures_import(
            commune=commune,
            data=content.PROCEDURES_FILE.read_bytes(),
            filename=content.PROCEDURES_FILE.name,
            exclude_fields=content.EXCLUDED_FIELDS,
        )
        report(f"  {result.created} thủ tục hành chính đã nhập")
    for code, status, date, decision in content.STATUS_CHANGES:
        procedure = Procedure.objects.filter(commune=commune, code=code).first()
        if procedure and not procedure.history.exists():
            procedure_change_status(
                procedure=procedure,
                status=status,
                effective_on=dt.date.fromisoformat(date),
                decision=decision,
            )


def _users(commune: Commune) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.gov.vn", content.DEMO_PASSWORD)
    people = [
        ("dieuphoi", "Điều phối", "coordinator", None),
        ("bientap", "Biên tập", "editor", "Trung tâm Dịch vụ sự nghiệp công"),
    ]
    for username, first_name, role, unit_name in people:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@example.gov.vn"},
        )
        if created:
            user.set_password(content.DEMO_PASSWORD)
            user.save()
        unit = Unit.objects.filter(commune=commune, name=unit_name).first() if unit_name else None
        membership_grant(user=user, commune=commune, role=role, unit=unit)
