"""The world the generated isolation suite attacks: two communes, their staff, and foreign objects.

Every object that is *foreign* to the persona under test carries MARKER in its title, name or
body (and SEARCH_WORD, which listing views are searched for). The suite then asserts that no
response shows MARKER and that `snapshot` of the foreign rows is the same after each request.

What is foreign depends on the persona, so the world is built once per persona:
- everything of commune B (Nguyệt Viên, Thanh Hóa) is foreign to every persona;
- the draft of unit A2 in commune A (Đức Thọ, Hà Tĩnh) is foreign to the editor of unit A1
  and to anonymous visitors, but not to A's coordinator or to Hà Tĩnh's province officer,
  who may read it.
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.rich_text import RichText

from cchc.analytics.models import DailyCount, ExportJob
from cchc.communes.groups import collection_for
from cchc.communes.models import Commune, Membership, Province, Unit
from cchc.communes.services import CommuneSpec, membership_grant
from cchc.parindex.tests.isolation import build_parindex, parindex_snapshot
from cchc.plans.tests.isolation import build_plans, plans_snapshot
from cchc.portal.models import ArticleIndexPage, ArticlePage, ReformSectionPage
from cchc.portal.provisioning import commune_create
from cchc.procedures.models import Procedure, ProcedureStatusChange
from cchc.procedures.services import procedures_import
from cchc.reports.tests.isolation import build_reports, reports_snapshot
from cchc.search.models import SearchSynonym

MARKER = "ZZFOREIGN7Q"
SEARCH_WORD = "quasarvix"  # a word of every foreign title, for search and filter variants
FOREIGN = f"{MARKER} {SEARCH_WORD}"
FOREIGN_TAG = "zzforeign7q-the"
HOST_A = "duc-tho.localhost"

PERSONAS = ("unit_editor", "other_coordinator", "province_viewer", "anonymous")


@dataclass
class World:
    persona: str
    user: object | None
    a: Commune
    b: Commune
    unit_a1: Unit
    unit_a2: Unit
    unit_b: Unit
    a1_draft: ArticlePage  # the persona's own side: a draft of unit A1
    a2_draft: ArticlePage
    a2_live: ArticlePage  # live, with another unit's unapproved changes on top
    b_draft: ArticlePage
    a2_foreign: bool
    news_a: ArticleIndexPage
    news_b: ArticleIndexPage
    section_b: ReformSectionPage
    workflow_b: Workflow
    task_b: Task
    doc_b: object
    image_b: object
    collection_b: Collection  # the commune's collection
    album_b: Collection  # a sub-collection holding the foreign document and image
    procedure_b: Procedure
    job_b: ExportJob
    users_b: list = field(default_factory=list)
    groups_b: list[Group] = field(default_factory=list)
    membership_b: Membership | None = None
    site_b: Site | None = None
    redirect_b: Redirect | None = None
    session_b: EditingSession | None = None
    upload_doc_b: UploadedFile | None = None
    upload_image_b: UploadedFile | None = None
    page_restriction_b: PageViewRestriction | None = None
    collection_restriction_b: CollectionViewRestriction | None = None
    synonym: SearchSynonym | None = None
    locale: Locale | None = None
    colleague_a2: object | None = None
    plan_b: object | None = None  # commune B's communication plan (cchc.plans)
    plan_item_b: object | None = None
    reports: dict = field(default_factory=dict)  # units' reports, "b" and "a2" (cchc.reports)
    par_job_b: object | None = None  # commune B's evidence pack (cchc.parindex)

    @property
    def foreign_pages(self) -> list[Page]:
        """The pages every page-bearing URL is filled with."""
        if self.a2_foreign:
            return [self.a2_draft, self.a2_live, self.b_draft]
        return [self.b_draft]

    @property
    def foreign_users(self) -> list:
        return self.users_b + ([self.colleague_a2] if self.a2_foreign else [])


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (30, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _draft(index: Page, title: str, slug: str, unit: Unit, owner) -> ArticlePage:
    """A never-published article, with a revision, submitted to the commune's workflow."""
    page = ArticlePage(
        title=title,
        slug=slug,
        live=False,
        summary=f"Tóm tắt: {title}",
        body=[("paragraph", RichText(f"<p>Nội dung: {title}</p>"))],
        unit=unit,
        owner=owner,
        author_name=title,
    )
    index.add_child(instance=page)
    page.save_revision(user=owner, log_action=True)
    page.get_workflow().start(page, owner)
    return page


def _staff(username: str, role: str, commune=None, unit=None, province=None, first_name=""):
    user = get_user_model().objects.create_user(
        username, password="x", first_name=first_name, email=f"{username}@example.invalid"
    )
    membership_grant(user=user, role=role, commune=commune, unit=unit, province=province)
    return user


def build_world(persona: str) -> World:
    a = commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho"), hostname=HOST_A
    )
    b = commune_create(
        spec=CommuneSpec(38, "Thanh Hóa", 15925, "Nguyệt Viên", "phuong", "nguyet-vien"),
        hostname="nguyet-vien.localhost",
    )
    a2_foreign = persona in ("unit_editor", "anonymous")
    a2_label = FOREIGN if a2_foreign else "Tin của đơn vị bạn"
    unit_a1 = Unit.objects.create(commune=a, name="Văn phòng HĐND và UBND", kind="office")
    unit_a2 = Unit.objects.create(commune=a, name="Trường Tiểu học", kind="school")
    unit_b = Unit.objects.create(commune=b, name=f"{FOREIGN} Văn phòng", kind="office")

    editor_a1 = _staff("bien-tap-a1", Membership.Role.EDITOR, a, unit_a1)
    # A colleague of the same commune: their draft is foreign to the unit editor, their name not.
    colleague_a2 = _staff("bien-tap-a2", Membership.Role.EDITOR, a, unit_a2)
    coordinator_a = _staff("dieu-phoi-a", Membership.Role.COORDINATOR, a)
    province_a = _staff("so-noi-vu-ha-tinh", Membership.Role.PROVINCE_OFFICER, province=a.province)
    editor_b = _staff("bien-tap-b", Membership.Role.EDITOR, b, unit_b, first_name=FOREIGN)
    coordinator_b = _staff("dieu-phoi-b", Membership.Role.COORDINATOR, b, first_name=FOREIGN)
    # The other province's officer: a membership whose province is foreign to every persona.
    _staff("so-noi-vu-thanh-hoa", Membership.Role.PROVINCE_OFFICER, province=b.province)
    user = {
        "unit_editor": editor_a1,
        "other_coordinator": coordinator_a,
        "province_viewer": province_a,
        "anonymous": None,
    }[persona]

    news_a = ArticleIndexPage.objects.descendant_of(a.root_page).get()
    news_b = ArticleIndexPage.objects.descendant_of(b.root_page).get()
    section_b = ReformSectionPage.objects.child_of(b.root_page).get()
    # Every page of commune B's tree carries the marker (titles only: no revision holds them).
    for page in Page.objects.descendant_of(b.root_page, inclusive=True):
        Page.objects.filter(pk=page.pk).update(
            title=f"{FOREIGN} {page.title}", draft_title=f"{FOREIGN} {page.title}"
        )
    a1_draft = _draft(news_a, "Tin nháp của đơn vị mình", "tin-nhap-a1", unit_a1, editor_a1)
    a2_draft = _draft(news_a, f"{a2_label} tin nháp", "tin-nhap-a2", unit_a2, colleague_a2)
    # A live article whose pending changes are the other unit's draft: the live title may show,
    # the unapproved one may not.
    a2_live = _draft(news_a, "Tin đã đăng của trường", "tin-da-dang-a2", unit_a2, colleague_a2)
    a2_live.get_latest_revision().publish()
    a2_live.refresh_from_db()
    a2_live.title = f"{a2_label} sửa chưa duyệt"
    a2_live.save_revision(user=colleague_a2, log_action=True)
    if a2_live.current_workflow_state is None:  # the changes submitted for review
        a2_live.get_workflow().start(a2_live, colleague_a2)
    a2_live.refresh_from_db()
    b_draft = _draft(news_b, f"{FOREIGN} tin nháp", "tin-nhap-b", unit_b, editor_b)
    section_b.refresh_from_db()

    workflow_b = WorkflowPage.objects.get(page=section_b).workflow
    Workflow.objects.filter(pk=workflow_b.pk).update(name=f"{FOREIGN} {workflow_b.name}")
    task_b = WorkflowTask.objects.get(workflow=workflow_b).task
    Task.objects.filter(pk=task_b.pk).update(name=f"{FOREIGN} {task_b.name}")
    workflow_b.refresh_from_db()
    task_b.refresh_from_db()
    # Renamed last: groups_ensure finds a commune's groups by name (no more grants for B follow).
    groups_b = list(Group.objects.filter(name__contains=str(b.code)))
    for group in groups_b:
        Group.objects.filter(pk=group.pk).update(name=f"{FOREIGN} {group.name}")
        group.refresh_from_db()

    collection_b = collection_for(b)
    album_b = collection_b.add_child(name=f"{FOREIGN} album")
    doc_b = get_document_model().objects.create(
        title=f"{FOREIGN} tài liệu",
        file=ContentFile(b"Bien ban hop thon.\n", name="bien-ban.txt"),
        collection=album_b,
        uploaded_by_user=coordinator_b,
    )
    doc_b.tags.add(FOREIGN_TAG)
    image_b = get_image_model().objects.create(
        title=f"{FOREIGN} ảnh",
        file=ImageFile(io.BytesIO(png_bytes()), name="anh-b.png"),
        collection=album_b,
        uploaded_by_user=coordinator_b,
    )
    image_b.tags.add(FOREIGN_TAG)
    upload_doc_b = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(get_document_model()),
        file=ContentFile(b"Bien ban.\n", name=f"{MARKER}.txt"),
        uploaded_by_user=coordinator_b,
    )
    upload_image_b = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        file=ContentFile(png_bytes(), name=f"{MARKER}.png"),
        uploaded_by_user=coordinator_b,
    )

    record = {
        "ma_thu_tuc": "1.009999",
        "ten_thu_tuc": f"{FOREIGN} thủ tục",
        "linh_vuc": f"{FOREIGN} lĩnh vực",
        "cap_thuc_hien": "Cấp xã",
        "phi_le_phi": f"{FOREIGN} phí",
    }
    procedures_import(commune=b, data=json.dumps([record]).encode(), filename="b.json")
    procedure_b = Procedure.objects.get(commune=b)
    log(instance=procedure_b, action="wagtail.edit", user=coordinator_b)

    today = timezone.localdate()
    job_b = ExportJob.objects.create(
        commune=b,
        user=coordinator_b,
        user_name=f"{FOREIGN} cán bộ",
        format=ExportJob.Format.CSV,
        start=today - datetime.timedelta(days=30),
        end=today - datetime.timedelta(days=1),
        status=ExportJob.Status.DONE,
        message=FOREIGN,
        file=ContentFile(f"{FOREIGN},1\n".encode(), name="b.csv"),
        finished_at=timezone.now(),
    )
    yesterday = today - datetime.timedelta(days=1)
    DailyCount.objects.create(
        commune=b, day=yesterday, dimension="page", key=str(b_draft.pk), views=7, visitors=5
    )
    DailyCount.objects.create(
        commune=b, day=yesterday, dimension="object", key="procedure:1.009999", views=3
    )

    Commune.objects.filter(pk=b.pk).update(address=f"{FOREIGN} trụ sở")
    Province.objects.filter(pk=b.province_id).update(kind=FOREIGN)
    site_b = Site.objects.get(root_page=b.root_page)
    Site.objects.filter(pk=site_b.pk).update(site_name=f"{FOREIGN} site")
    redirect_b = Redirect.objects.create(
        old_path=f"/{MARKER.lower()}-cu", site=site_b, redirect_page=b_draft
    )
    session_b = EditingSession.objects.create(
        user=coordinator_b,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(b_draft.pk),
        last_seen_at=timezone.now(),
        is_editing=True,
    )
    page_restriction_b = PageViewRestriction.objects.create(
        page=b_draft, restriction_type="password", password="mat-khau"
    )
    collection_restriction_b = CollectionViewRestriction.objects.create(
        collection=album_b, restriction_type="password", password="mat-khau"
    )
    synonym = SearchSynonym.objects.create(term="ubnd", expansions="ủy ban nhân dân")
    plan_b, plan_item_b = build_plans(b=b, unit_b=unit_b, b_draft=b_draft, label=FOREIGN)
    reports = build_reports(
        unit_a2=unit_a2, unit_b=unit_b, colleague_a2=colleague_a2, editor_b=editor_b,
        a2_label=a2_label, label=FOREIGN,
    )  # fmt: skip
    par_job_b = build_parindex(b=b, user_b=coordinator_b, label=FOREIGN)
    b.refresh_from_db()
    return World(
        persona=persona,
        user=user,
        a=a,
        b=b,
        unit_a1=unit_a1,
        unit_a2=unit_a2,
        unit_b=unit_b,
        a1_draft=a1_draft,
        a2_draft=a2_draft,
        a2_live=a2_live,
        b_draft=b_draft,
        a2_foreign=a2_foreign,
        news_a=news_a,
        news_b=news_b,
        section_b=section_b,
        workflow_b=workflow_b,
        task_b=task_b,
        doc_b=doc_b,
        image_b=image_b,
        collection_b=collection_b,
        album_b=album_b,
        procedure_b=procedure_b,
        job_b=job_b,
        users_b=[editor_b, coordinator_b],
        groups_b=groups_b,
        membership_b=Membership.objects.get(user=coordinator_b),
        site_b=site_b,
        redirect_b=redirect_b,
        session_b=session_b,
        upload_doc_b=upload_doc_b,
        upload_image_b=upload_image_b,
        page_restriction_b=page_restriction_b,
        collection_restriction_b=collection_restriction_b,
        synonym=synonym,
        locale=Locale.get_default(),  # every commune also has an English page (0018)
        colleague_a2=colleague_a2,
        plan_b=plan_b,
        plan_item_b=plan_item_b,
        reports=reports,
        par_job_b=par_job_b,
    )


# --- What must not change ---------------------------------------------------------------------


def _rows(qs, *fields) -> tuple:
    return tuple(qs.order_by("pk").values_list(*fields))


def snapshot_plan(w: World) -> dict[str, object]:
    """Name → a queryset of foreign rows (with the fields compared). Evaluated per request."""
    page_ct = ContentType.objects.get_for_model(Page)
    tree_b = Page.objects.descendant_of(w.b.root_page, inclusive=True)
    page_ids = [*tree_b.values_list("pk", flat=True)]
    if w.a2_foreign:
        page_ids += [w.a2_draft.pk, w.a2_live.pk]
    page_keys = [str(pk) for pk in page_ids]
    users = [u.pk for u in w.foreign_users]
    groups = [g.pk for g in w.groups_b]
    collections = [w.collection_b.pk, w.album_b.pk]
    units = [w.unit_b.pk] + ([w.unit_a2.pk] if w.a2_foreign else [])
    docs = get_document_model().objects.filter(Q(pk=w.doc_b.pk) | Q(title__contains=MARKER))
    images = get_image_model().objects.filter(Q(pk=w.image_b.pk) | Q(title__contains=MARKER))
    states = WorkflowState.objects.filter(base_content_type=page_ct, object_id__in=page_keys)
    user_model = get_user_model()
    return {
        "pages": (
            Page.objects.filter(Q(pk__in=page_ids) | Q(title__contains=MARKER)),
            "pk",
            "title",
            "draft_title",
            "slug",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
            "live_revision_id",
            "path",
            "numchild",
            "url_path",
            "locked",
            "locked_by_id",
            "owner_id",
            "go_live_at",
            "expire_at",
            "alias_of_id",
            "locale_id",
        ),
        "pages under B's tree": (tree_b, "pk"),
        "article units": (ArticlePage.objects.filter(pk__in=page_ids), "pk", "unit_id"),
        # A copy filed under a foreign unit is a new foreign article (issue 9: copy/ kept the unit).
        "articles of foreign units": (ArticlePage.objects.filter(unit_id__in=units), "pk"),
        "revisions": (
            Revision.objects.filter(base_content_type=page_ct, object_id__in=page_keys),
            "pk",
            "approved_go_live_at",
            "user_id",
        ),
        "page log entries": (PageLogEntry.objects.filter(page_id__in=page_ids), "pk"),
        "model log entries": (ModelLogEntry.objects.filter(label__contains=MARKER), "pk"),
        "workflow states": (states, "pk", "status", "current_task_state_id"),
        "task states": (
            TaskState.objects.filter(workflow_state__in=states),
            "pk",
            "status",
            "finished_by_id",
            "comment",
        ),
        "workflow pages": (
            WorkflowPage.objects.filter(page_id__in=page_ids),
            "page_id",
            "workflow_id",
        ),
        "workflows": (Workflow.objects.filter(pk=w.workflow_b.pk), "pk", "name", "active"),
        "workflow tasks": (WorkflowTask.objects.filter(workflow=w.workflow_b), "pk", "task_id"),
        "tasks": (Task.objects.filter(pk=w.task_b.pk), "pk", "name", "active"),
        "task groups": (
            GroupApprovalTask.groups.through.objects.filter(groupapprovaltask_id=w.task_b.pk),
            "pk",
        ),
        "page restrictions": (
            PageViewRestriction.objects.filter(page_id__in=page_ids),
            "pk",
            "restriction_type",
            "password",
        ),
        "collection restrictions": (
            CollectionViewRestriction.objects.filter(collection_id__in=collections),
            "pk",
            "restriction_type",
            "password",
        ),
        "documents": (docs, "pk", "title", "collection_id", "file", "uploaded_by_user_id"),
        "images": (images, "pk", "title", "collection_id", "file", "focal_point_x"),
        "collections": (
            Collection.objects.filter(pk__in=collections),
            "pk",
            "name",
            "path",
            "numchild",
        ),
        "uploads": (
            UploadedFile.objects.filter(pk__in=[w.upload_doc_b.pk, w.upload_image_b.pk]),
            "pk",
            "file",
        ),
        "procedures": (
            Procedure.objects.filter(commune=w.b),
            "pk",
            "code",
            "name",
            "field",
            "status",
            "commune_id",
            "status_decision",
        ),
        "procedure history": (
            ProcedureStatusChange.objects.filter(procedure__commune=w.b),
            "pk",
            "status",
        ),
        "export jobs": (ExportJob.objects.filter(commune=w.b), "pk", "status", "file", "message"),
        "daily counts": (DailyCount.objects.filter(commune=w.b), "pk", "views", "key"),
        "users": (
            user_model.objects.filter(pk__in=users),
            "pk",
            "username",
            "password",
            "is_active",
            "is_superuser",
            "is_staff",
            "email",
            "first_name",
            "last_name",
        ),
        "user groups": (user_model.groups.through.objects.filter(user_id__in=users), "pk"),
        "groups": (Group.objects.filter(pk__in=groups), "pk", "name"),
        "group permissions": (Group.permissions.through.objects.filter(group_id__in=groups), "pk"),
        "group page permissions": (
            GroupPagePermission.objects.filter(group_id__in=groups),
            "pk",
            "page_id",
        ),
        "group collection permissions": (
            GroupCollectionPermission.objects.filter(group_id__in=groups),
            "pk",
            "collection_id",
        ),
        "memberships": (
            Membership.objects.filter(
                Q(commune=w.b)
                | Q(province=w.b.province)
                | Q(user_id__in=users)
                | Q(unit_id__in=units)
            ),
            "pk",
            "user_id",
            "role",
            "commune_id",
            "unit_id",
            "province_id",
        ),
        "units": (Unit.objects.filter(pk__in=units), "pk", "name", "kind", "commune_id"),
        "commune": (
            Commune.objects.filter(pk=w.b.pk),
            "pk",
            "name",
            "kind",
            "slug",
            "root_page_id",
            "address",
            "phone",
            "email",
        ),
        "province": (Province.objects.filter(pk=w.b.province_id), "pk", "code", "name", "kind"),
        "sites": (
            Site.objects.filter(pk=w.site_b.pk),
            "pk",
            "hostname",
            "port",
            "root_page_id",
            "site_name",
            "is_default_site",
        ),
        "redirects": (
            Redirect.objects.filter(Q(site=w.site_b) | Q(redirect_page_id__in=page_ids)),
            "pk",
            "old_path",
            "redirect_page_id",
            "redirect_link",
        ),
        "editing sessions": (
            EditingSession.objects.filter(user_id__in=users),
            "pk",
            "object_id",
            "is_editing",
        ),
        **_second_factor_plan(users),
        **plans_snapshot(b=w.b, page_ids=page_ids),
        **reports_snapshot(w),
        **parindex_snapshot(w),
        "synonyms (shared)": (SearchSynonym.objects.all(), "pk", "term", "expansions"),
        "locales (shared)": (Locale.objects.all(), "pk", "language_code"),
    }


def _second_factor_plan(users: list[int]) -> dict[str, object]:
    """Foreign staff's second-factor devices, where django-otp is installed."""
    from django.apps import apps

    plan: dict[str, object] = {}
    for label, model in (("otp_totp", "TOTPDevice"), ("otp_static", "StaticDevice")):
        if apps.is_installed(f"django_otp.plugins.{label}"):
            devices = apps.get_model(label, model).objects.filter(user_id__in=users)
            plan[f"{model} devices"] = (devices, "pk", "confirmed", "name")
    return plan


def snapshot(plan: dict[str, object]) -> dict[str, tuple]:
    return {name: _rows(qs, *fields) for name, (qs, *fields) in plan.items()}
