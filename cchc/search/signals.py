"""Keep the index current: receivers of page, procedure and synonym changes.

Every receiver goes through indexing.safely(): indexing must never make publishing or an
import fail. Deletions need no receiver: SearchEntry's foreign keys to Page and Procedure
cascade, so a deleted page or procedure takes its entry and postings with it.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cchc.procedures.models import Procedure
from cchc.procedures.signals import procedures_changed
from cchc.search import indexing, selectors
from cchc.search.models import SearchSynonym


@receiver(page_published)
def page_published_reindex(sender, instance, **kwargs) -> None:
    indexing.safely(indexing.index_page, instance)


@receiver(page_unpublished)
def page_unpublished_unindex(sender, instance, **kwargs) -> None:
    indexing.safely(indexing.unindex_page, instance)


@receiver(post_page_move)
def page_moved_reindex(sender, instance, **kwargs) -> None:
    # A move may take pages into or out of a commune's tree (URLs are read live anyway).
    indexing.safely(indexing.index_page_subtree, instance)


@receiver([post_save, post_delete], sender=PageViewRestriction)
def view_restriction_changed(sender, instance, **kwargs) -> None:
    # A password or login restriction hides the page and its descendants from the public.
    indexing.safely(indexing.index_page_subtree, instance.page)


@receiver(post_save, sender=Procedure)
def procedure_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # loaddata: fixtures are indexed by search_reindex
        indexing.safely(indexing.index_procedures, [instance])


@receiver(procedures_changed)
def procedures_bulk_changed(sender, commune=None, procedure_ids=None, **kwargs) -> None:
    if procedure_ids is None and commune is not None:  # "everything of this commune changed"
        procedure_ids = list(Procedure.objects.filter(commune=commune).values_list("id", flat=True))
    indexing.safely(indexing.index_procedure_ids, procedure_ids or [])


@receiver([post_save, post_delete], sender=SearchSynonym)
def synonyms_changed(sender, **kwargs) -> None:
    selectors.synonyms_changed()
