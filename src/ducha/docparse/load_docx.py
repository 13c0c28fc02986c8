"""Text of a .docx: paragraphs and table cells in document order.

A .docx is a zip archive, so it is checked as one before python-docx opens it: not a zip, too
many members or too much uncompressed data (a zip bomb) are refused up front. Task tables
(序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限) are rewritten as one annotated line per row,
"1.任务(牵头单位:…;责任单位:…;完成时限:…)", so the same grammar reads tables and prose.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from ducha.docparse.errors import DocumentInputError
from ducha.docparse.tables import table_lines

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a real .docx of 20 MB never inflates past this
MAX_MEMBERS = 5000
MAX_RATIO = 200  # compression ratio of one member beyond which it is a bomb

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def check_zip(data: bytes, name: str) -> None:
    """Refuse data that is not a zip archive or would inflate beyond the limits."""
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise DocumentInputError(name, "这不是有效的 .docx 文件(不是 zip 格式),可能已损坏或"
                                       "只是改了扩展名。请用 Word 或 WPS 另存为 .docx 后重新上传。")
    try:
        with zipfile.ZipFile(buffer) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentInputError(name, "无法读取 .docx 压缩包,文件可能已损坏。"
                                       "请用 Word 或 WPS 重新另存后上传。") from exc
    total = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or (
        ratio > MAX_RATIO and total > 10 * 1024 * 1024
    ):
        raise DocumentInputError(name, "该 .docx 解压后体积异常(疑似压缩炸弹),已拒绝读取。"
                                       "请检查文件来源,或将正文另存为新文档后上传。")
    if "word/document.xml" not in {m.filename for m in members}:
        raise DocumentInputError(name, "该压缩包里没有 Word 正文(word/document.xml),不是 .docx "
                                       "文件。请用 Word 或 WPS 另存为 .docx 后重新上传。")


def docx_text(data: bytes, name: str) -> str:
    """Return the document's lines; any failure of the reader becomes DocumentInputError."""
    check_zip(data, name)
    try:
        import docx  # python-docx, imported late: only .docx needs it

        document = docx.Document(io.BytesIO(data))
        lines = list(_block_lines(document.element.body))
    except Exception as exc:  # python-docx/lxml raise many kinds on damaged files
        raise DocumentInputError(name, "无法解析 .docx 内容,文件可能已损坏。"
                                       "请用 Word 或 WPS 重新另存后上传。") from exc
    return "\n".join(lines)


def _block_lines(parent: object) -> Iterator[str]:
    """Walk paragraphs and tables of a body or cell in document order."""
    for child in parent.iterchildren():  # type: ignore[attr-defined]
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from table_lines(_table_rows(child))


def _paragraph_text(element: object) -> str:
    """Concatenate the text runs of one w:p (tabs and breaks become blanks)."""
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):  # type: ignore[attr-defined]
        parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
    return "".join(parts)


def _table_rows(table: object) -> list[list[str]]:
    """Cells of each row as text (a merged cell repeated across a row is kept once).

    A cell merged down a column (w:vMerge) holds its text in its first row only; the rows
    below get that text too, since each row of a task table names its own units.
    """
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell that starts a merge there
    for row in table.iterchildren(f"{_W}tr"):  # type: ignore[attr-defined]
        cells: list[str] = []
        column = 0
        for cell in row.iterchildren(f"{_W}tc"):
            text = "\n".join(line for line in _block_lines(cell) if line.strip())
            props = cell.find(f"{_W}tcPr")
            merge = props.find(f"{_W}vMerge") if props is not None else None
            span = props.find(f"{_W}gridSpan") if props is not None else None
            if merge is not None and merge.get(f"{_W}val") in (None, "continue"):
                text = above.get(column, text)
            else:
                above[column] = text
            cells.append(text)
            column += int(span.get(f"{_W}val", "1")) if span is not None else 1
        rows.append(cells)
    return rows
