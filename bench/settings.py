"""The production settings, with the benchmark's own cache directory.

Only the cache location differs from cchc.settings: the benchmark clears its cache at every
start and must not share host look-ups or page generations with a demo running on var/cache.
"""

from __future__ import annotations

import os

from cchc.settings import *  # noqa: F403
from cchc.settings import BASE_DIR, CACHES

if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["LOCATION"] = os.environ.get(
        "CCHC_BENCH_CACHE_DIR", str(BASE_DIR / "var" / "bench" / "cache")
    )
