"""Reads of the search index (synonyms, vocabulary, ranking, result rows) and of the search log."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q, QuerySet

from cchc.search.models import (
    SearchEntry,
    SearchQuery,
    SearchSynonym,
    SearchTerm,
    SearchVocabulary,
)
from cchc.search.query import ParsedQuery, SynonymMap, synonym_map_from_rows
from cchc.search.words import synonym_rows

# ---------------------------------------------------------------------------------------------
# Synonyms: read on every query, changed a few times a year. Each process keeps the built map
# and rebuilds it when the generation stamp in the shared cache changes (set on every save),
# so all web processes see a staff edit within one request, without a query per search.
# ---------------------------------------------------------------------------------------------
_GENERATION_KEY = "cchc:search:synonyms:generation"
_local: dict[str, object] = {"generation": None, "map": {}}


def synonyms_changed() -> None:
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)


def synonym_map() -> SynonymMap:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(_GENERATION_KEY, generation, None)
    if _local["generation"] != generation:
        # The built-in lists (cchc/search/data/words.toml) first, staff's additions on top.
        rows = [(kind, term, list(expansions)) for kind, term, expansions in synonym_rows()]
        rows += [
            (s.kind, s.term, s.expansion_list)
            for s in SearchSynonym.objects.only("kind", "term", "expansions")
        ]
        _local["map"] = synonym_map_from_rows(rows)
        _local["generation"] = generation
    return _local["map"]  # type: ignore[return-value]


def known_terms(commune_id: int, terms: set[str]) -> dict[str, int]:
    """The `terms` that occur in the commune's index, with how many entries hold each
    (one indexed lookup)."""
    return dict(
        SearchVocabulary.objects.filter(commune_id=commune_id, term__in=terms).values_list(
            "term", "entries"
        )
    )


# ---------------------------------------------------------------------------------------------
# Ranking, in two steps whose cost does not grow with the commune's content.
#
# 1. candidates(): one aggregate query over the postings of the query's words, reading at most
#    POSTINGS_CAP postings per word (best field first, newest first; a backward walk of the
#    (commune, term, weight, entry) index). Rare words are read completely. A word with more
#    entries than the cap ("đăng", "thủ tục" in a procedure catalogue) is read only in part,
#    so an entry missing from its list is given the benefit of the doubt.
# 2. postings_of(): the exact postings of those few candidates for all words, by (entry, term)
#    seeks, from which services.search() computes the true match and score.
# ---------------------------------------------------------------------------------------------

POSTINGS_CAP = 500


@dataclass
class Candidates:
    """Result of step 1. `slots[entry]`: for each slot of the query, True/False when the
    slot's words were read in full, None when they are common and must be checked."""

    ids: list[int] = field(default_factory=list)
    total: int = 0
    estimated: bool = False  # some word was too common to be read in full
    common_slots: set[int] = field(default_factory=set)
    slots: dict[int, list[bool | None]] = field(default_factory=dict)
    scores: dict[int, int] = field(default_factory=dict)  # weight of the rare words found


def candidates(
    commune_id: int, query: ParsedQuery, entries_per_term: dict[str, int], *, limit: int
) -> Candidates:
    """Up to `limit` entries likely to match, best first (one query)."""
    terms = sorted(t for t in set().union(*query.slots) if entries_per_term.get(t))
    if not terms:
        return Candidates()
    common = {
        i
        for i, slot in enumerate(query.slots)
        if any(entries_per_term.get(t, 0) > POSTINGS_CAP for t in slot)
    }
    rare_slots = [i for i in range(len(query.slots)) if i not in common]
    rare_terms = sorted(set().union(*(query.slots[i] for i in rare_slots)))
    table = SearchTerm._meta.db_table
    params: list[object] = []

    def placeholders(values: list[str]) -> str:
        params.extend(values)
        return ", ".join(["%s"] * len(values)) if values else "NULL"

    columns = [
        f"MAX(CASE WHEN term IN ({placeholders(sorted(query.slots[i]))}) THEN 1 ELSE 0 END) AS s{i}"
        for i in rare_slots
    ]
    columns.append(
        f"SUM(CASE WHEN term IN ({placeholders(rare_terms)}) THEN weight ELSE 0 END) AS rare"
    )
    columns.append("SUM(weight) AS score")
    union = " UNION ALL ".join(
        f"SELECT * FROM (SELECT entry_id, term, weight FROM {table} "  # noqa: S608
        f"WHERE commune_id = %s AND term = %s ORDER BY weight DESC, entry_id DESC "
        f"LIMIT {POSTINGS_CAP}) AS p{n}"
        for n in range(len(terms))
    )
    for term in terms:
        params.extend([commune_id, term])

    def slot_ok(i: int) -> str:
        return "1 = 1" if i in common else f"s{i} = 1"

    matched = " + ".join(
        "(CASE WHEN "
        + " OR ".join("(" + " AND ".join(slot_ok(i) for i in alt) + ")" for alt in concept)
        + " THEN 1 ELSE 0 END)"
        for concept in query.concepts
    )
    flags = "".join(f", s{i}" for i in rare_slots)
    params.extend([query.min_match, limit])
    sql = f"""
        SELECT entry_id, COUNT(*) OVER () AS total, rare{flags}
        FROM (
            SELECT entry_id, {matched} AS matched, score, rare{flags}
            FROM (
                SELECT entry_id, {", ".join(columns)}
                FROM ({union}) AS postings
                GROUP BY entry_id
            ) AS per_entry
        ) AS scored
        WHERE matched >= %s
        ORDER BY matched DESC, score DESC, entry_id DESC
        LIMIT %s
    """  # noqa: S608 — only placeholders and our own table/column names are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = Candidates(
        ids=[r[0] for r in rows],
        total=rows[0][1] if rows else 0,
        estimated=bool(common),
        common_slots=common,
    )
    for row in rows:
        found = dict(zip(rare_slots, row[3:], strict=True))
        result.slots[row[0]] = [
            bool(found[i]) if i in found else None for i in range(len(query.slots))
        ]
        result.scores[row[0]] = row[2] or 0
    return result


def postings_of(entry_ids: list[int], terms: set[str]) -> list[tuple[int, str, int]]:
    """(entry, term, weight) for these entries and terms only: one (entry, term) index seek
    per pair."""
    if not entry_ids or not terms:
        return []
    table = SearchTerm._meta.db_table
    # SQLite's planner, misled by average statistics, prefers the (commune, term, …) index and
    # then walks every posting of a common word; name the right index for it.
    hint = " INDEXED BY search_term_entry" if connection.vendor == "sqlite" else ""
    entries = ", ".join(["%s"] * len(entry_ids))
    words = ", ".join(["%s"] * len(terms))
    sql = (
        f"SELECT entry_id, term, weight FROM {table}{hint} "  # noqa: S608
        f"WHERE entry_id IN ({entries}) AND term IN ({words})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*entry_ids, *sorted(terms)])
        return cursor.fetchall()


def entry_heads(entry_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, kind, head) of candidates: the short text phrase ranking looks at."""
    return list(SearchEntry.objects.filter(id__in=entry_ids).values_list("id", "kind", "head"))


def entry_rows(entry_ids: list[int]) -> dict[int, dict]:
    """Everything a result line shows, with the live URL path of pages."""
    rows = SearchEntry.objects.filter(id__in=entry_ids).values(
        "id", "kind", "title", "code", "url", "body", "page__url_path"
    )
    return {row["id"]: row for row in rows}


# --- The search log, for the statistics (cchc.analytics reads it only through these) -----------


def logged_between(commune_ids: Iterable[int], start: datetime, end: datetime) -> QuerySet:
    """The logged searches of these communes made in [start, end)."""
    return SearchQuery.objects.filter(
        commune_id__in=list(commune_ids), created_at__gte=start, created_at__lt=end
    )


def logged_counts(spans: dict[int, tuple[datetime, datetime]]) -> dict[int, tuple[int, int]]:
    """(searches, searches that found nothing) per commune, each over its own [start, end)."""
    if not spans:
        return {}
    within = Q()
    for commune_id, (start, end) in spans.items():
        within |= Q(commune_id=commune_id, created_at__gte=start, created_at__lt=end)
    rows = (
        SearchQuery.objects.filter(within)
        .values("commune_id")
        .annotate(n=Count("id"), zero=Count("id", filter=Q(result_count=0)))
        .order_by()
        .values_list("commune_id", "n", "zero")
    )
    return {commune_id: (n, zero) for commune_id, n, zero in rows}


def first_logged_at(commune_id: int) -> datetime | None:
    """When the commune's oldest logged search was made, or None."""
    return SearchQuery.objects.filter(commune_id=commune_id).aggregate(at=Min("created_at"))["at"]
