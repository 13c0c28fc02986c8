"""Render a ``BulletinDocument`` as plain text or Markdown.

Plain text is one line per paragraph in the seeds' order (版头, title, 主送, body, 署名, 版记):
what an office pastes into a web page or an e-mail, and what ``docparse.parse_bulletin`` reads
back. Markdown adds heading marks and bold item titles; user text is backslash-escaped so a
unit name holding ``*`` or ``<script>`` stays text when the Markdown is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ducha.bulletins.document import BulletinDocument, Item, Paragraph, format_date
from ducha.bulletins.typography import typeset

__all__ = ["render_markdown", "render_text"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~!&])")
_MD_BULLET = re.compile(r"^(\s*)([-+=])(?=\s|$)")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def render_text(doc: BulletinDocument) -> str:
    """Plain text: blank lines only between 版头, title, body, signature and 版记."""
    doc = typeset(doc)
    blocks = [list(_head_lines(doc)), [doc.title], list(_body_lines(doc, markdown=False))]
    blocks.append(list(_signature_lines(doc)))
    blocks.append(list(_imprint_lines(doc)))
    return "\n\n".join("\n".join(lines) for lines in blocks if lines) + "\n"


def render_markdown(doc: BulletinDocument) -> str:
    """Markdown: ``#`` title, ``##`` for 一、, ``###`` for (一), bold item titles."""
    doc = typeset(doc)
    out = [f"# {md_escape(doc.title)}", ""]
    head = [md_escape(line) for line in _head_lines(doc)]
    if head:
        out += ["  \n".join(head), ""]
    out += [line for line in _body_lines(doc, markdown=True) for line in (line, "")]
    signature = [md_escape(line) for line in _signature_lines(doc)]
    if signature:
        out += ["  \n".join(signature), ""]
    imprint = [md_escape(line) for line in _imprint_lines(doc)]
    if imprint:
        out += ["---", "", "  \n".join(imprint), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax (and HTML's < > &) in one line of user text."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = _MD_BULLET.sub(r"\1\\\2", escaped)  # "- x" is a list item: "\- x"
    return _MD_ORDERED.sub(r"\1\\\2", escaped)  # "1. x" too: "1\. x"


def _head_lines(doc: BulletinDocument) -> Iterator[str]:
    if doc.layout != "periodical":
        yield from (line for line in (doc.issuer, doc.doc_number) if line)
        return
    yield doc.masthead.name if doc.masthead else "政务督查"
    if doc.masthead:
        yield doc.masthead.issue_label
    yield f"{doc.issuer}　{format_date(doc.date)}".strip("　")


def _body_lines(doc: BulletinDocument, *, markdown: bool) -> Iterator[str]:
    """主送, opening, sections and closing, one entry per paragraph."""
    esc = md_escape if markdown else _one_line
    if doc.addressees:
        yield esc(doc.addressees)
    yield from _lines(doc.opening, esc)
    for section in doc.sections:
        if section.heading:
            yield _mark(section.level, markdown) + esc(section.heading)
        for block in section.blocks:
            if isinstance(block, Item):
                yield _item_line(block, markdown)
                yield from _lines(block.paragraphs, esc)
            elif isinstance(block, Paragraph):
                yield from _lines([block], esc)
            else:
                yield _mark(block.level, markdown) + esc(block.text)
    yield from _lines(doc.closing, esc)


def _item_line(item: Item, markdown: bool) -> str:
    head = f"{item.number}." if item.number is not None else ""
    if not markdown:
        return _one_line(item.label)
    units = md_escape(item.units_note)
    return f"**{md_escape(head + item.title)}**{units}"


def _mark(level: int, markdown: bool) -> str:
    """Markdown heading marks: the title is #, so level 1 is ##, down to ##### for level 4."""
    return "#" * (min(max(level, 1), 4) + 1) + " " if markdown else ""


def _lines(paragraphs: list[Paragraph], esc: Callable[[str], str]) -> Iterator[str]:
    for paragraph in paragraphs:
        for line in paragraph.text.splitlines():
            if line.strip():
                yield esc(line.strip())


def _signature_lines(doc: BulletinDocument) -> Iterator[str]:
    if doc.signature:
        yield doc.signature
    if doc.signature or doc.layout != "periodical":
        yield format_date(doc.date)


def _imprint_lines(doc: BulletinDocument) -> Iterator[str]:
    if doc.cc:
        cc = _one_line(doc.cc)
        yield f"抄送：{cc}{'' if cc.endswith('。') else '。'}"
    if doc.printer:
        yield f"{_one_line(doc.printer)}　{format_date(doc.print_date or doc.date)}印发"


def _one_line(text: str) -> str:
    """A field printed on one line: inner line breaks become spaces."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
