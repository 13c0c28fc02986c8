"""Load a document file into normalised text.

One entry point per source (a path on disk, or bytes from an upload) for the four formats
Ducha reads: .txt, .docx, .pdf and .html/.htm. The result is text whose lines are normalised
(normalize_line) with page furniture blanked out; blank lines are kept, so a line number in
the result is the line number in a .txt source. Any bad input (missing, empty, oversized,
binary, undecodable, encrypted, scanned, damaged, zip bomb) raises DocumentInputError with a
Chinese message naming the file and what to do; nothing else escapes.
"""

from __future__ import annotations

import re
from pathlib import Path

from ducha.docparse.errors import DocumentInputError
from ducha.docparse.furniture import is_furniture
from ducha.docparse.load_docx import docx_text
from ducha.docparse.load_html import declared_charset, html_text
from ducha.docparse.load_pdf import pdf_text
from ducha.docparse.normalize import normalize_line
from ducha.docparse.textdecode import decode_text

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: a long gazette as .docx is about 2 MB
SUPPORTED = (".txt", ".docx", ".pdf", ".html", ".htm")

_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def load_file(path: str | Path) -> str:
    """Read a file from disk; errors name the path."""
    source = Path(path)
    try:
        if not source.is_file():
            raise DocumentInputError(source, "找不到该文件(或它是一个目录)。请检查路径后重试。")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise DocumentInputError(source, _too_big(size))
        data = source.read_bytes()
    except OSError as exc:
        raise DocumentInputError(source, "无法读取该文件(没有权限或磁盘错误)。"
                                         "请检查文件权限后重试。") from exc
    try:
        return load_bytes(data, source.name)
    except DocumentInputError as exc:
        raise DocumentInputError(source, exc.problem) from exc


def load_bytes(data: bytes, name: str) -> str:
    """Read an uploaded file's bytes; ``name`` gives the format by its extension."""
    suffix = Path(name).suffix.lower() if name else ".txt"
    if len(data) > MAX_BYTES:
        raise DocumentInputError(name, _too_big(len(data)))
    if not data.strip():
        raise DocumentInputError(name, "文件是空的,没有任何内容。请确认上传了正确的文件。")
    if suffix in ("", ".txt", ".text"):
        raw = decode_text(data, name)
    elif suffix == ".docx":
        raw = docx_text(data, name)
    elif suffix == ".pdf":
        raw = pdf_text(data, name)
    elif suffix in (".html", ".htm"):
        raw = html_text(_decode_html(data, name))
    elif suffix in (".doc", ".wps"):
        raise DocumentInputError(name, "不支持旧版 Word(.doc/.wps)格式。请用 Word 或 WPS "
                                       "另存为 .docx 后重新上传。")
    else:
        raise DocumentInputError(name, f"不支持 {suffix} 格式。请上传 "
                                       f"{'、'.join(SUPPORTED)} 格式的公文。")
    text = clean_lines(raw)
    if not text.strip():
        raise DocumentInputError(name, "文件里没有可读取的文字。请确认文件内容后重新上传。")
    return text


def clean_lines(raw: str) -> str:
    """Normalise every line, blank out furniture, keep line positions."""
    lines = [normalize_line(line) for line in _NEWLINES.sub("\n", raw).split("\n")]
    kept = ["" if is_furniture(line) else line for line in lines]
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def _decode_html(data: bytes, name: str) -> str:
    """Decode a page by its declared charset when that works, else like plain text."""
    charset = declared_charset(data)
    if charset:
        try:
            return data.decode("gb18030" if charset in ("gb2312", "gbk") else charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _too_big(size: int) -> str:
    return (f"文件太大({size / 1024 / 1024:.1f} MB),超过 {MAX_BYTES // 1024 // 1024} MB 的上限。"
            "请拆分后分别上传。")
