"""Reads of the search index: synonyms, vocabulary, ranking, result rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from cchc.search.models import SearchEntry, SearchSynonym, SearchTerm, SearchVocabulary
from cchc.search.query import ParsedQuery, SynonymMap, synonym_map_from_rows

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
        rows = [
            (s.kind, s.term, s.expansion_list)
            for s in SearchSynonym.objects.only("kind", "term", "expansions")
        ]
        _local["map"] = synonym_map_from_rows(rows)
        _local["generation"] = generation
    return _local["map"]  # type: ignore[return-value]


def known_terms(commune_id: int, terms: set[str]) -> set[str]:
    """The subset of `terms` that occur in the commune's index (one indexed lookup)."""
    return set(
        SearchVocabulary.objects.filter(commune_id=commune_id, term__in=terms).values_list(
            "term", flat=True
        )
    )


# ---------------------------------------------------------------------------------------------
# Ranking. One aggregate query over the postings of the query's terms only, via the
# (commune, term, entry, weight) index: cost grows with how common the words are, not with the
# size of the commune's content.
# ---------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    entry_id: int
    matched: int  # concepts matched
    exact_score: int  # weight of words matched with the diacritics as typed
    score: int  # weight of all matched words (title 4, short fields 2, body 1)


def rank_candidates(
    commune_id: int, query: ParsedQuery, *, limit: int
) -> tuple[list[Candidate], int]:
    """Best `limit` entries for the query and the total number of matching entries."""
    if not query.concepts:
        return [], 0
    params: list[object] = []

    def placeholders(values: list[str]) -> str:
        params.extend(values)
        return ", ".join(["%s"] * len(values))

    # Per entry: did it contain slot i (any of its terms)?
    columns = [
        f"MAX(CASE WHEN term IN ({placeholders(sorted(terms))}) THEN 1 ELSE 0 END) AS s{i}"
        for i, terms in enumerate(query.slots)
    ]
    if query.exact_terms:
        exact = placeholders(sorted(query.exact_terms))
        columns.append(f"SUM(CASE WHEN term IN ({exact}) THEN weight ELSE 0 END) AS exact_score")
    else:
        columns.append("0 AS exact_score")
    columns.append("SUM(weight) AS score")
    params.append(commune_id)
    all_terms = placeholders(sorted(query.all_terms))
    # A concept is matched when all slots of one of its alternatives are.
    matched = " + ".join(
        "(CASE WHEN "
        + " OR ".join("(" + " AND ".join(f"s{i} = 1" for i in alt) + ")" for alt in concept)
        + " THEN 1 ELSE 0 END)"
        for concept in query.concepts
    )
    params.extend([query.min_match, limit])
    sql = f"""
        SELECT entry_id, matched, exact_score, score, COUNT(*) OVER () AS total
        FROM (
            SELECT entry_id, {matched} AS matched, exact_score, score
            FROM (
                SELECT entry_id, {", ".join(columns)}
                FROM {SearchTerm._meta.db_table}
                WHERE commune_id = %s AND term IN ({all_terms})
                GROUP BY entry_id
            ) AS per_entry
        ) AS scored
        WHERE matched >= %s
        ORDER BY matched DESC, exact_score DESC, score DESC, entry_id DESC
        LIMIT %s
    """  # noqa: S608 — only placeholders and our own column/table names are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    candidates = [Candidate(r[0], r[1], r[2], r[3]) for r in rows]
    return candidates, (rows[0][4] if rows else 0)


def entry_heads(entry_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, kind, head) of candidates: the short text phrase ranking looks at."""
    return list(SearchEntry.objects.filter(id__in=entry_ids).values_list("id", "kind", "head"))


def entry_rows(entry_ids: list[int]) -> dict[int, dict]:
    """Everything a result line shows, with the live URL path of pages."""
    rows = SearchEntry.objects.filter(id__in=entry_ids).values(
        "id", "kind", "title", "code", "url", "body", "page__url_path"
    )
    return {row["id"]: row for row in rows}
