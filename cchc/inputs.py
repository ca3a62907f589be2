"""Whole numbers from request input (query strings, form fields, headers): ASCII digits only.

`int()` and `str.isdigit()` accept much more than 0–9: "²".isdigit() is True yet int("²")
raises, int("٣") is 3 (an Arabic-Indic digit), int(" 7 ") is 7 and int("1_000") is 1000. An id
or a count taken from a request is read here instead: 1 to 10 ASCII digits, within a range, or
None. Pure Python (no Django), so any layer may use it.
"""

from __future__ import annotations

import re

__all__ = ["MAX_ID", "NOT_A_WHOLE_NUMBER", "whole_number"]

# Largest value of a PostgreSQL `integer` column (primary keys, counts).
MAX_ID = 2**31 - 1
_WHOLE = re.compile(r"[0-9]{1,10}")

NOT_A_WHOLE_NUMBER = "phải là số nguyên viết bằng các chữ số 0–9"


def whole_number(value: object, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """`value` as an int when it is a str of 1–10 ASCII digits in [low, high], else None."""
    if not isinstance(value, str) or _WHOLE.fullmatch(value) is None:
        return None
    number = int(value)
    return number if low <= number <= high else None
