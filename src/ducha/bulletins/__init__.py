"""Bulletins (督查通报): the finished document and its renderers.

``document`` holds the plain-data ``BulletinDocument``; ``render_docx`` (GB/T 9704-2012),
``render_html``, ``render_text`` and ``render_pdf`` turn it into files; ``notices`` builds the
single-page 督查通知单 and 催办单. Nothing here imports Django: the composer in the Django apps
fills a ``BulletinDocument`` and the renderers only read it.

The renderers are imported from their modules (``from ducha.bulletins.render_docx import
render_docx``) and not re-exported here: a function named like its module would shadow the
module as a package attribute, and ``monkeypatch`` or ``mock.patch`` by dotted path would then
find the function instead of the module.
"""

from __future__ import annotations

from ducha.bulletins.document import (
    Block,
    BulletinDataError,
    BulletinDocument,
    Item,
    Layout,
    Masthead,
    Paragraph,
    Section,
    SubHeading,
    cn_numeral,
    format_date,
    ordinal,
)
from ducha.bulletins.notices import REMINDER_GRADES, assignment_notice, reminder_notice
from ducha.bulletins.render_pdf import PdfConversionError, PdfUnavailable

__all__ = [
    "REMINDER_GRADES",
    "Block",
    "BulletinDataError",
    "BulletinDocument",
    "Item",
    "Layout",
    "Masthead",
    "Paragraph",
    "PdfConversionError",
    "PdfUnavailable",
    "Section",
    "SubHeading",
    "assignment_notice",
    "cn_numeral",
    "format_date",
    "ordinal",
    "reminder_notice",
]
