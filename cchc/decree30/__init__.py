"""One renderer for every official document the platform writes, per Decree 30/2020/NĐ-CP.

    from cchc.decree30 import OfficialDocument, Signer, Paragraph, Heading, Table, render_docx

Pure Python on python-docx: no Django import, usable from views, tasks and commands alike.
"""

from __future__ import annotations

from cchc.decree30.layout import format_place_date
from cchc.decree30.model import Annex, Heading, OfficialDocument, Paragraph, Signer, Table
from cchc.decree30.render import render_docx

__all__ = [
    "Annex",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Signer",
    "Table",
    "format_place_date",
    "render_docx",
]
