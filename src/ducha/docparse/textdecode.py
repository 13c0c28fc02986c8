"""Bytes to text for plain-text and HTML sources.

Chinese government text arrives as UTF-8 or as GB18030/GBK (older sites, Windows Notepad),
sometimes Big5 or UTF-16. We try the strict decoders we expect, in order, then let
charset-normalizer guess among the same families; a guess outside them (say cp1252 over
binary noise) is refused rather than turned into mojibake.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ducha.docparse.errors import DocumentInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TRIED = ("utf-8", "gb18030", "big5")
_ACCEPTED_GUESSES = frozenset({
    "utf_8", "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "utf_16", "utf_16_le",
    "utf_16_be", "utf_32", "ascii",
})
_CONTROL_LIMIT = 0.02  # share of control bytes above which the data is binary
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\x1b")


def looks_binary(data: bytes) -> bool:
    """Binary data has NUL bytes or many control bytes; text (even GBK) has almost none."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS)
    return controls > _CONTROL_LIMIT * max(len(sample), 1)


def decode_text(data: bytes, name: str) -> str:
    """Decode text bytes, or raise DocumentInputError naming the file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise DocumentInputError(
            name, "文件内容是二进制数据,不是文本。请上传 .txt、.docx、.pdf 或 .html 格式的公文。"
        )
    for encoding in _TRIED:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding in _ACCEPTED_GUESSES:
        return str(best)
    raise DocumentInputError(
        name, "无法识别文件的文字编码。请用记事本或 WPS 将文件另存为 UTF-8 编码后重新上传。"
    )
