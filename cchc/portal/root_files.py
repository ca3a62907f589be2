"""Files every site answers at its root (/favicon.ico, /apple-touch-icon.png), served by WhiteNoise.

WhiteNoise answers them before the commune, the page cache or a view is looked up (settings:
WHITENOISE_ROOT), the cheapest way there is. Their URLs carry no content hash, so they cannot be
"immutable" like the hashed static files; a week keeps repeat visits and crawlers off the server
while a new icon still shows within days (decision 0018).
"""

from __future__ import annotations

from pathlib import Path
from wsgiref.headers import Headers

ROOT_DIR = Path(__file__).resolve().parent / "root"
MAX_AGE = 7 * 24 * 3600


def add_headers(headers: Headers, path: str, url: str) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: a week's cache for the root files, nothing else changed."""
    if Path(path).resolve().parent == ROOT_DIR:
        headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
