"""Input formats for this language: day first, as Wagtail's pickers write (see cchc.formats).

Display formats are not set here, so Django's own locale module still provides them.
"""

from cchc.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
