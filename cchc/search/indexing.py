"""Keeping the index current: storing documents, and indexing pages, procedures, communes.

Receivers (cchc.search.signals) call these through `safely`: indexing must never make
publishing or an import fail.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from wagtail.models import Page

from cchc.communes.models import Commune
from cchc.communes.selectors import commune_for_page
from cchc.procedures.selectors import catalogue_paths
from cchc.search import documents
from cchc.search.documents import Document, document_terms, page_document
from cchc.search.models import SearchEntry, SearchTerm, SearchVocabulary

logger = logging.getLogger(__name__)


@transaction.atomic
def _store(
    documents: list[Document], *, page_ids: Iterable[int] = (), procedure_ids: Iterable[int] = ()
) -> None:
    """Replace the entries of these pages/procedures with `documents` (which may be fewer:
    an item that is no longer searchable just loses its entry)."""
    page_ids = set(page_ids) | {d.page_id for d in documents if d.page_id}
    procedure_ids = set(procedure_ids) | {d.procedure_id for d in documents if d.procedure_id}
    if page_ids:
        SearchEntry.objects.filter(page_id__in=page_ids).delete()
    if procedure_ids:
        SearchEntry.objects.filter(procedure_id__in=procedure_ids).delete()
    if not documents:
        return
    entries = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                commune_id=d.commune_id,
                kind=d.kind,
                page_id=d.page_id,
                procedure_id=d.procedure_id,
                title=d.title[:600],
                code=d.code[:40],
                url=d.url[:500],
                head=d.head,
                body=d.body,
            )
            for d in documents
        ]
    )
    postings: list[SearchTerm] = []
    vocabulary: Counter[tuple[int, str]] = Counter()
    for entry, document in zip(entries, documents, strict=True):
        for term, weight in document_terms(document.fields).items():
            postings.append(
                SearchTerm(commune_id=entry.commune_id, term=term, entry=entry, weight=weight)
            )
            if term.isascii():  # folded forms only: typos are corrected in folded space
                vocabulary[(entry.commune_id, term)] += 1
    SearchTerm.objects.bulk_create(postings, batch_size=2000)
    _vocabulary_add(vocabulary)


def _vocabulary_add(counts: Counter[tuple[int, str]]) -> None:
    """Add words to the vocabulary, raising their entry counts (one upsert per 500 words;
    plain SQL because the ORM cannot express "count = count + new")."""
    table = SearchVocabulary._meta.db_table
    items = list(counts.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [v for (commune_id, term), n in chunk for v in (commune_id, term, n)]
            cursor.execute(
                f"INSERT INTO {table} (commune_id, term, entries) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (commune_id, term) DO UPDATE SET entries = {table}.entries + "
                "excluded.entries",
                params,
            )


def index_page(page: Page) -> None:
    """Index a page if it is a live, public page of a searchable type in a commune's tree;
    otherwise make sure it is not in the index."""
    page = page.specific
    document = None
    if page.live and type(page) in documents.searchable_page_models():
        commune = commune_for_page(page)
        if commune is not None and not page.get_view_restrictions().exists():
            document = page_document(page, commune.id)
    _store([document] if document else [], page_ids=[page.id])


def unindex_page(page: Page) -> None:
    SearchEntry.objects.filter(page_id=page.id).delete()


def index_page_subtree(page: Page) -> None:
    """Re-check a page and its descendants (after a move or a change of view restriction)."""
    kinds = tuple(documents.searchable_page_models())
    for descendant in Page.objects.descendant_of(page, inclusive=True).type(*kinds).specific():
        index_page(descendant)


def _procedure_documents(procedures: list) -> list[Document]:
    paths = catalogue_paths({p.commune_id for p in procedures})
    return [documents.procedure_document(p, paths.get(p.commune_id, "")) for p in procedures]


def index_procedures(procedures: Iterable) -> None:
    """Index (or re-index) procedures in one transaction."""
    procedures = list(procedures)
    _store(_procedure_documents(procedures), procedure_ids=[p.id for p in procedures])


def index_procedure_ids(procedure_ids: Iterable[int]) -> None:
    from cchc.procedures.models import Procedure

    ids = list(procedure_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = list(Procedure.objects.filter(id__in=chunk))
        # Ids of deleted procedures are in `chunk` but not `found`: their entries go too.
        _store(_procedure_documents(found), procedure_ids=chunk)


def reindex_commune(commune: Commune, *, batch_size: int = 500) -> int:
    """Rebuild a commune's whole index; returns the number of entries."""
    from cchc.procedures.models import Procedure

    with transaction.atomic():
        SearchEntry.objects.filter(commune=commune).delete()
        SearchVocabulary.objects.filter(commune=commune).delete()
    count = 0
    batch: list[Document] = []

    def flush() -> None:
        nonlocal count, batch
        _store(batch)
        count += len(batch)
        batch = []

    if commune.root_page_id:
        root = commune.root_page
        for model in documents.searchable_page_models():
            for page in model.objects.live().public().descendant_of(root).iterator(chunk_size=200):
                document = page_document(page, commune.id)
                if document:
                    batch.append(document)
                if len(batch) >= batch_size:
                    flush()
    path = catalogue_paths([commune.id]).get(commune.id, "")
    for procedure in Procedure.objects.filter(commune=commune).iterator(chunk_size=500):
        batch.append(documents.procedure_document(procedure, path))
        if len(batch) >= batch_size:
            flush()
    flush()
    return count


def safely(action, *args) -> None:
    """Run an index update without ever breaking the save that triggered it.

    Search is secondary to publishing: a failure is logged and `search_reindex` repairs the
    index. The savepoint keeps a database error from spoiling the caller's transaction.
    """
    try:
        with transaction.atomic():
            action(*args)
    except Exception:
        logger.exception("Search index update failed: %s", getattr(action, "__name__", action))
