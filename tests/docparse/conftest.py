"""Fixtures of the docparse tests: builders of real .docx and .pdf files, fuzz seeds."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest


def build_docx(paragraphs: list[str], table: list[list[str]] | None = None,
               after: list[str] | None = None) -> bytes:
    """A .docx with paragraphs, an optional table, then more paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    for text in after or []:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (CJK included).

    The font is a Type0/Identity-H font whose character codes are the UTF-16 code units and
    whose ToUnicode map is the identity, so a text extractor reads the characters back; no
    glyphs are embedded (nothing needs to be drawn for a text layer).
    """
    content = b"BT /F1 12 Tf 14 TL 50 780 Td\n" + b"".join(
        b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*\n" for line in lines
    ) + b"ET"
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Identity-UTF16 def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(cmap),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data)
    return (f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode() + packed
            + b"\nendstream")


@pytest.fixture(scope="session")
def make_docx() -> Callable[..., bytes]:
    return build_docx


@pytest.fixture(scope="session")
def make_pdf() -> Callable[[list[str]], bytes]:
    return build_pdf


@pytest.fixture(scope="session")
def fuzz_seeds() -> list[bytes]:
    """The golden cases as .txt (UTF-8 and GB18030), .docx, .pdf and .html bytes."""
    cases = Path(__file__).parent / "cases"
    texts = [path.read_text(encoding="utf-8") for path in sorted(cases.glob("*.txt"))]
    table = [["序号", "任务", "牵头单位"], ["1", "甲", "乙局"]]
    return [
        *(text.encode() for text in texts),
        texts[0].encode("gb18030"),
        build_docx(texts[1].split("\n")[:20], table=table),
        build_pdf(texts[2].split("\n")[:20]),
        ("<html><body><p>" + "</p><p>".join(texts[3].split()) + "</p></body></html>").encode(),
    ]
