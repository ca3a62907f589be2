"""Ranking over the real 353 commune-level procedures, scored on the development set
(cchc/search/devset): the figures are pinned at the aims so a regression fails."""

from __future__ import annotations

import pytest

from cchc.demo.content import EXCLUDED_FIELDS, PROCEDURES_FILE
from cchc.procedures.services import procedures_import
from cchc.search.evaluation import load_devset, score_splits
from cchc.search.indexing import reindex_commune
from cchc.search.services import search
from cchc.search.words import qualifiers, question_frames, synonym_rows

pytestmark = pytest.mark.django_db

AIM_RECALL_AT_5 = 0.98
AIM_MRR = 0.92
# The held-out part is never tuned on; pinned at what it scored when the ranking was written
# (0.853 / 0.760), with a small margin, so it can only be noticed, not silently lost.
HELDOUT_FLOOR_RECALL = 0.82
HELDOUT_FLOOR_MRR = 0.72


@pytest.fixture
def real_commune(commune_a):
    result = procedures_import(
        commune=commune_a,
        data=PROCEDURES_FILE.read_bytes(),
        filename=PROCEDURES_FILE.name,
        exclude_fields=EXCLUDED_FIELDS,
    )
    assert result.created == 353
    # The import's signal indexes them too; rebuilding here makes a failure raise, not log.
    assert reindex_commune(commune_a) == 353
    return commune_a


def codes(commune, q: str) -> list[str]:
    return [h.code for h in search(commune, q, per_page=20, log=False).hits if h.code]


def test_ranking_over_the_real_procedures(real_commune):
    # One test: importing and indexing the 353 procedures is most of its time.
    devset = load_devset()
    assert len(devset) >= 150
    figures = score_splits(devset, lambda q: codes(real_commune, q))
    dev, heldout = figures["dev"], figures["heldout"]
    misses = "\n".join(f"{m.query!r}: rank {m.rank}, found {m.found}" for m in dev.misses)
    assert dev.recall >= AIM_RECALL_AT_5, misses
    assert dev.mrr >= AIM_MRR, misses
    assert heldout.queries >= 30
    assert heldout.recall >= HELDOUT_FLOOR_RECALL
    assert heldout.mrr >= HELDOUT_FLOOR_MRR

    # The example: the general birth registration came seventh, under foreign,
    # mobile and re-registration cases.
    assert codes(real_commune, "xin giay khai sinh cho be moi sinh")[0] == "1.001193"
    assert codes(real_commune, "dang ky khai sinh")[0] == "1.001193"
    # Naming the qualifier still finds the special case first.
    assert codes(real_commune, "dang ky khai sinh co yeu to nuoc ngoai")[0] == "2.000528"
    assert codes(real_commune, "dang ky khai sinh luu dong")[0] == "1.003583"
    assert codes(real_commune, "dang ky lai ket hon")[0] == "1.004746"

    # Acronyms find the procedures whose names hold them as their object.
    assert codes(real_commune, "xin gpxd")[0] == "1.013225"
    assert codes(real_commune, "giai the htx")[0] == "1.004982"
    assert "1.002759" in codes(real_commune, "lam lai so bhxh")[:3]

    # Question frames are optional.
    assert codes(real_commune, "dang ky ket hon can giay to gi")[0] == "1.000894"


def test_the_word_lists_are_well_formed():
    rows = synonym_rows()
    assert len(rows) >= 150
    assert all(term.strip() and expansions for _kind, term, expansions in rows)
    assert {q.name for q in qualifiers()} >= {"foreign", "mobile", "again", "lost", "combined"}
    assert all(q.in_name and q.named_by for q in qualifiers())
    assert ("can", "giay", "to", "gi") in question_frames()
