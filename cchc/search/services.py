"""Running a search: parse the query, find and score candidates, re-rank, page, highlight.

Indexing is in cchc.search.indexing (documents: cchc.search.documents); the query log in
cchc.search.querylog.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from cchc.communes.models import Commune
from cchc.search import ranking, selectors
from cchc.search.highlight import highlight, snippet, words_pattern
from cchc.search.models import SearchEntry
from cchc.search.query import ParsedQuery, parse_query
from cchc.search.querylog import log_query

Kind = SearchEntry.Kind

PER_PAGE = 20
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

    # Re-rank the few candidates by title, qualifiers and phrase (cchc/search/ranking.py).
    # Cheap: only the short `head` of at most CANDIDATES entries is read.
    if len(candidates) > 1:
        heads = selectors.entry_heads([c.entry_id for c in candidates])
        candidates = ranking.rerank(query, candidates, heads)

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


#
