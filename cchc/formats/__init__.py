"""Day-first date and date-time input, the Vietnamese way, in every form and filter.

Wagtail's pickers write what WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT say (dd/mm/yyyy and
dd/mm/yyyy HH:MM); the server must read the same. Django takes input formats from the active
language's format module first (`FORMAT_MODULE_PATH`, then django/conf/locale/<lang>/), then
from the settings: its English module reads mm/dd/yyyy and its defaults for date-times did too
("02/12/2026 03:19" became 12 February, a 13th day was refused). These lists are set for every
admin language (vi, en) and as the settings, so the picker and the server agree whatever the
language a staff member picked. ISO (yyyy-mm-dd) is kept as a fallback; never month first.

Kept free of Django imports: settings import this module.
"""

from __future__ import annotations

# Python's "%Y" takes exactly four digits; "%y" adds two-digit years ("13/12/26" is 2026).
DATE_INPUT_FORMATS = [
    "%d/%m/%y",
    "%d/%m/%Y",
    "%d-%m-%Y",  # the dates Django's Vietnamese locale prints (SHORT_DATE_FORMAT d-m-Y)
    "%d.%m.%Y",
    "%Y-%m-%d",
]

DATETIME_INPUT_FORMATS = [
    "%d/%m/%y %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
