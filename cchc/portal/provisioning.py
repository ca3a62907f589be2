"""A commune's page tree: its home page, the reform section and its sub-sections, and the
approval workflow on them.

The content layer provisions the tree (decision 0015): tenancy (cchc.communes) knows the
commune, its site, groups and memberships, and no page type.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from cchc.communes.groups import REVIEWER_ROLES, groups_ensure
from cchc.communes.models import Commune, Province
from cchc.communes.services import CommuneSpec, site_add_hostname

# The reform section's sub-sections: (page model label, slug, title).
SECTION_LAYOUT: list[tuple[str, str, str]] = [
    ("portal.ArticleIndexPage", "tin-tuc", "Tin tức"),
    ("procedures.ProcedureIndexPage", "thu-tuc-hanh-chinh", "Thủ tục hành chính"),
    ("portal.GuideIndexPage", "huong-dan-dich-vu-cong", "Hướng dẫn dịch vụ công trực tuyến"),
    ("portal.DocumentIndexPage", "van-ban-chi-dao", "Văn bản chỉ đạo"),
    ("portal.MediaIndexPage", "da-phuong-tien", "Video, infographic, âm thanh"),
    ("portal.HotlinePage", "duong-day-nong", "Đường dây nóng, liên hệ"),
]
SECTION_SLUG = "cai-cach-hanh-chinh"


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


@transaction.atomic
def commune_create(*, spec: CommuneSpec, hostname: str, port: int = 80) -> Commune:
    """Create (or return) a commune with its Site, home page and reform section tree.

    Idempotent: running it again for the same code changes nothing.
    """
    from cchc.portal.about import about_pages_ensure
    from cchc.portal.models import HomePage, ReformSectionPage

    province, _ = Province.objects.get_or_create(
        code=spec.province_code, defaults={"name": spec.province_name}
    )
    commune, _ = Commune.objects.get_or_create(
        code=spec.code,
        defaults={"province": province, "name": spec.name, "kind": spec.kind, "slug": spec.slug},
    )
    if commune.root_page_id is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=f"Cổng thông tin điện tử {commune.full_name}",
            slug=f"{commune.slug}-home",
            intro=f"Trang thông tin điện tử của {commune.committee_name}, {province.name}.",
        )
        root.add_child(instance=home)
        commune.root_page = home
        commune.save(update_fields=["root_page"])
    home = commune.root_page.specific
    section = ReformSectionPage.objects.child_of(home).first()
    if section is None:
        section = ReformSectionPage(
            title="Cải cách hành chính",
            slug=SECTION_SLUG,
            intro=(
                "Thông tin, tuyên truyền cải cách hành chính: thủ tục hành chính mới, sửa đổi, "
                "bãi bỏ; hướng dẫn dịch vụ công trực tuyến, thanh toán trực tuyến; văn bản chỉ "
                "đạo; đường dây nóng tiếp nhận phản ánh, kiến nghị."
            ),
        )
        home.add_child(instance=section)
    for label, slug, title in SECTION_LAYOUT:
        model = _model(label)
        if not model.objects.child_of(section).exists():
            section.add_child(instance=model(title=title, slug=slug))
    about_pages_ensure(commune=commune)  # the footer's /en/about/ (decision 0018)
    site_add_hostname(commune=commune, hostname=hostname, port=port)
    groups_ensure(commune=commune)
    workflow_ensure(commune=commune)
    return commune


def workflow_name(commune: Commune) -> str:
    return f"Duyệt tin bài — {commune.full_name} ({commune.code})"


@transaction.atomic
def workflow_ensure(*, commune: Commune) -> Workflow:
    """The commune's approval workflow: editors submit, reviewers approve.

    One GroupApprovalTask assigned to the commune's coordinator and leader groups; approving
    publishes the revision, or schedules it when a go-live date is set. It is attached to the
    reform section and to the commune's home page, so every page of the commune's tree goes to
    the commune's own reviewers (not to Wagtail's default "Moderators" workflow, whose group no
    commune staff is in). Idempotent: the workflow is found through the section's WorkflowPage,
    so renaming it in the admin is harmless, and a workflow staff chose for the home page stays.
    """
    from cchc.portal.models import ReformSectionPage

    groups = groups_ensure(commune=commune)
    section = ReformSectionPage.objects.child_of(commune.root_page).first()
    if section is None:
        raise ValueError(f"{commune.full_name} chưa có chuyên mục Cải cách hành chính.")
    attached = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if attached is not None:
        workflow = attached.workflow
    else:
        workflow = Workflow.objects.create(name=workflow_name(commune), active=True)
        WorkflowPage.objects.create(page=section, workflow=workflow)
    task = (
        GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("workflow_tasks__sort_order")
        .first()
    )
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=f"Điều phối viên, lãnh đạo duyệt — {commune.full_name} ({commune.code})"
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(*(groups[role] for role in REVIEWER_ROLES))
    WorkflowPage.objects.get_or_create(page=commune.root_page, defaults={"workflow": workflow})
    return workflow
