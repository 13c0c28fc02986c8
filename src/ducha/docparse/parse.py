"""Text or file in, Documents out: the entry points of docparse.

``parse_text`` splits a text into documents, reads each one's tasks, and lets the optional
stages of other helpers (``docparse.bulletin`` for 督查通报, ``docparse.indicators`` for the
quantitative targets of a task) add what they find. ``documents_to_json`` gives the contract
of ``ducha parse --json``.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import compress
from pathlib import Path
from typing import Any

from ducha.docparse.dates import parse_date
from ducha.docparse.errors import DocumentInputError
from ducha.docparse.furniture import (
    FURNITURE_EXACT,
    FURNITURE_HINT,
    META_HINT,
    is_furniture,
    lone_meta_key,
    parse_meta_line,
)
from ducha.docparse.linescan import LineScan, line_indexes
from ducha.docparse.load import load_file
from ducha.docparse.minutes import minutes_meeting
from ducha.docparse.model import Document, Line
from ducha.docparse.normalize import normalize_line
from ducha.docparse.split import DOC_NUMBER, split_documents
from ducha.docparse.tasks import TaskHints, extract_tasks

try:  # written by another helper; docparse works without it
    from ducha.docparse.bulletin import parse_bulletin
except ImportError:  # pragma: no cover - depends on the checkout
    parse_bulletin = None  # type: ignore[assignment]
try:
    from ducha.docparse.indicators import parse_targets
except ImportError:  # pragma: no cover - depends on the checkout
    parse_targets = None  # type: ignore[assignment]

_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")
# What normalize_line would change; loaded text has none of it, so most lines skip the work.
# Two scans (a character class, a double blank): an alternation would be far slower.
_UNNORMALISED = re.compile("[\uff01-\uff5e\u3000\u00a0\ufeff\u200b\t\f\v]")
_DOUBLE_BLANK = re.compile("  ")
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bulletin", re.compile(r"通报$|督查通报|情况的通报|落实情况$")),
    ("work_report", re.compile(r"政府工作报告")),
    ("meeting_minutes", re.compile(r"纪要|常务会议|会议议定|会议精神")),
    ("policy", re.compile(r"(?:办法|规定|细则|方案|意见|政策|预案|措施|规划|计划|条例|制度|指引|"
                          r"要点|表|清单|台账|任务书|分解)(?:[((][^()()]*[))])?》?(?:的通知)?$")),
    ("instruction", re.compile(r"通知$|函$|决定$|批示|指示|交办|督办|要求$")),
)


# Line._make is a Python function; tuple.__new__ builds the same Line without a frame.
_new_line = partial(tuple.__new__, Line)
_NOT_BULLETINS = frozenset({"work_report", "policy", "instruction"})
_NARRATIVE_ENDS = ("总结", "讲话", "发言", "思路")


def guess_kind(title: str) -> str:
    """The kind of a document, guessed from its title's words."""
    for kind, pattern in _KINDS:
        if pattern.search(title):
            return kind
    return "other"


def text_lines(text: str) -> tuple[list[Line], dict[str, str]]:
    """Normalised non-empty lines with their 1-based numbers, and the page's metadata."""
    lines, _, meta = _read_lines(text)
    return lines, meta


def _read_lines(text: str) -> tuple[list[Line], list[str], dict[str, str]]:
    """text_lines, with the lines' texts as a list of their own (for the stages' pre-scans).

    Whole-text pre-scans pick the few lines that need normalising or may be furniture or
    metadata, so the common line costs a ``str.strip`` (mapped in C) and its ``Line`` is built
    in C too; a regex alternation scanned over the whole text would cost more than that.
    Dropped lines are blanked, so the numbers of the kept lines come from their positions.
    """
    whole = _NEWLINES.sub("\n", text) if any(ch in text for ch in "\r\u2028\u2029\x85") else text
    raw = whole.split("\n")
    texts = list(map(str.strip, raw))
    dirty = line_indexes(whole, _UNNORMALISED, _DOUBLE_BLANK)
    for index in dirty:  # a blank run at an end is stripped already: no work for that line
        if "  " in texts[index] or _UNNORMALISED.search(texts[index]):
            texts[index] = normalize_line(raw[index])
    if not FURNITURE_EXACT.isdisjoint(texts):
        texts = ["" if line in FURNITURE_EXACT else line for line in texts]
    # Normalising changes only the dirty lines, so hits in the raw text plus those are every
    # line that may be furniture or metadata once normalised.
    meta: dict[str, str] = {}
    hinted = [index for index in sorted(line_indexes(whole, FURNITURE_HINT, META_HINT) | dirty)
              if texts[index]]
    page = any(map(_is_page_chrome, (texts[index] for index in hinted)))
    for index in hinted:
        if texts[index] and not _read_furniture(texts[index], meta, page=page):
            if texts[index][-1] == ":" and (key := lone_meta_key(texts[index])) is not None:
                _read_meta_value(texts, index, key, meta)
            texts[index] = ""
    numbers = compress(range(1, len(texts) + 1), texts)  # a non-empty text is kept
    kept = list(filter(None, texts))
    return list(map(_new_line, zip(numbers, kept, strict=True))), kept, meta


def _read_meta_value(texts: list[str], index: int, key: str, meta: dict[str, str]) -> None:
    """A key printed alone ("文号:") takes the next non-empty line as its value (blanked)."""
    for after in range(index + 1, min(index + 3, len(texts))):
        if texts[after]:
            if ":" not in texts[after] and len(texts[after]) <= 60:
                meta.setdefault(key, texts[after])
                texts[after] = ""
            return


def _is_page_chrome(line: str) -> bool:
    """Furniture, or a metadata line other than "主办单位:…": the text is a saved web page."""
    if is_furniture(line):
        return True
    found = parse_meta_line(line)
    return found is not None and found.keys() != {"site"}


def _read_furniture(line: str, meta: dict[str, str], *, page: bool) -> bool:
    """False for furniture and metadata lines (metadata is read into ``meta``), else True.

    "主办单位:…" alone on a plain line is a site's footer only on a page (a text that shows
    page furniture or metadata anywhere); in a 交办 notice it names the lead unit.
    """
    if is_furniture(line):
        return False
    found = parse_meta_line(line)
    if found is not None and not page and found.keys() == {"site"} and line[0] not in "•·":
        return True
    for key, value in (found or {}).items():
        meta.setdefault(key, value)
    return found is None


def parse_text(text: str, *, name: str = "") -> list[Document]:
    """Documents of a text with their tasks (and bulletin and indicators, when available)."""
    with _collector_paused():
        return _parse_text(text, name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parse builds its objects.

    A parse allocates a few objects per line (lines, nodes, tasks, matches) and keeps most of
    them, none in a reference cycle, so the collections their allocations trigger find nothing
    to free; on a large gazette they cost a sixth of the parse. Reference counting still frees
    everything as usual; the collector is enabled again (if it was) when the parse ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_text(text: str, name: str) -> list[Document]:
    """parse_text with the collector paused."""
    lines, texts, meta = _read_lines(text)
    if not lines:
        raise DocumentInputError(name, "没有读到任何正文文字。请确认文件内容后重新上传。")
    scan = LineScan(texts)  # shared by the stages' pre-scans
    documents = split_documents(lines, scan=scan)
    if len(documents) == 1:
        _apply_meta(documents[0], meta)
    hints = TaskHints.of(lines, scan)
    for document in documents:
        document.kind = guess_kind(document.title)
        document.tasks = extract_tasks(document, hints=hints)
        if document.kind == "meeting_minutes":
            document.meeting = minutes_meeting(document)
        document.bulletin = _bulletin(document, text if len(documents) == 1 else None)
        if document.kind == "other" and document.bulletin and document.bulletin.get("sections"):
            document.kind = "bulletin"  # a bulletin whose title line was not kept (scraped)
    return documents


def parse_file(path: str | Path) -> list[Document]:
    """Load a file (.txt .docx .pdf .html) and parse it."""
    return parse_text(load_file(path), name=str(path))


def _apply_meta(document: Document, meta: dict[str, str]) -> None:
    """A single-document page: fill what the document itself does not print from its header."""
    if not document.title and meta.get("title"):
        document.title = meta["title"]
        document.body = [line for line in document.body if line.text != meta["title"]]
    if not document.doc_number and DOC_NUMBER.fullmatch(meta.get("doc_number", "")):
        document.doc_number = meta["doc_number"]
    if not document.issuer and meta.get("issuer"):
        document.issuer = meta["issuer"]
    if not document.date:
        document.date = parse_date(meta.get("date") or meta.get("published") or "")


def _bulletin(document: Document, text: str | None) -> dict[str, Any] | None:
    """The bulletin helper's reading of this document, when that helper is installed.

    Documents that assign work (policies, decompositions, notices) are not bulletins, even
    when their letter mentions 督查 and 通报; the others are offered to the helper, which
    answers None for a text that is not a bulletin.
    """
    if parse_bulletin is None or document.kind in _NOT_BULLETINS:
        return None
    if document.title.endswith(_NARRATIVE_ENDS):  # a summary or a speech tells, it does not sort
        return None
    if text is None:  # one of several documents: its own title and body
        text = f"{document.title}\n{document.body_text}"
    found = parse_bulletin(text)
    return found.to_dict() if found is not None else None


def documents_to_json(documents: list[Document]) -> dict[str, Any]:
    """The JSON contract of ``ducha parse --json``; tasks gain ``indicators`` when available."""
    targets: Callable[[str], list[Any]] | None = parse_targets
    result = []
    for document in documents:
        data = document.to_dict()
        if targets is not None:
            for task, task_data in zip(document.tasks, data["tasks"], strict=True):
                task_data["indicators"] = [target.to_dict() for target in targets(task.text)]
        result.append(data)
    return {"documents": result}
