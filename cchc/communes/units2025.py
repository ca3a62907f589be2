"""The 2025 list of administrative units (34 provinces, 3,321 communes, wards, special zones).

Source: the PyPI package vietnam-provinces 2025.10.1 (data of 2025-10-18), exported to CSV.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "admin_units_2025.csv"

KIND_BY_TYPE = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}


@dataclass(frozen=True)
class AdminUnit:
    province_code: int
    province_name: str
    code: int
    name: str  # without the "Xã"/"Phường"/"Đặc khu" prefix
    kind: str  # Commune.Kind value
    codename: str


@cache
def all_units() -> dict[int, AdminUnit]:
    units: dict[int, AdminUnit] = {}
    with CSV_PATH.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ward_type = row["ward_type"].strip().lower()
            prefix = ward_type.capitalize() + " "
            name = row["ward_name"]
            if name.startswith(prefix):
                name = name[len(prefix) :]
            units[int(row["ward_code"])] = AdminUnit(
                province_code=int(row["province_code"]),
                province_name=row["province_name"],
                code=int(row["ward_code"]),
                name=name,
                kind=KIND_BY_TYPE.get(ward_type, "xa"),
                codename=row["ward_codename"],
            )
    return units


def unit_by_code(code: int) -> AdminUnit | None:
    return all_units().get(code)
