"""Render a ``BulletinDocument`` as an HTML fragment for the browser preview.

Every text in a bulletin comes from a document or a user (unit names, progress reports), so
every text goes through ``html.escape`` here and nothing is marked safe upstream: the fragment
can be dropped into a template with ``|safe``. The class names mirror the .docx styles, so the
preview and the file say the same thing; ``PREVIEW_CSS`` gives them the GB/T 9704 look.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Paragraph,
    Section,
    format_date,
    run_in_heading,
)
from ducha.bulletins.typography import typeset

__all__ = ["PREVIEW_CSS", "render_html"]

PREVIEW_CSS = """
.bulletin { max-width: 44em; margin: 0 auto; padding: 2em 2.5em; background: #fff;
  color: #111; font: 16pt/1.8 "仿宋_GB2312", "仿宋", FangSong, "Noto Serif CJK SC", serif; }
.bulletin p { margin: 0; text-indent: 2em; text-align: justify; }
.bulletin .bulletin-head p, .bulletin .bulletin-addressees, .bulletin .bulletin-signature,
.bulletin .bulletin-date, .bulletin .bulletin-imprint p { text-indent: 0; }
.bulletin .bulletin-org, .bulletin .bulletin-masthead { color: #e00; text-align: center;
  font: bold 30pt/1.4 "方正小标宋简体", "Noto Serif CJK SC", serif; }
.bulletin .bulletin-masthead { font-size: 40pt; letter-spacing: .3em; }
.bulletin .bulletin-docnum, .bulletin .bulletin-issue { text-align: center; }
.bulletin .bulletin-rule { border-bottom: 2px solid #e00; padding-bottom: .3em;
  margin-bottom: 1.5em; }
.bulletin .bulletin-rule--double { border-bottom: 4px double #e00; margin-bottom: .2em; }
.bulletin--letter .bulletin-org { font-size: 24pt; }
.bulletin--letter .bulletin-docnum { text-align: right; margin-bottom: 1.5em; }
.bulletin .bulletin-issuer-line { display: flex; justify-content: space-between; }
.bulletin .bulletin-title { text-align: center; margin: 1em 0; text-indent: 0;
  font: bold 22pt/1.5 "方正小标宋简体", "Noto Serif CJK SC", serif; }
.bulletin h2, .bulletin h3, .bulletin h4, .bulletin h5 { font-size: 16pt; margin: 0;
  text-indent: 2em; font-weight: normal; }
.bulletin .bulletin-h1 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; }
.bulletin .bulletin-h2 { font-family: "楷体_GB2312", "楷体", KaiTi, "AR PL UKai CN", serif; }
.bulletin .bulletin-addressees { margin-top: 1em; }
.bulletin .bulletin-signature, .bulletin .bulletin-date { text-align: right;
  padding-right: 2em; }
.bulletin .bulletin-signature { margin-top: 1.5em; }
.bulletin .bulletin-imprint { margin-top: 2em; border-top: 1px solid #000;
  border-bottom: 1px solid #000; font-size: 14pt; }
.bulletin .bulletin-imprint p { padding: 0 1em; }
.bulletin .bulletin-imprint p + p { border-top: 1px solid #000; display: flex;
  justify-content: space-between; }
"""


def render_html(doc: BulletinDocument, *, heading_base: int = 1,
                standalone: bool = False) -> str:
    """The bulletin as an ``<article>``; the title is ``<h{heading_base}>`` and section
    levels follow below it. ``standalone`` wraps it in a page with ``PREVIEW_CSS``."""
    doc = typeset(doc)
    fragment = "\n".join(_article(doc, heading_base))
    if not standalone:
        return fragment
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(doc.title)}</title><style>{PREVIEW_CSS}</style></head>"
            f"<body>\n{fragment}\n</body></html>\n")


def _article(doc: BulletinDocument, base: int) -> Iterator[str]:
    yield f'<article class="bulletin bulletin--{escape(doc.layout)}" lang="zh-CN">'
    yield from _head(doc)
    yield _tag(f"h{base}", doc.title, "bulletin-title")
    if doc.addressees:
        yield _tag("p", doc.addressees, "bulletin-addressees")
    yield from _paragraphs(doc.opening)
    for section in doc.sections:
        yield from _section(section, base)
    yield from _paragraphs(doc.closing)
    yield from _foot(doc)
    yield "</article>"


def _head(doc: BulletinDocument) -> Iterator[str]:
    """红头 (issuer, 文号), 信函 head, or 简报版头 (刊名, 期号, issuer and date), with red rules."""
    yield '<header class="bulletin-head">'
    if doc.layout == "letter":
        yield _tag("p", doc.issuer, "bulletin-org bulletin-rule bulletin-rule--double")
        if doc.doc_number:
            yield _tag("p", doc.doc_number, "bulletin-docnum")
    elif doc.layout == "official":
        yield _tag("p", doc.issuer, "bulletin-org" + ("" if doc.doc_number else " bulletin-rule"))
        if doc.doc_number:
            yield _tag("p", doc.doc_number, "bulletin-docnum bulletin-rule")
    else:
        masthead = doc.masthead
        yield _tag("p", masthead.name if masthead else "政务督查", "bulletin-masthead")
        if masthead:
            yield _tag("p", masthead.issue_label, "bulletin-issue")
        yield (f'<p class="bulletin-issuer-line bulletin-rule"><span>{escape(doc.issuer)}</span>'
               f"<span>{escape(format_date(doc.date))}</span></p>")
    yield "</header>"


def _section(section: Section, base: int) -> Iterator[str]:
    yield "<section>"
    if section.heading:
        yield _heading(section.heading, section.level, base)
    for block in section.blocks:
        if isinstance(block, Item):
            yield _item(block)
            yield from _paragraphs(block.paragraphs)
        elif isinstance(block, Paragraph):
            yield from _paragraphs([block])
        else:
            yield _heading(block.text, block.level, base)
    yield "</section>"


def _heading(text: str, level: int, base: int) -> str:
    level = min(max(level, 1), 4)
    return _tag(f"h{min(base + level, 6)}", text, f"bulletin-h{level}")


def _item(item: Item) -> str:
    head = f"{item.number}." if item.number is not None else ""
    units = (f'<span class="bulletin-units">{escape(item.units_note)}</span>'
             if item.units_note else "")
    return f'<p class="bulletin-item"><strong>{escape(head + item.title)}</strong>{units}</p>'


def _paragraphs(paragraphs: list[Paragraph]) -> Iterator[str]:
    """One <p> per non-empty line; a run-in heading (一、…。) gets its level's face."""
    for paragraph in paragraphs:
        for line in paragraph.text.splitlines():
            line = line.strip()
            if not line:
                continue
            level, length = run_in_heading(line)
            if level in (1, 2):
                yield (f'<p><span class="bulletin-h{level}">{escape(line[:length])}</span>'
                       f"{escape(line[length:])}</p>")
            else:
                yield _tag("p", line)


def _foot(doc: BulletinDocument) -> Iterator[str]:
    """署名, 成文日期 and the 版记 (抄送, 印发)."""
    if doc.signature:
        yield _tag("p", doc.signature, "bulletin-signature")
    if doc.signature or doc.layout != "periodical":
        yield _tag("p", format_date(doc.date), "bulletin-date")
    if not (doc.cc or doc.printer):
        return
    yield '<footer class="bulletin-imprint">'
    if doc.cc:
        cc = doc.cc.strip()
        yield _tag("p", f"抄送：{cc}{'' if cc.endswith('。') else '。'}")
    if doc.printer:
        printed = format_date(doc.print_date or doc.date)
        yield (f"<p><span>{escape(doc.printer)}</span>"
               f"<span>{escape(printed)}印发</span></p>")
    yield "</footer>"


def _tag(name: str, text: str, css: str = "") -> str:
    """One element with escaped text; css is a fixed class list, never user text."""
    cls = f' class="{css}"' if css else ""
    return f"<{name}{cls}>{escape(text)}</{name}>"
