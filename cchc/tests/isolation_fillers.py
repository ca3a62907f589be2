"""How each URL of the back office is filled with foreign objects: one filler per URL name.

A filler takes the World and returns Fills: URL arguments (kwargs, or args for positional
regex patterns), a query string and, optionally, a POST body. Fills whose keyword names do not
match a pattern are ignored for it, so one filler serves every pattern that shares a name
(`wagtailadmin_workflows:remove` with and without `workflow_pk`).

The table is explicit, keyed by the full namespaced URL name (or `<route>` for unnamed
patterns): a URL the table does not know fails the suite with "give <name> a filler", so a new
view is attacked the day it is added. SKIPPED lists the few URLs that carry no object, each with
its reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from cchc.parindex.tests.isolation import parindex_fillers
from cchc.plans.tests.isolation import plan_fillers
from cchc.reports.tests.isolation import report_fillers
from cchc.tests.isolation_world import SEARCH_WORD, World

# Every POST gets this body unless its Fill says otherwise: plausible for most forms.
DEFAULT_POST = {"title": "x", "name": "x", "comment": "x"}
GET = ("GET",)
BOTH = ("GET", "POST")


@dataclass(frozen=True)
class Fill:
    kwargs: dict = field(default_factory=dict)
    args: tuple = ()
    query: tuple[tuple[str, str], ...] = ()
    data: dict | None = None
    methods: tuple[str, ...] = BOTH
    path: str | None = None  # a literal path, for unnamed patterns
    error: str | None = None  # the filler knows it cannot fill this case: the suite fails


Filler = Callable[[World], list[Fill]]

SKIPPED: dict[str, str] = {
    "wagtailadmin_logout": "ends the persona's session; carries no object",
    "wagtailadmin_javascript_catalog": "the static JavaScript translation catalogue",
    "wagtailadmin_error_test": "Wagtail's deliberate error page (raises for every user by design)",
}


def q(**params) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in params.items())


def plain(w: World) -> list[Fill]:
    return [Fill()]


def listing(w: World) -> list[Fill]:
    """A list or chooser: as is, and searched for a word of every foreign title."""
    return [Fill(), Fill(query=q(q=SEARCH_WORD), methods=GET)]


def get_only(w: World) -> list[Fill]:
    return [Fill(methods=GET)]


def pages(w: World) -> list[int]:
    return [p.pk for p in w.foreign_pages]


def pages_and_parents(w: World) -> list[int]:
    """Foreign pages and their parents: listings of a parent must not show a foreign child."""
    return [*pages(w), w.news_a.pk, w.news_b.pk, w.section_b.pk, w.b.root_page_id]


def each(name: str, values: Callable[[World], list], **extra) -> Filler:
    return lambda w: [Fill(kwargs={name: v}, **extra) for v in values(w)]


def page_ids(name: str = "page_id") -> Filler:
    return each(name, pages)


def page_revisions(w: World) -> list[Fill]:
    own = w.a1_draft
    fills = [
        Fill(kwargs={"page_id": p.pk, "revision_id": p.latest_revision_id}) for p in w.foreign_pages
    ]
    # Another page's revision reached through the persona's own page.
    return [*fills, Fill(kwargs={"page_id": own.pk, "revision_id": w.b_draft.latest_revision_id})]


def compare(w: World) -> list[Fill]:
    out = []
    for p in w.foreign_pages:
        rev = str(p.latest_revision_id)
        out += [
            Fill(kwargs={"pk": p.pk, "revision_id_a": "earliest", "revision_id_b": "latest"}),
            Fill(kwargs={"pk": p.pk, "revision_id_a": rev, "revision_id_b": "latest"}),
        ]
    return out


def task_state_fills(w: World, actions: list[str]) -> list[Fill]:
    out = []
    for p in w.foreign_pages:
        state = p.current_workflow_task_state
        for action in actions:
            out.append(
                Fill(kwargs={"page_id": p.pk, "action_name": action, "task_state_id": state.pk})
            )
    return out


def workflow_states(w: World) -> list[Fill]:
    return [
        Fill(kwargs={"page_id": p.pk, "workflow_state_id": p.current_workflow_state.pk})
        for p in w.foreign_pages
    ]


def move_confirm(w: World) -> list[Fill]:
    fills = [
        Fill(kwargs={"page_to_move_id": p.pk, "destination_id": w.news_a.pk})
        for p in w.foreign_pages
    ]
    # The persona's own draft into the other commune's news.
    return [*fills, Fill(kwargs={"page_to_move_id": w.a1_draft.pk, "destination_id": w.news_b.pk})]


def article_type(
    name_app: str = "content_type_app_name", name_model: str = "content_type_model_name"
):
    def fill(w: World) -> list[Fill]:
        base = {name_app: "portal", name_model: "articlepage"}
        return [Fill(kwargs=base), Fill(kwargs={**base, "parent_page_id": w.news_b.pk})]

    return fill


def add_page(w: World) -> list[Fill]:
    kw = {"content_type_app_name": "portal", "content_type_model_name": "articlepage"}
    return [Fill(kwargs={**kw, "parent_page_id": w.news_b.pk}, data=PAGE_FORM)]


# An article form as the editor posts it (publish asked for: a refusal must still change nothing).
PAGE_FORM = {
    "title": "x",
    "slug": "x-isolation",
    "summary": "x",
    "body-count": "0",
    "comments-TOTAL_FORMS": "0",
    "comments-INITIAL_FORMS": "0",
    "action-publish": "1",
}


def edit_page(w: World) -> list[Fill]:
    return [Fill(kwargs={"page_id": pk}, data=PAGE_FORM) for pk in pages(w)]


def bulk_actions(w: World) -> list[Fill]:
    """Every registered bulk action, on the foreign objects of its model."""
    objects: dict[tuple[str, str], list[int]] = {
        ("wagtailcore", "page"): pages(w),
        ("wagtaildocs", "document"): [w.doc_b.pk],
        ("wagtailimages", "image"): [w.image_b.pk],
        ("auth", "user"): [u.pk for u in w.foreign_users],
        ("procedures", "procedure"): [w.procedure_b.pk],
        ("cchc_search", "searchsynonym"): [w.synonym.pk],
    }
    own_group = Group.objects.exclude(pk__in=[g.pk for g in w.groups_b]).first()
    bodies = {
        "move": {"chooser": w.news_a.pk},
        "add_to_collection": {"collection": w.collection_b.pk},
        "add_tags": {"tags": "x"},
        "assign_role": {"role": own_group.pk if own_group else ""},
        "set_active_state": {"mark_as_active": ""},
    }
    bulk_action_registry._scan_for_bulk_actions()
    out = []
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            ids = objects.get((app_label, model_name))
            for action in actions:
                kwargs = {"app_label": app_label, "model_name": model_name, "action": action}
                if ids is None:  # a model whose objects this suite does not know yet
                    error = f"give bulk action {app_label}.{model_name}.{action} foreign objects"
                    out.append(Fill(kwargs=kwargs, error=error))
                    continue
                for pk in ids:
                    query = q(id=pk, next="/quan-tri/")
                    out.append(Fill(kwargs=kwargs, query=query, data=bodies.get(action)))
    return out


def api_page_actions(w: World) -> list[Fill]:
    bodies = {
        "move": {"destination_page_id": w.news_a.pk},
        "copy": {"destination_page_id": w.news_a.pk},
        "create_alias": {"destination_page_id": w.news_a.pk},
        "revert_to_page_revision": {"revision_id": w.b_draft.latest_revision_id},
    }
    return [
        Fill(kwargs={"pk": pk, "action_name": action}, data=bodies.get(action))
        for pk in pages(w)
        for action in PagesAdminAPIViewSet.actions
    ]


def api_listing(kind: str) -> Filler:
    def fill(w: World) -> list[Fill]:
        out = [Fill(methods=GET), Fill(query=q(search=SEARCH_WORD), methods=GET)]
        if kind == "pages":
            out += [
                Fill(query=q(child_of=w.news_b.pk), methods=GET),
                Fill(query=q(descendant_of=w.b.root_page_id), methods=GET),
                Fill(query=q(child_of=w.news_a.pk, fields="title,live"), methods=GET),
            ]
        else:
            out.append(Fill(query=q(collection_id=w.album_b.pk), methods=GET))
        return out

    return fill


def api_find(kind: str) -> Filler:
    def fill(w: World) -> list[Fill]:
        ids = {"pages": pages(w), "documents": [w.doc_b.pk], "images": [w.image_b.pk]}[kind]
        out = [Fill(query=q(id=pk), methods=GET) for pk in ids]
        if kind == "pages":
            out += [Fill(query=q(html_path=p.url_path), methods=GET) for p in w.foreign_pages]
        return out

    return fill


def pk_of(values: Callable[[World], list], name: str = "pk") -> Filler:
    return each(name, values)


def chooser(kind: str) -> Filler:
    """Document, image and procedure choosers: plain, searched, filtered to foreign items."""

    def fill(w: World) -> list[Fill]:
        out = [
            Fill(),
            Fill(query=q(q="abc"), methods=GET),
            Fill(query=q(q=SEARCH_WORD), methods=GET),
        ]
        if kind in ("documents", "images"):
            out.append(Fill(query=q(collection_id=w.album_b.pk), methods=GET))
        return out

    return fill


def chosen_multiple(ids: Callable[[World], list]) -> Filler:
    return lambda w: [Fill(query=tuple(("id", str(pk)) for pk in ids(w)))]


def foreign_doc(w: World) -> list[int]:
    return [w.doc_b.pk]


def foreign_image(w: World) -> list[int]:
    return [w.image_b.pk]


def foreign_procedure(w: World) -> list[int]:
    return [w.procedure_b.pk]


def wagtail_serve_paths(w: World) -> list[Fill]:
    """Foreign pages' paths, asked on commune A's host (drafts: never served)."""
    out = []
    for p in w.foreign_pages:
        root = w.a.root_page if p.pk in (w.a2_draft.pk, w.a2_live.pk) else w.b.root_page
        rel = p.url_path[len(root.url_path) :]
        out.append(Fill(args=(rel,)))
    return out


def export_post(w: World) -> list[Fill]:
    today = datetime.date.today()  # noqa: DTZ011 — a plausible period, any zone will do
    period = {"tu": f"{today.replace(day=1):%d/%m/%Y}", "den": f"{today:%d/%m/%Y}"}
    return [
        Fill(data={"xa": str(w.b.pk), "format": "csv", **period}, methods=("POST",)),
        Fill(data={"xa": "²", "format": "csv", **period}, methods=("POST",)),
        Fill(methods=GET),
    ]


def dashboard_fills(w: World) -> list[Fill]:
    return [
        Fill(),
        Fill(query=q(xa=w.b.pk), methods=GET),
        Fill(query=q(xa="²"), methods=GET),
    ]


def editing_ping(w: World) -> list[Fill]:
    return [
        Fill(
            kwargs={
                "app_label": "wagtailcore",
                "model_name": "page",
                "object_id": str(w.b_draft.pk),
                "session_id": w.session_b.pk,
            }
        ),
        Fill(
            kwargs={
                "app_label": "procedures",
                "model_name": "procedure",
                "object_id": str(w.procedure_b.pk),
                "session_id": w.session_b.pk,
            }
        ),
    ]


def _viewset(prefix: str, values: Callable[[World], list], actions: tuple[str, ...]):
    """A ModelViewSet's or SnippetViewSet's URL names, filled with the foreign objects."""
    table: dict[str, Filler] = {}
    for action in actions:
        if action in ("index", "index_results", "list", "list_results"):
            table[f"{prefix}:{action}"] = listing
        elif action == "add":
            table[f"{prefix}:{action}"] = plain
        else:
            table[f"{prefix}:{action}"] = pk_of(values)
    return table


MODEL_ACTIONS = ("index", "index_results", "add", "edit", "delete", "history", "history_results",
                 "usage", "copy")  # fmt: skip
SNIPPET_ACTIONS = ("list", "list_results", "add", "edit", "delete", "usage", "history",
                   "history_results", "copy")  # fmt: skip


def _snippet_chooser(prefix: str, values: Callable[[World], list]) -> dict[str, Filler]:
    return {
        f"{prefix}:choose": chooser("snippets"),
        f"{prefix}:choose_results": chooser("snippets"),
        f"{prefix}:chosen": pk_of(values),
        f"{prefix}:chosen_multiple": chosen_multiple(values),
        f"{prefix}:create": plain,
    }


def _users(w: World) -> list[int]:
    return [u.pk for u in w.foreign_users]


FILLERS: dict[str, Filler] = {
    # --- admin home, explorer, pages -----------------------------------------------------------
    "wagtailadmin_home": plain,
    # The staff guides are the same for every commune: read, never changed by anyone.
    "guides_guide": lambda w: [Fill(kwargs={"slug": slug}) for slug in ("can-bo", "thuat-ngu")],
    "<quan-tri/test404/>": lambda w: [Fill(path="/quan-tri/test404/")],
    "<quan-tri/.*/$>": lambda w: [Fill(path=f"/quan-tri/khong-co/{w.b_draft.pk}/")],
    "wagtailadmin_explore_root": listing,
    "wagtailadmin_explore": each("parent_page_id", pages_and_parents),
    "wagtailadmin_explore_results": each("parent_page_id", pages_and_parents),
    "wagtailadmin_pages:add": add_page,
    "wagtailadmin_pages:preview_on_add": add_page,
    "wagtailadmin_pages:type_use": article_type(),
    "wagtailadmin_pages:type_use_results": article_type(),
    "wagtailadmin_pages:choose_parent": article_type("app_label", "model_name"),
    "wagtailadmin_pages:usage": page_ids(),
    "wagtailadmin_pages:edit": edit_page,
    "wagtailadmin_pages:preview_on_edit": edit_page,
    "wagtailadmin_pages:view_draft": page_ids(),
    "wagtailadmin_pages:add_subpage": each("parent_page_id", pages_and_parents),
    "wagtailadmin_pages:delete": page_ids(),
    "wagtailadmin_pages:unpublish": page_ids(),
    "wagtailadmin_pages:convert_alias": page_ids(),
    "wagtailadmin_pages:search": listing,
    "wagtailadmin_pages:search_results": listing,
    "wagtailadmin_pages:move": page_ids("page_to_move_id"),
    "wagtailadmin_pages:move_confirm": move_confirm,
    "wagtailadmin_pages:set_page_position": lambda w: [
        Fill(kwargs={"page_to_move_id": pk}, query=q(position=0)) for pk in pages(w)
    ],
    "wagtailadmin_pages:copy": lambda w: [
        Fill(
            kwargs={"page_id": pk},
            data={"new_title": "x", "new_slug": "x-copy", "new_parent_page": w.news_a.pk},
        )
        for pk in pages(w)
    ],
    "wagtailadmin_pages:workflow_action": lambda w: task_state_fills(w, ["approve", "reject"]),
    "wagtailadmin_pages:collect_workflow_action_data": lambda w: task_state_fills(w, ["approve"]),
    "wagtailadmin_pages:confirm_workflow_cancellation": page_ids(),
    "wagtailadmin_pages:workflow_preview": lambda w: [
        Fill(kwargs={"page_id": p.pk, "task_id": p.current_workflow_task.pk})
        for p in w.foreign_pages
    ],
    "wagtailadmin_pages:set_privacy": lambda w: [
        Fill(kwargs={"page_id": pk}, data={"restriction_type": "none"}) for pk in pages(w)
    ],
    "wagtailadmin_pages:lock": page_ids(),
    "wagtailadmin_pages:unlock": page_ids(),
    "wagtailadmin_pages:revisions_index": page_ids(),
    "wagtailadmin_pages:revisions_view": page_revisions,
    "wagtailadmin_pages:revisions_revert": page_revisions,
    "wagtailadmin_pages:revisions_unschedule": page_revisions,
    "wagtailadmin_pages:revisions_compare": compare,
    "wagtailadmin_pages:workflow_history": page_ids(),
    "wagtailadmin_pages:workflow_history_detail": workflow_states,
    "wagtailadmin_pages:history": page_ids(),
    "wagtailadmin_pages:history_results": page_ids(),
    "wagtail_bulk_action": bulk_actions,
    # --- admin API --------------------------------------------------------------------------
    "wagtailadmin_api:pages:listing": api_listing("pages"),
    "wagtailadmin_api:pages:detail": each("pk", pages, methods=GET),
    "wagtailadmin_api:pages:find": api_find("pages"),
    "wagtailadmin_api:pages:action": api_page_actions,
    "wagtailadmin_api:documents:listing": api_listing("documents"),
    "wagtailadmin_api:documents:detail": each("pk", foreign_doc, methods=GET),
    "wagtailadmin_api:documents:find": api_find("documents"),
    "wagtailadmin_api:images:listing": api_listing("images"),
    "wagtailadmin_api:images:detail": each("pk", foreign_image, methods=GET),
    "wagtailadmin_api:images:find": api_find("images"),
    # --- page chooser, links, tags ------------------------------------------------------------
    "wagtailadmin_choose_page": listing,
    "wagtailadmin_choose_page_child": each("parent_page_id", pages_and_parents),
    "wagtailadmin_choose_page_search": listing,
    "wagtailadmin_choose_page_chosen_multiple": chosen_multiple(pages),
    "wagtailadmin_choose_page_external_link": plain,
    "wagtailadmin_choose_page_email_link": plain,
    "wagtailadmin_choose_page_phone_link": plain,
    "wagtailadmin_choose_page_anchor_link": plain,
    "wagtailadmin_tag_autocomplete": lambda w: [Fill(query=q(term="zzf"), methods=GET)],
    "wagtailadmin_tag_model_autocomplete": lambda w: [
        Fill(kwargs={"app_name": app, "model_name": model}, query=q(term="zzf"), methods=GET)
        for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
    ],
    # --- collections ----------------------------------------------------------------------------
    "wagtailadmin_collections:index": listing,
    "wagtailadmin_collections:add": lambda w: [Fill(data={"name": "x", "parent": w.album_b.pk})],
    "wagtailadmin_collections:edit": lambda w: [
        Fill(kwargs={"pk": pk}, data={"name": "x", "parent": w.collection_b.pk})
        for pk in (w.album_b.pk, w.collection_b.pk)
    ],
    "wagtailadmin_collections:delete": each("pk", lambda w: [w.album_b.pk]),
    "wagtailadmin_collections:set_privacy": lambda w: [
        Fill(kwargs={"collection_id": w.album_b.pk}, data={"restriction_type": "none"})
    ],
    # --- workflows and tasks ----------------------------------------------------------------
    "wagtailadmin_workflows:index": listing,
    "wagtailadmin_workflows:index_results": listing,
    "wagtailadmin_workflows:add": plain,
    "wagtailadmin_workflows:enable": each("pk", lambda w: [w.workflow_b.pk]),
    "wagtailadmin_workflows:disable": each("pk", lambda w: [w.workflow_b.pk]),
    "wagtailadmin_workflows:edit": each("pk", lambda w: [w.workflow_b.pk]),
    "wagtailadmin_workflows:usage": each("pk", lambda w: [w.workflow_b.pk]),
    "wagtailadmin_workflows:usage_results": each("pk", lambda w: [w.workflow_b.pk]),
    "wagtailadmin_workflows:remove": lambda w: [
        Fill(kwargs={"page_pk": w.section_b.pk}),
        Fill(kwargs={"page_pk": w.section_b.pk, "workflow_pk": w.workflow_b.pk}),
    ],
    "wagtailadmin_workflows:add_task": lambda w: [
        Fill(kwargs={"app_label": "wagtailcore", "model_name": "groupapprovaltask"})
    ],
    "wagtailadmin_workflows:select_task_type": plain,
    "wagtailadmin_workflows:task_index": listing,
    "wagtailadmin_workflows:task_index_results": listing,
    "wagtailadmin_workflows:edit_task": each("pk", lambda w: [w.task_b.pk]),
    "wagtailadmin_workflows:disable_task": each("pk", lambda w: [w.task_b.pk]),
    "wagtailadmin_workflows:enable_task": each("pk", lambda w: [w.task_b.pk]),
    "wagtailadmin_workflows:task_chooser": listing,
    "wagtailadmin_workflows:task_chooser_results": listing,
    "wagtailadmin_workflows:task_chooser_create": plain,
    "wagtailadmin_workflows:task_chosen": each("task_id", lambda w: [w.task_b.pk]),
    # --- reports ------------------------------------------------------------------------------
    **{
        f"wagtailadmin_reports:{name}{suffix}": listing
        for name in (
            "locked_pages",
            "workflow",
            "workflow_tasks",
            "site_history",
            "aging_pages",
            "page_types_usage",
        )
        for suffix in ("", "_results")
    },
    # --- account, misc --------------------------------------------------------------------------
    "wagtailadmin_account": plain,
    "wagtailadmin_dismissibles": plain,
    "wagtailadmin_editing_sessions:ping": editing_ping,
    "wagtailadmin_editing_sessions:release": each("session_id", lambda w: [w.session_b.pk]),
    "wagtailadmin_block_preview": plain,
    "wagtailadmin_sprite": get_only,
    "wagtailadmin_login": plain,
    "wagtailadmin_password_reset": lambda w: [Fill(data={"email": w.users_b[0].email})],
    "wagtailadmin_password_reset_done": plain,
    "wagtailadmin_password_reset_confirm": lambda w: [
        Fill(kwargs={"uidb64": urlsafe_base64_encode(force_bytes(u.pk)), "token": "set-password"})
        for u in w.foreign_users
    ],
    "wagtailadmin_password_reset_complete": plain,
    # --- the project's own admin views --------------------------------------------------------
    "cchc_province_pages": plain,
    "cchc_province_page": page_ids(),
    "procedures_import": lambda w: [Fill(data={"commune": w.b.pk, "partial": "on"})],
    "analytics_dashboard": dashboard_fills,
    "analytics_compare": dashboard_fills,
    "analytics_export": export_post,
    "analytics_export_job": each("job_id", lambda w: [w.job_b.pk]),
    "analytics_export_download": each("job_id", lambda w: [w.job_b.pk]),
    "cchc_audit_log": lambda w: [
        Fill(),
        Fill(query=q(q=SEARCH_WORD), methods=GET),
        Fill(query=q(commune=w.b.pk), methods=GET),
    ],
    "cchc_audit_log_results": lambda w: [
        Fill(),
        Fill(query=q(q=SEARCH_WORD), methods=GET),
        Fill(query=q(commune=w.b.pk), methods=GET),
    ],
    # --- sign-in: second factor (the persona's own devices), lockouts -------------------------
    "accounts_2fa_verify": plain,
    "accounts_2fa_enrol": plain,
    "accounts_2fa_devices": plain,
    "accounts_2fa_recovery": plain,
    "accounts_2fa_remove": plain,
    "accounts_2fa_reset": lambda w: [Fill(query=q(user=pk), data={"user": pk}) for pk in _users(w)],
    "accounts_lockouts": lambda w: [
        Fill(data={"username": u.username, "ip_address": "127.0.0.1"}) for u in w.foreign_users
    ],
    # --- forms, redirects, settings, embeds ---------------------------------------------------
    "wagtailredirects:index": listing,
    "wagtailredirects:index_results": listing,
    "wagtailredirects:add": plain,
    "wagtailredirects:edit": each("redirect_id", lambda w: [w.redirect_b.pk]),
    "wagtailredirects:delete": each("redirect_id", lambda w: [w.redirect_b.pk]),
    "wagtailredirects:start_import": plain,
    "wagtailredirects:process_import": plain,
    "wagtailsettings:edit": lambda w: [
        Fill(kwargs={"app_name": "wagtailcore", "model_name": "site"}),
        Fill(kwargs={"app_name": "wagtailcore", "model_name": "site", "pk": w.site_b.pk}),
    ],
    "wagtailsettings:preview_on_edit": lambda w: [
        Fill(kwargs={"app_name": "wagtailcore", "model_name": "site", "pk": w.site_b.pk})
    ],
    "wagtailembeds:chooser": plain,
    "wagtailembeds:chooser_upload": plain,  # no URL in the body: nothing is fetched
    "wagtailsnippets:index": plain,
    # --- documents ---------------------------------------------------------------------------
    "wagtaildocs:index": chooser("documents"),
    "wagtaildocs:index_results": chooser("documents"),
    "wagtaildocs:add": plain,
    "wagtaildocs:edit": lambda w: [
        Fill(kwargs={"document_id": w.doc_b.pk}, data={"title": "x", "collection": w.album_b.pk})
    ],
    "wagtaildocs:delete": each("document_id", foreign_doc),
    "wagtaildocs:add_multiple": plain,
    "wagtaildocs:edit_multiple": each("doc_id", foreign_doc),
    "wagtaildocs:create_multiple_from_uploaded_document": each(
        "uploaded_file_id", lambda w: [w.upload_doc_b.pk]
    ),
    "wagtaildocs:delete_multiple": each("doc_id", foreign_doc),
    "wagtaildocs:delete_upload_multiple": each("uploaded_file_id", lambda w: [w.upload_doc_b.pk]),
    "wagtaildocs:document_usage": each("document_id", foreign_doc),
    "wagtaildocs_chooser:choose": chooser("documents"),
    "wagtaildocs_chooser:choose_results": chooser("documents"),
    "wagtaildocs_chooser:chosen": each("pk", foreign_doc),
    "wagtaildocs_chooser:chosen_multiple": chosen_multiple(foreign_doc),
    "wagtaildocs_chooser:create": plain,
    # --- images ------------------------------------------------------------------------------
    "wagtailimages:index": chooser("images"),
    "wagtailimages:index_results": chooser("images"),
    "wagtailimages:edit": lambda w: [
        Fill(kwargs={"image_id": w.image_b.pk}, data={"title": "x", "collection": w.album_b.pk})
    ],
    "wagtailimages:delete": each("image_id", foreign_image),
    "wagtailimages:url_generator": each("image_id", foreign_image),
    "wagtailimages:url_generator_output": each("image_id", foreign_image),
    "wagtailimages:preview": lambda w: [
        Fill(kwargs={"image_id": w.image_b.pk, "filter_spec": "original"}, methods=GET)
    ],
    "wagtailimages:add": plain,
    "wagtailimages:image_usage": each("image_id", foreign_image),
    "wagtailimages:add_multiple": plain,
    "wagtailimages:edit_multiple": each("image_id", foreign_image),
    "wagtailimages:create_multiple_from_uploaded_image": each(
        "uploaded_file_id", lambda w: [w.upload_image_b.pk]
    ),
    "wagtailimages:delete_multiple": each("image_id", foreign_image),
    "wagtailimages:delete_upload_multiple": each(
        "uploaded_file_id", lambda w: [w.upload_image_b.pk]
    ),
    "wagtailimages_chooser:choose": chooser("images"),
    "wagtailimages_chooser:choose_results": chooser("images"),
    "wagtailimages_chooser:chosen": each("pk", foreign_image),
    "wagtailimages_chooser:chosen_multiple": chosen_multiple(foreign_image),
    "wagtailimages_chooser:create": plain,
    "wagtailimages_chooser:select_format": each("image_id", foreign_image),
    # --- snippets: procedures (per commune), search synonyms (shared) --------------------------
    **_viewset("wagtailsnippets_procedures_procedure", foreign_procedure, SNIPPET_ACTIONS),
    "wagtailsnippets_procedures_procedure:list": lambda w: [
        Fill(),
        Fill(query=q(q=SEARCH_WORD), methods=GET),
        Fill(query=q(commune=w.b.pk), methods=GET),
    ],
    **_snippet_chooser("wagtailsnippetchoosers_procedures_procedure", foreign_procedure),
    **_viewset(
        "wagtailsnippets_cchc_search_searchsynonym", lambda w: [w.synonym.pk], SNIPPET_ACTIONS
    ),
    **_snippet_chooser(
        "wagtailsnippetchoosers_cchc_search_searchsynonym", lambda w: [w.synonym.pk]
    ),
    # --- tenants, users, groups, sites, locales -----------------------------------------------
    **_viewset("communes_commune", lambda w: [w.b.pk], MODEL_ACTIONS),
    **_viewset(
        "communes_unit",
        lambda w: [w.unit_b.pk] + ([w.unit_a2.pk] if w.a2_foreign else []),
        MODEL_ACTIONS,
    ),
    **_viewset("communes_membership", lambda w: [w.membership_b.pk], MODEL_ACTIONS),
    **_viewset("communes_province", lambda w: [w.b.province_id], MODEL_ACTIONS),
    **_viewset("wagtailsites", lambda w: [w.site_b.pk], MODEL_ACTIONS),
    **_viewset("wagtailusers_users", _users, MODEL_ACTIONS),
    **_viewset(
        "wagtailusers_groups",
        lambda w: [g.pk for g in w.groups_b],
        tuple(a for a in MODEL_ACTIONS if a != "copy"),
    ),
    **_viewset(
        "wagtaillocales", lambda w: [w.locale.pk], tuple(a for a in MODEL_ACTIONS if a != "copy")
    ),
    # --- public site and APIs (asked on commune A's host) -------------------------------------
    "<healthz>": lambda w: [Fill(path="/healthz")],
    "<admin/>": lambda w: [Fill(path="/admin/")],
    "<sitemap.xml>": lambda w: [Fill(path="/sitemap.xml")],
    "<robots.txt>": lambda w: [Fill(path="/robots.txt")],
    "wagtaildocs_serve": lambda w: [Fill(args=(w.doc_b.pk, w.doc_b.filename))],
    "wagtaildocs_authenticate_with_password": each(
        "restriction_id", lambda w: [w.collection_restriction_b.pk]
    ),
    "reform_feed": plain,
    "search": lambda w: [Fill(query=q(q=SEARCH_WORD))],
    "search_api": lambda w: [Fill(query=q(q=SEARCH_WORD))],
    "analytics_section_stats": plain,
    "analytics_beacon": lambda w: [Fill(data={"page": w.b_draft.pk, "seconds": "30"})],
    "procedure_page": lambda w: [
        Fill(args=(f"cai-cach-hanh-chinh/thu-tuc-hanh-chinh/{w.procedure_b.code}/",))
    ],
    "wagtailcore_authenticate_with_password": lambda w: [
        Fill(
            kwargs={
                "page_view_restriction_id": w.page_restriction_b.pk,
                "page_id": w.b_draft.pk,
            },
            data={"password": "x"},
        )
    ],
    "wagtailcore_login": plain,
    "wagtail_serve": wagtail_serve_paths,
    # --- communication plans (cchc.plans) ------------------------------------------------------
    **plan_fillers(Fill, each, listing, plain, pages, q),
    # --- periodic reports of units (cchc.reports) ---------------------------------------------
    **report_fillers(Fill, q, GET),
    # --- PAR Index score and evidence packs (cchc.parindex) -----------------------------------
    **parindex_fillers(Fill, q, GET),
}

assert not set(SKIPPED) & set(FILLERS)
