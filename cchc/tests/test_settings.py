"""Production settings refuse to start without a real secret key and allowed hosts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CCHC_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import cchc.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _load_settings(DJANGO_ALLOWED_HOSTS="example.gov.vn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _load_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is required" in result.stderr


def test_production_starts_with_both_and_debug_off():
    result = subprocess.run(
        [sys.executable, "-c", "import cchc.settings as s; print(s.DEBUG, s.DEMO)"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CCHC_"))},
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "example.gov.vn",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


def test_a_malformed_boolean_is_refused_not_guessed():
    result = _load_settings(CCHC_DEMO="maybe")
    assert result.returncode != 0
    assert "CCHC_DEMO must be a boolean" in result.stderr
