"""Search quality and latency on the development set of citizens' queries (cchc/search/devset).

Run by `make bench` (bench/run.py) and on its own while working on ranking:

    uv run --frozen python bench/search_quality.py [--misses] [--no-latency]

Its own SQLite database (var/bench/search/db.sqlite3, rebuilt when the migrations or the data
version change), with two communes:

- "real": the 353 real commune-level procedures of the national portal, as a commune imports
  them (cchc/demo/data, customs and tax left out). Quality is scored here: recall@5 and MRR of
  the procedures found, for the tuning part of the set, the held-out part and the whole.
- "large": 20,000 items, 10,000 articles as bench/build_data.py writes them and 10,000
  procedures with the real procedures' full texts (each real record about 28 times, under
  other codes), so common words have the postings lists of a big catalogue. The p50/p95 of
  GET /api/search (Django's test client: the whole request path in-process, no HTTP socket)
  over every query of the set is measured here.

The last line printed is a JSON object with the figures (for bench/run.py).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = Path(os.environ.get("BENCH_VAR") or ROOT / "var" / "bench") / "search"
DB = VAR / "db.sqlite3"
STAMP = VAR / "stamp.json"
DATA_VERSION = 1
REAL_HOST, LARGE_HOST = "search-real.localhost", "search.localhost"
LARGE_ARTICLES = LARGE_PROCEDURES = 10_000
LATENCY_ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "2"))
AIM_RECALL, AIM_MRR, AIM_P95_MS = 0.98, 0.92, 30.0

os.environ.update(
    {
        "CCHC_DEMO": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": f"{REAL_HOST},{LARGE_HOST}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{DB}",
        "CCHC_BENCH_CACHE_DIR": str(VAR / "cache"),
        "CCHC_LOG_LEVEL": "ERROR",
        "CCHC_PLAIN_HTTP": "1",
    }
)
os.environ.pop("REDIS_URL", None)


def _wanted() -> dict:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "cchc").glob("*/migrations/0*.py")):
        digest.update(path.read_bytes())
    return {"version": DATA_VERSION, "schema": digest.hexdigest()[:16]}


def build() -> None:
    """A fresh database with both communes (about two minutes)."""
    import random

    from django.core.management import call_command
    from django.db import transaction

    from bench.build_data import _article_rows
    from cchc.communes.services import CommuneSpec
    from cchc.demo.content import EXCLUDED_FIELDS, PROCEDURES_FILE
    from cchc.portal.models import ArticleIndexPage
    from cchc.portal.provisioning import commune_create
    from cchc.procedures.models import Procedure
    from cchc.procedures.services import procedures_import
    from cchc.search.indexing import reindex_commune

    started = time.monotonic()
    call_command("migrate", "--no-input", verbosity=0)
    data = PROCEDURES_FILE.read_bytes()
    real = commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho"), hostname=REAL_HOST
    )
    result = procedures_import(
        commune=real, data=data, filename=PROCEDURES_FILE.name, exclude_fields=EXCLUDED_FIELDS
    )
    if result.created != 353:
        raise RuntimeError(f"expected the 353 commune procedures: {result.summary}")
    large = commune_create(
        spec=CommuneSpec(38, "Thanh Hóa", 15925, "Nguyệt Viên", "phuong", "nguyet-vien"),
        hostname=LARGE_HOST,
    )
    with transaction.atomic():
        index = ArticleIndexPage.objects.descendant_of(large.root_page).get(slug="tin-tuc")
        _article_rows(index, LARGE_ARTICLES, random.Random(20260401))
        copies = []
        originals = list(Procedure.objects.filter(commune=real).order_by("code"))
        for i in range(LARGE_PROCEDURES):
            p = copy.copy(originals[i % len(originals)])
            p.pk, p.id, p.commune, p.code = None, None, large, f"9.{i + 1:06d}"
            copies.append(p)
        Procedure.objects.bulk_create(copies, batch_size=500)
    reindex_commune(real)
    reindex_commune(large)
    print(f"  search bench data built in {time.monotonic() - started:.0f} s", flush=True)


def prepare() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    wanted = _wanted()
    stamp = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    if stamp.get("data") != wanted or os.environ.get("BENCH_REBUILD") == "1":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
        import django

        django.setup()
        build()
        STAMP.write_text(json.dumps({"data": wanted}))
    else:
        import django

        django.setup()


def quality(show_misses: bool) -> dict:
    from cchc.communes.models import Commune
    from cchc.search.evaluation import load_devset, score_splits
    from cchc.search.services import search

    commune = Commune.objects.select_related("root_page").get(slug="duc-tho")

    def codes(query: str) -> list[str]:
        outcome = search(commune, query, per_page=20, log=False)
        return [h.code for h in outcome.hits if h.code]

    figures = score_splits(load_devset(), codes)
    for name in ("dev", "heldout", "all"):
        f = figures[name]
        meets = f.recall >= AIM_RECALL and f.mrr >= AIM_MRR
        verdict = (
            f" — {'meets' if meets else 'misses'} the aims recall@5 ≥ {AIM_RECALL}, MRR ≥ {AIM_MRR}"
        )
        print("  " + f.line(f"search set, {name}") + verdict, flush=True)
    if show_misses:
        for miss in figures["dev"].misses:
            print(f"    dev miss: {miss.query!r}: rank {miss.rank}, found {miss.found}")
    return {
        name: {"queries": f.queries, "recall_at_5": round(f.recall, 4), "mrr": round(f.mrr, 4)}
        for name, f in figures.items()
    }


def latency() -> dict:
    from django.test import Client

    from cchc.search.evaluation import load_devset

    queries = [item.query for item in load_devset()]
    client = Client(HTTP_HOST=LARGE_HOST)
    client.get("/api/search", {"q": "khai sinh"})  # warm: synonyms, templates, connections
    timings: list[float] = []
    statuses: set[int] = set()
    for _ in range(LATENCY_ROUNDS):
        for query in queries:
            started = time.perf_counter()
            response = client.get("/api/search", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"  /api/search over 20,000 items, {len(timings)} requests ({len(queries)} queries of "
        f"the set): p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms "
        f"(HTTP {sorted(statuses)}) — {'meets' if p95 <= AIM_P95_MS else 'misses'} the aim "
        f"p95 ≤ {AIM_P95_MS:.0f} ms",
        flush=True,
    )
    return {"requests": len(timings), "p50_ms": round(p50, 2), "p95_ms": round(p95, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning set's misses")
    parser.add_argument("--no-latency", action="store_true", help="quality figures only")
    args = parser.parse_args()
    prepare()
    result: dict = {"quality": quality(args.misses)}
    if not args.no_latency:
        result["latency"] = latency()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
