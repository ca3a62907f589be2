"""Business rules of search: what is indexed and how, running a search, logging it."""

from __future__ import annotations

import html
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString
from wagtail.models import Page

from cchc.communes.models import Commune
from cchc.search import selectors
from cchc.search.highlight import highlight, snippet, words_pattern
from cchc.search.models import (
    TERM_MAX_LENGTH,
    SearchEntry,
    SearchQuery,
    SearchTerm,
    SearchVocabulary,
)
from cchc.search.query import ParsedQuery, parse_query
from cchc.vietnamese import accent_insensitive_pattern, fold, tokenize

logger = logging.getLogger(__name__)

# Text beyond this is neither indexed nor stored: the first pages of a long document say what
# it is about, and the index of a commune stays a size SQLite handles easily.
MAX_BODY_CHARS = 20_000
WEIGHT_TITLE, WEIGHT_SHORT, WEIGHT_BODY = 4, 2, 1
PROCEDURE_URL = "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/{code}/"

Kind = SearchEntry.Kind

# =============================================================================================
# Indexing
# =============================================================================================


@dataclass
class Document:
    """What one SearchEntry is built from. `fields`: (text, weight) pairs to index."""

    commune_id: int
    kind: str
    title: str
    head: str
    body: str
    fields: list[tuple[str, int]]
    page_id: int | None = None
    procedure_id: int | None = None
    code: str = ""
    url: str = ""


def _searchable_page_kinds() -> dict[type, str]:
    from cchc.portal.models import ArticlePage, DirectiveDocumentPage, GuidePage

    return {ArticlePage: Kind.ARTICLE, GuidePage: Kind.GUIDE, DirectiveDocumentPage: Kind.DOCUMENT}


_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(value: str) -> str:
    # Tags become spaces, not nothing: "<p>a</p><p>b</p>" is two words, not "ab".
    return " ".join(html.unescape(_TAG_RE.sub(" ", value or "")).split())


def stream_text(stream) -> str:
    """Plain text of a body StreamField: headings, paragraphs, quotes (raw data, so no image or
    document is loaded from the database)."""
    parts: list[str] = []
    for block in getattr(stream, "raw_data", None) or []:
        value = block.get("value")
        if isinstance(value, str) and block.get("type") in {"heading", "paragraph", "quote"}:
            parts.append(html_to_text(value))
    return "\n".join(p for p in parts if p)


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def page_document(page: Page, commune_id: int) -> Document | None:
    """The document of a specific page of a searchable type, or None for other pages."""
    kind = _searchable_page_kinds().get(type(page))
    if kind is None:
        return None
    summary = getattr(page, "summary", "") or ""
    if kind == Kind.DOCUMENT:
        number, issuer = page.number or "", page.issuer or ""
        body = _join(summary, page.text)
        fields = [(page.title, WEIGHT_TITLE), (number, WEIGHT_TITLE), (issuer, WEIGHT_SHORT)]
        head = _join(page.title, number, summary[:500])
    else:
        body = _join(summary, stream_text(page.body))
        fields = [(page.title, WEIGHT_TITLE)]
        head = _join(page.title, summary[:500])
    body = body[:MAX_BODY_CHARS]
    fields += [(summary, WEIGHT_SHORT), (page.search_description, WEIGHT_SHORT), (body, 1)]
    return Document(
        commune_id=commune_id,
        kind=kind,
        title=page.title,
        head=head,
        body=body,
        fields=fields,
        page_id=page.id,
    )


def procedure_document(procedure) -> Document:
    labelled = [
        ("Lĩnh vực", procedure.field),
        ("Cơ quan thực hiện", procedure.implementing_agency),
        ("Đối tượng thực hiện", procedure.applicants),
        ("Thành phần hồ sơ", procedure.papers),
        ("Trình tự thực hiện", procedure.steps),
        ("Thời hạn giải quyết", procedure.time_limit),
        ("Phí, lệ phí", procedure.fee),
        ("Kết quả", procedure.result),
    ]
    body = _join(*(f"{label}: {value}" for label, value in labelled if value))[:MAX_BODY_CHARS]
    return Document(
        commune_id=procedure.commune_id,
        kind=Kind.PROCEDURE,
        title=procedure.name,
        head=_join(procedure.name, procedure.field, procedure.code),
        body=body,
        fields=[
            (procedure.name, WEIGHT_TITLE),
            (procedure.code, WEIGHT_TITLE),
            (procedure.field, WEIGHT_SHORT),
            (procedure.kind, WEIGHT_SHORT),
            (body, WEIGHT_BODY),
        ],
        procedure_id=procedure.id,
        code=procedure.code,
        url=PROCEDURE_URL.format(code=quote(procedure.code)),
    )


def document_terms(fields: Iterable[tuple[str, int]]) -> dict[str, int]:
    """term → best weight. Each word gives its folded form, and its exact form when that
    differs (has diacritics), so "đăng" is found by "dang" and by "đăng", the latter first."""
    terms: dict[str, int] = {}
    for text, weight in fields:
        for token in tokenize(text or ""):
            if len(token) > TERM_MAX_LENGTH:
                continue
            for term in {token, fold(token)}:
                if terms.get(term, 0) < weight:
                    terms[term] = weight
    return terms


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


def commune_for_page(page: Page) -> Commune | None:
    """The commune whose page tree holds `page` (its root is an ancestor or the page itself)."""
    steplen = Page.steplen
    prefixes = [page.path[:i] for i in range(steplen, len(page.path) + 1, steplen)]
    return Commune.objects.filter(root_page__path__in=prefixes).first()


def index_page(page: Page) -> None:
    """Index a page if it is a live, public page of a searchable type in a commune's tree;
    otherwise make sure it is not in the index."""
    page = page.specific
    document = None
    if page.live and type(page) in _searchable_page_kinds():
        commune = commune_for_page(page)
        if commune is not None and not page.get_view_restrictions().exists():
            document = page_document(page, commune.id)
    _store([document] if document else [], page_ids=[page.id])


def unindex_page(page: Page) -> None:
    SearchEntry.objects.filter(page_id=page.id).delete()


def index_page_subtree(page: Page) -> None:
    """Re-check a page and its descendants (after a move or a change of view restriction)."""
    kinds = tuple(_searchable_page_kinds())
    for descendant in Page.objects.descendant_of(page, inclusive=True).type(*kinds).specific():
        index_page(descendant)


def index_procedures(procedures: Iterable) -> None:
    """Index (or re-index) procedures in one transaction."""
    procedures = list(procedures)
    _store([procedure_document(p) for p in procedures], procedure_ids=[p.id for p in procedures])


def index_procedure_ids(procedure_ids: Iterable[int]) -> None:
    from cchc.procedures.models import Procedure

    ids = list(procedure_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = list(Procedure.objects.filter(id__in=chunk))
        # Ids of deleted procedures are in `chunk` but not `found`: their entries go too.
        _store([procedure_document(p) for p in found], procedure_ids=chunk)


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
        for model in _searchable_page_kinds():
            for page in model.objects.live().public().descendant_of(root).iterator(chunk_size=200):
                document = page_document(page, commune.id)
                if document:
                    batch.append(document)
                if len(batch) >= batch_size:
                    flush()
    for procedure in Procedure.objects.filter(commune=commune).iterator(chunk_size=500):
        batch.append(procedure_document(procedure))
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


# =============================================================================================
# Searching
# =============================================================================================

PER_PAGE = 20
KIND_PRIORITY = {Kind.PROCEDURE: 3, Kind.GUIDE: 2, Kind.DOCUMENT: 1, Kind.ARTICLE: 0}
# Entries ranked in the database and re-ranked here by phrase; also the most a user can page.
CANDIDATES = 100


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    code: str | None
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchOutcome:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    per_page: int = PER_PAGE
    total_is_estimate: bool = False

    @property
    def first_number(self) -> int:
        """Rank of the first hit shown, for <ol start>."""
        return (self.page - 1) * self.per_page + 1


def _phrase_regex(words: list[str], *, exact: bool) -> re.Pattern[str]:
    parts = [re.escape(w) if exact else accent_insensitive_pattern(w) for w in words]
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _page_url(root_url_path: str, url_path: str | None) -> str:
    # Page.url_path starts with the Site root's own path ("/duc-tho-home/cai-cach-…/").
    if url_path and url_path.startswith(root_url_path):
        return "/" + url_path[len(root_url_path) :]
    return url_path or "/"


def parse(commune: Commune, raw: str) -> tuple[ParsedQuery, dict[str, int]]:
    """The parsed query and, for the words looked up, how many entries hold each."""
    entries_per_term: dict[str, int] = {}
    looked_up: set[str] = set()

    def known(terms: set[str]) -> set[str]:
        entries_per_term.update(selectors.known_terms(commune.id, terms))
        looked_up.update(terms)
        return set(entries_per_term)

    query = parse_query(raw, synonyms=selectors.synonym_map(), known_terms=known)
    # parse_query looks up every word it puts in the query; this is only a safety net.
    missing = set().union(*query.slots) - looked_up if query.slots else set()
    if missing:
        entries_per_term.update(selectors.known_terms(commune.id, missing))
    return query, entries_per_term


@dataclass
class Candidate:
    entry_id: int
    matched: int  # concepts matched
    exact_score: int  # weight of words matched with the diacritics as typed
    score: int  # weight of all matched words (title 4, short fields 2, body 1)


def _score(query: ParsedQuery, found: selectors.Candidates) -> list[Candidate]:
    """True match counts and scores of candidates. Rare words were read in full in step 1;
    common words and exact spellings are checked here, for the candidates only."""
    check_slots = [i for i in range(len(query.slots)) if i in found.common_slots]
    check_terms = set().union(*(query.slots[i] for i in check_slots)) | query.exact_terms
    present: dict[int, dict[str, int]] = {i: {} for i in found.ids}
    for entry_id, term, weight in selectors.postings_of(found.ids, check_terms):
        present[entry_id][term] = weight
    scored = []
    for entry_id in found.ids:
        terms = present[entry_id]
        hit = list(found.slots[entry_id])
        for i in check_slots:
            hit[i] = any(t in terms for t in query.slots[i])
        matched = sum(
            any(all(hit[i] for i in alt) for alt in concept) for concept in query.concepts
        )
        if matched < query.min_match:
            continue
        common_score = sum(w for t, w in terms.items() if t not in query.exact_terms)
        scored.append(
            Candidate(
                entry_id,
                matched,
                exact_score=sum(w for t, w in terms.items() if t in query.exact_terms),
                score=found.scores[entry_id] + common_score,
            )
        )
    return scored


def search(
    commune: Commune,
    raw: str,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    log: bool = True,
    visitor: str = "",
) -> SearchOutcome:
    """Search the commune's index. Never raises on odd input; logs every non-blank query
    (`visitor`: the searcher's daily hash, see `visitor_of`)."""
    query, entries_per_term = parse(commune, raw)
    outcome = SearchOutcome(query=query, per_page=per_page)
    if query.is_blank:
        return outcome
    candidates: list[Candidate] = []
    if query.concepts:
        found = selectors.candidates(commune.id, query, entries_per_term, limit=CANDIDATES)
        candidates = _score(query, found) if found.ids else []
        total = found.total
        # Some candidates of a partly read common word may turn out not to match.
        if found.estimated and found.ids:
            total = round(total * len(candidates) / len(found.ids))
        outcome.total = total
        outcome.total_is_estimate = found.estimated and outcome.total > len(candidates)

    # Re-rank by phrase: the words typed, in order, in the title or summary. Cheap: only the
    # short `head` of at most CANDIDATES entries is read. Ties go to procedures (what most
    # citizens look for), then to the shorter, more precise title.
    rerank: dict[int, tuple[int, int]] = {}
    tiebreak: dict[int, tuple[int, int]] = {}
    if len(candidates) > 1:
        multiword = len(query.tokens) >= 2
        folded_re = _phrase_regex(query.folded_phrase, exact=False) if multiword else None
        exact_re = _phrase_regex(query.tokens, exact=True) if query.has_diacritics else None
        for entry_id, kind, head in selectors.entry_heads([c.entry_id for c in candidates]):
            rerank[entry_id] = (
                int(bool(multiword and exact_re and exact_re.search(head))),
                int(bool(folded_re and folded_re.search(head))),
            )
            tiebreak[entry_id] = (KIND_PRIORITY.get(kind, 0), -len(head))
    candidates.sort(
        key=lambda c: (
            c.matched,
            *rerank.get(c.entry_id, (0, 0)),
            c.exact_score,
            c.score,
            *tiebreak.get(c.entry_id, (0, 0)),
        ),
        reverse=True,
    )

    outcome.pages = math.ceil(len(candidates) / per_page)
    outcome.page = min(max(page, 1), max(outcome.pages, 1))
    shown = [c.entry_id for c in candidates][(outcome.page - 1) * per_page :][:per_page]
    rows = selectors.entry_rows(shown) if shown else {}
    pattern = words_pattern(query.highlight_phrases)
    root_url_path = commune.root_page.url_path if commune.root_page_id else "/"
    for entry_id in shown:
        row = rows.get(entry_id)
        if row is None:  # removed between the two queries
            continue
        is_page = row["kind"] != Kind.PROCEDURE
        outcome.hits.append(
            Hit(
                kind=row["kind"],
                kind_label=Kind(row["kind"]).label,
                title=row["title"],
                url=_page_url(root_url_path, row["page__url_path"]) if is_page else row["url"],
                code=None if is_page else row["code"],
                title_html=highlight(row["title"], pattern),
                snippet_html=snippet(row["body"], pattern),
            )
        )
    if log:
        log_query(commune, query.text, outcome.total, visitor=visitor)
    return outcome


# =============================================================================================
# Query log
# =============================================================================================

# Runs of 8+ digits are phone, ID-card (CCCD 12, CMND 9) or account numbers that citizens paste
# into any box; e-mail addresses likewise. Procedure codes (1.001193) have shorter runs.
_LONG_NUMBER_RE = re.compile(r"\d(?:[ .-]?\d){7,}")
_EMAIL_RE = re.compile(r"\S+@\S+")


def scrub(text: str) -> str:
    """The query without the personal data it may contain, folded, at most 200 characters."""
    text = _EMAIL_RE.sub("[email]", text)
    text = _LONG_NUMBER_RE.sub("#", text)
    return fold(text)[:200]


def log_query(commune: Commune, text: str, result_count: int, *, visitor: str = "") -> None:
    """Record a search for the statistics; a failure here must never fail the search."""
    try:
        with transaction.atomic():
            SearchQuery.objects.create(
                commune=commune,
                text=scrub(text),
                result_count=result_count,
                visitor=visitor[:16],
            )
    except Exception:
        logger.warning("Could not log a search query", exc_info=True)


# Who searched, as the daily-salted visitor hash of the statistics: the dashboard lists a
# query only when several different visitors typed it. The hash and its salt belong to
# cchc.analytics, which reads this log and so sits above search; it hands its function in at
# start-up (AnalyticsConfig.ready), so search never imports analytics.
VisitorSource = Callable[[HttpRequest], str]
_visitor_source: VisitorSource | None = None


def set_visitor_source(source: VisitorSource | None) -> None:
    global _visitor_source
    _visitor_source = source


def visitor_of(request: HttpRequest) -> str:
    """The request's daily visitor hash, or "" (no source set, or it failed: never fatal)."""
    if _visitor_source is None:
        return ""
    try:
        return _visitor_source(request)
    except Exception:
        logger.warning("Could not hash a searcher", exc_info=True)
        return ""
