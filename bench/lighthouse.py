"""`make lighthouse` (and the end of `make bench`): Lighthouse scores of the public pages.

Lighthouse in mobile mode (its default: a mid-range phone, slow 4G, CPU slowed 4×), from the
npm package pinned in bench/lighthouse/ (`npm ci` by the Makefile), driving Debian's Chromium.
Never part of the test suite: a score depends on the machine's load.

1. A database of its own (var/lighthouse/db.sqlite3) with the demo communes (`demo_load`,
   idempotent: the first run builds it in about a minute, later runs reuse it).
2. The production configuration under gunicorn (2 sync workers, DEBUG off, hashed static files
   by WhiteNoise) on a free loopback port; pages asked at http://localhost:<port>/, the host
   name of the demo's xã Đức Thọ (a secure context for Chromium, as HTTPS would be).
3. Each page is fetched once before Lighthouse (a citizen meets the page cache warm), then
   measured LIGHTHOUSE_RUNS times (default 1); the median performance run is kept.
4. Prints performance / accessibility / best practices / SEO per page, with the audits that cost
   points, to stdout and bench/out/lighthouse.md; full JSON reports in var/lighthouse/reports/.

The search results page carries `noindex` on purpose (robots.txt disallows /tim-kiem/ too), so
its SEO score is shown but exempt from the aim of 100.
Knobs: LIGHTHOUSE_RUNS (1), LIGHTHOUSE_PAGES (labels, comma-separated: all), LIGHTHOUSE_VAR
(var/lighthouse), CHROME_PATH (/usr/bin/chromium).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("LIGHTHOUSE_VAR") or ROOT / "var" / "lighthouse")
OUT = ROOT / "bench" / "out"
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "1"))
ONLY = {name.strip() for name in os.environ.get("LIGHTHOUSE_PAGES", "").split(",") if name.strip()}
ATTEMPTS = 3
LOOPBACK = "127.0.0.1"
HOST = "localhost"  # one of the demo's host names for xã Đức Thọ (cchc/demo/content.py)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
NEWS_INDEX = "/cai-cach-hanh-chinh/tin-tuc/"
# (label, path or None for "found at run time", SEO exempt)
PAGES: list[tuple[str, str | None, bool]] = [
    ("home", "/", False),
    ("section", "/cai-cach-hanh-chinh/", False),
    ("article", None, False),
    ("procedure list", "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/", False),
    ("procedure", "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/1.001193/", False),
    ("search", "/tim-kiem/?q=dang+ky+khai+sinh", True),
]


@dataclass
class Score:
    page: str
    path: str
    scores: dict[str, int]
    lost: list[str]
    metrics: dict[str, float]
    seo_exempt: bool


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # The demo's data and host names, with the production code paths: DEBUG off.
            "CCHC_DEMO": "1",
            "DJANGO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"sqlite:///{VAR / 'db.sqlite3'}",
            "CCHC_STATIC_ROOT": str(VAR / "static"),
            "CCHC_MEDIA_ROOT": str(VAR / "media"),
            "CCHC_BENCH_CACHE_DIR": str(VAR / "cache"),
            "CCHC_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("REDIS_URL", None)
    return env


def _manage(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def prepare() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    for args in (("migrate", "--no-input"), ("collectstatic", "--no-input", "-v0"), ("demo_load",)):
        started = time.monotonic()
        _manage(*args)
        print(f"  {args[0]}: {time.monotonic() - started:.1f} s", flush=True)
    shutil.rmtree(VAR / "cache", ignore_errors=True)  # no page kept from an earlier run


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": f"{HOST}:{port}", "User-Agent": "lighthouse"})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(port: int) -> Iterator[None]:
    log = VAR / "gunicorn.log"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "cchc.wsgi:application",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        "2",
        "--preload",
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=_env(), stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its own group: master and workers stop together
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited early, see {log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if fetch(port, "/healthz")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer in time, see {log}")
            time.sleep(0.5)
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def _article_path(port: int) -> str:
    """The newest article of the news list (the demo's slugs may change)."""
    status, html = fetch(port, NEWS_INDEX)
    match = re.search(rf'href="({re.escape(NEWS_INDEX)}[a-z0-9-]+/)"', html)
    if status != 200 or match is None:
        raise RuntimeError(f"no article link on {NEWS_INDEX} (status {status})")
    return match.group(1)


def _lighthouse(url: str, out: Path) -> dict:
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME_PATH)
    # On a busy machine Lighthouse now and then loses its trace (NO_NAVSTART): try again.
    for attempt in range(1, ATTEMPTS + 1):
        result = subprocess.run(cmd, env=env, check=False, timeout=300)
        if result.returncode == 0:
            return json.loads(out.read_text())
        print(f"    Lighthouse failed (attempt {attempt}/{ATTEMPTS})", flush=True)
    raise RuntimeError(f"Lighthouse failed {ATTEMPTS} times on {url}")


def _lost(report: dict) -> list[str]:
    """Audits that cost points: scored below 1 in a category where they weigh."""
    weighted = {
        ref["id"]
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref.get("weight", 0) > 0
    }
    lost = []
    for audit_id in sorted(weighted):
        audit = report["audits"][audit_id]
        if audit.get("score") is not None and audit["score"] < 1:
            value = audit.get("displayValue") or ""
            lost.append(f"{audit_id} ({audit['score']:.2f}{', ' + value if value else ''})")
    return lost


def measure(port: int, label: str, path: str, exempt: bool) -> Score:
    status, _ = fetch(port, path)  # warms the page cache as a first visitor would
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    reports = []
    for run in range(RUNS):
        out = VAR / "reports" / f"{label.replace(' ', '-')}-{run + 1}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        reports.append(_lighthouse(f"http://{HOST}:{port}{path}", out))
    perf = [r["categories"]["performance"]["score"] for r in reports]
    report = reports[perf.index(statistics.median_low(perf))]
    audits = report["audits"]
    return Score(
        page=label,
        path=path,
        scores={c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES},
        lost=_lost(report),
        metrics={
            "FCP": audits["first-contentful-paint"]["numericValue"],
            "LCP": audits["largest-contentful-paint"]["numericValue"],
            "TBT": audits["total-blocking-time"]["numericValue"],
            "CLS": audits["cumulative-layout-shift"]["numericValue"],
        },
        seo_exempt=exempt,
    )


def render(scores: list[Score], version: str) -> str:
    lines = [
        f"# Lighthouse {version}, mobile (slow 4G, CPU 4×), {RUNS} run(s) per page",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · gunicorn 2 workers, DEBUG off, SQLite, demo data",
        "",
        "| page | perf | a11y | best pr. | SEO | FCP ms | LCP ms | TBT ms | CLS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        seo = f"{s.scores['seo']}{' (exempt: noindex)' if s.seo_exempt else ''}"
        m = s.metrics
        lines.append(
            f"| {s.page} `{s.path}` | {s.scores['performance']} | {s.scores['accessibility']} | "
            f"{s.scores['best-practices']} | {seo} | {m['FCP']:.0f} | {m['LCP']:.0f} | "
            f"{m['TBT']:.0f} | {m['CLS']:.3f} |"
        )
    lost = [f"- {s.page}: {', '.join(s.lost)}" for s in scores if s.lost]
    if lost:
        lines += ["", "Audits that cost points:", *lost]
    return "\n".join(lines) + "\n"


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: `make lighthouse` runs npm ci first", file=sys.stderr)
        return 2
    if not Path(CHROME_PATH).exists():
        print(f"no Chromium at {CHROME_PATH} (make debs)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print("Preparing the Lighthouse database (demo data)…", flush=True)
    prepare()
    port = _free_port()
    scores = []
    with gunicorn(port):
        for label, path, exempt in PAGES:
            if ONLY and label not in ONLY:
                continue
            path = path or _article_path(port)
            print(f"  Lighthouse: {label} {path}", flush=True)
            scores.append(measure(port, label, path, exempt))
    table = render(scores, version)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lighthouse.md").write_text(table)
    print()
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
