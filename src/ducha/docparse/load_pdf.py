"""Text layer of a .pdf, via pypdf.

Only PDFs with a text layer can be read; a scan (images only) needs OCR first, and an
encrypted PDF needs its password removed. Both are told to the user plainly instead of
yielding an empty ledger.
"""

from __future__ import annotations

import io
import re

from ducha.docparse.errors import DocumentInputError
from ducha.docparse.outline import match_number

MAX_PAGES = 2000

_ENCRYPTED = "PDF 文件已加密,无法读取文字。请取消密码保护(或另存为未加密的 PDF)后重新上传。"
_NO_TEXT = ("PDF 里没有可读取的文字(可能是扫描件或图片)。请先做文字识别(OCR),"
            "或上传 Word 原件。")
_DAMAGED = "无法解析该 PDF 文件,文件可能已损坏。请重新导出 PDF 或上传 Word 原件。"


def pdf_text(data: bytes, name: str) -> str:
    """Return the text of every page, pages separated by a line break."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise DocumentInputError(name, "这不是有效的 PDF 文件(缺少 %PDF 文件头)。"
                                       "请确认文件格式后重新上传。")
    try:
        from pypdf import PdfReader  # imported late: only .pdf needs it

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _unlocks_with_empty_password(reader):
            raise DocumentInputError(name, _ENCRYPTED)
        if len(reader.pages) > MAX_PAGES:
            raise DocumentInputError(name, f"PDF 超过 {MAX_PAGES} 页,请拆分后分别上传。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentInputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DocumentInputError(name, _DAMAGED) from exc
    text = _DIGIT_BLANK.sub("", "\n".join(unwrap(page) for page in pages))
    if not text.strip():
        raise DocumentInputError(name, _NO_TEXT)
    return text


def _unlocks_with_empty_password(reader: object) -> bool:
    """PDFs locked only against editing open with an empty user password; others do not."""
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # missing crypto backend, unsupported algorithm
        return False


# Text layers often hold a blank after a figure ("2024 年", "60 个", "5 号") that the page
# does not show; the grammar (dates, 文号, targets) reads the figure and its unit as one.
_DIGIT_BLANK = re.compile(r"(?<=\d) (?=[\u4e00-\u9fff])")
_LINE_END = tuple("。;:!?)”》")
_FULL_LINE = 0.85  # a line this close to the page's longest line was wrapped by the layout


def unwrap(page: str) -> str:
    """Join lines the PDF layout broke: a full-width line not ending a sentence continues.

    A PDF stores lines, not paragraphs; without this, "1.加强治理……" broken at the margin
    would look like a heading over a paragraph.
    """
    lines = [line.strip() for line in page.split("\n")]
    widest = max((len(line) for line in lines), default=0)
    joined: list[str] = []
    carry = False
    for line in lines:
        if carry and joined and line and match_number(line) is None:
            joined[-1] += line
        else:
            joined.append(line)
        current = joined[-1]
        carry = len(line) >= _FULL_LINE * widest > 10 and not current.endswith(_LINE_END)
    return "\n".join(joined)
