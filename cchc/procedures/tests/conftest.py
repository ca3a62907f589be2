"""Fixtures for procedure tests: small hand-made files and the real national data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# The real national data ships with the demo (cchc/demo/data), so these tests always run.
DATA_DIR = Path(__file__).resolve().parents[2] / "demo" / "data"
REAL_JSON = DATA_DIR / "procedures_commune_level.json"
REAL_JSONL_GZ = DATA_DIR / "procedures_commune_level_full.jsonl.gz"


def record(code: str, name: str, field: str = "Hộ tịch", **extra) -> dict:
    """One record in the national export's shape (Vietnamese keys)."""
    return {
        "ma_thu_tuc": code,
        "ten_thu_tuc": name,
        "linh_vuc": field,
        "cap_thuc_hien": "Cấp xã",
        "so_quyet_dinh": "1872/QĐ-BTP",
        "hinh_thuc_nop": ["Trực tiếp", "Trực tuyến"],
        "thoi_han_giai_quyet": "Không có thông tin",
        "phi_le_phi": "Miễn phí",
        "detail_url": f"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{code}",
        **extra,
    }


def as_json(records: list) -> bytes:
    return json.dumps(records, ensure_ascii=False).encode()


@pytest.fixture
def three_records() -> list[dict]:
    return [
        record("1.001193", "Thủ tục đăng ký  khai sinh\n"),
        record("1.000894", "Thủ tục đăng ký kết hôn"),
        record("2.000794", "Chứng thực bản sao từ bản chính", field="Chứng thực"),
    ]


@pytest.fixture
def real_json_bytes() -> bytes:
    return REAL_JSON.read_bytes()


@pytest.fixture
def real_jsonl_gz_bytes() -> bytes:
    return REAL_JSONL_GZ.read_bytes()
