"""Who bumps a commune's page-cache generation: pages, the shared data and Wagtail's sites.

Connected when the portal app is ready (PortalConfig.ready), so that management commands and
task workers, which never load the middleware, invalidate too. Procedures invalidate their own
changes (cchc.procedures.invalidation); a new app whose data its pages show does the same
through cchc.pages.cache.invalidate_communes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cchc.pages.cache import (
    bump_sites,
    communes_of_page,
    invalidate_all,
    invalidate_communes,
    invalidate_page,
)
from cchc.pages.public import forget_view_restrictions

# Page fields written when an editor only saves a draft, locks or comments: no live change.
_DRAFT_ONLY_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)


@receiver(page_published)
@receiver(page_unpublished)
def _on_publish_change(sender: Any, instance: Page, **kwargs: Any) -> None:
    invalidate_page(instance)


@receiver(post_page_move)
def _on_page_move(
    sender: Any, instance: Page, parent_page_before: Page, parent_page_after: Page, **kwargs: Any
) -> None:
    # A move may cross communes: both the old and the new tree change.
    invalidate_communes(communes_of_page(parent_page_before) + communes_of_page(instance))


@receiver(post_delete, sender=Page)
def _on_page_delete(sender: Any, instance: Page, **kwargs: Any) -> None:
    invalidate_page(instance)


@receiver(post_save)
def _on_page_save(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Live pages saved outside publish() (scripts, add_child of a live page, a bulk fix) change
    # what visitors see; draft saves, locks and comments do not.
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= _DRAFT_ONLY_FIELDS:
        return
    invalidate_page(instance)


def _connect_shared_signals() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cchc.communes.models import Commune, Unit
    from cchc.portal.models import Topic

    def on_commune(sender: Any, instance: Commune, **kwargs: Any) -> None:
        invalidate_communes([instance.id])  # name, address, phone are in every footer

    def on_unit(sender: Any, instance: Unit, **kwargs: Any) -> None:
        invalidate_communes([instance.commune_id])  # unit names appear on articles

    def on_shared(sender: Any, **kwargs: Any) -> None:
        # Topics are shared by all communes; images and documents are few and rarely change.
        invalidate_all()

    for signal in (post_save, post_delete):
        signal.connect(on_commune, sender=Commune, dispatch_uid="cchc_pc_commune", weak=False)
        signal.connect(on_unit, sender=Unit, dispatch_uid="cchc_pc_unit", weak=False)
        for model in (Topic, get_image_model(), get_document_model()):
            signal.connect(
                on_shared, sender=model, dispatch_uid=f"cchc_pc_{model._meta.label}", weak=False
            )


def _connect_wagtail_signals() -> None:
    from wagtail.models import PageViewRestriction, Site

    def on_site(sender: Any, **kwargs: Any) -> None:
        bump_sites()
        transaction.on_commit(bump_sites)
        invalidate_all()  # a host may now show another commune

    def on_restriction(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
        # A page just made private must stop being served from the cache at once.
        forget_view_restrictions()
        transaction.on_commit(forget_view_restrictions)
        page = Page.objects.filter(id=instance.page_id).first()
        if page is not None:
            invalidate_page(page)

    for signal in (post_save, post_delete):
        signal.connect(on_site, sender=Site, dispatch_uid="cchc_pc_site", weak=False)
        signal.connect(
            on_restriction,
            sender=PageViewRestriction,
            dispatch_uid="cchc_pc_restriction",
            weak=False,
        )


def connect_signals() -> None:
    """Called from PortalConfig.ready(). The receivers are closures: connected with weak=False
    or they would be garbage-collected as soon as this returns."""
    _connect_shared_signals()
    _connect_wagtail_signals()
