"""Tasks: the numbered items of a document that carry a 牵头单位/责任单位 annotation.

An item is either complete on its numbered line ("3.加强垃圾治理。…(牵头单位:…)") or a
heading whose paragraph below carries the annotation ("一、支持技改试点示范" then "对获得…
(牵头单位:…)"). Chapter and section are the 一、- and (一)-level headings above the item's
text, as printed; a heading-item is its own chapter or section, an item complete on its line
is not. A "以下…不再列出" note gives its units to every later task of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter, itemgetter

from ducha.docparse.annotations import (
    ANNOTATION_HINT,
    ANNOTATION_OPENER,
    Annotation,
    annotation_spans,
    find_note,
    open_annotation,
    parse_annotation,
)
from ducha.docparse.linescan import LineScan
from ducha.docparse.model import Document, Line, TaskItem
from ducha.docparse.outline import Node, build_outline, match_number

_FIRST_SENTENCE = re.compile(r"[^。;!?]{1,60}")
_WRAP_LIMIT = 8  # lines an unclosed annotation bracket may run over
_TEXT = attrgetter("text")
_NO = itemgetter(0)  # Line.no


@dataclass(frozen=True)
class TaskHints:
    """Numbers of the lines that may open an annotation bracket, or hold an annotation at all.

    Every keyed bracket opens on a key and every annotation holds a hint word (单位, 牵头…),
    so lines outside these sets need no annotation grammar. A parse computes them once for the
    whole text; line numbers are unique there, and a clash would only cost a needless check.
    A hint word holds no numeral or bracket, so a numbered line's label has one exactly when
    its line has; a wrapped annotation joined to its first line keeps that line's number.
    """

    opened: set[int]
    hinted: set[int]

    @classmethod
    def of(cls, lines: list[Line], scan: LineScan | None = None) -> TaskHints:
        """Hints for ``lines``; ``scan`` must be a LineScan of their texts when given."""
        scan = scan or LineScan(list(map(_TEXT, lines)))
        return cls(set(map(_NO, map(lines.__getitem__, scan.hits(ANNOTATION_OPENER)))),
                   set(map(_NO, map(lines.__getitem__, scan.hits(ANNOTATION_HINT)))))


def extract_tasks(document: Document, *, hints: TaskHints | None = None) -> list[TaskItem]:
    """The document's tasks in order, with outline, units, deadline and scope."""
    tasks: list[TaskItem] = []
    implicit: list[str] = []
    hints = hints or TaskHints.of(document.body)
    for node in build_outline(join_wrapped(document.body, hints.opened)):
        for task, annotation in _node_tasks(node, hints.hinted):
            task.implicit_responsible_units = list(implicit)
            tasks.append(task)
            if annotation.note_units:
                implicit = annotation.note_units
        for paragraph in node.paragraphs:
            note = find_note(paragraph.text) if "以下" in paragraph.text else None
            if note and parse_annotation(paragraph.text) is None:
                implicit = note
    return tasks


def join_wrapped(lines: list[Line], opened: set[int] | None = None) -> list[Line]:
    """Join a line that opens an annotation bracket with the lines that close it.

    Only a line with a keyed opening bracket can leave one open (``opened``: their numbers,
    found by a pre-scan when not given); the lines between are copied as they are.
    """
    if opened is None:
        opened = TaskHints.of(lines).opened
    joined: list[Line] = []
    index = 0
    for start in list(compress(count(), map(opened.__contains__, map(_NO, lines)))):
        if start < index or not open_annotation(lines[start].text):
            continue
        joined += lines[index:start]
        text, index = lines[start].text, start + 1
        while (open_annotation(text) and index < len(lines) and index - start <= _WRAP_LIMIT
               and match_number(lines[index].text) is None):
            text, index = text + lines[index].text, index + 1
        joined.append(Line(lines[start].no, text))
    joined += lines[index:]
    return joined


def _node_tasks(node: Node, hinted: set[int]) -> list[tuple[TaskItem, Annotation]]:
    """Tasks of one node: its own line, then annotated paragraphs below it."""
    found: list[tuple[TaskItem, Annotation]] = []
    if node.line.no not in hinted and not any(map(hinted.__contains__, map(_NO, node.paragraphs))):
        return found  # no line of the node can hold an annotation
    own = parse_annotation(node.label) if node.rank and node.line.no in hinted else None
    if own is not None and own.assigns_units:
        found.append((_task(node, node.label, node.line.no, own, own_heading=False), own))
    pending: list[Line] = []
    if node.rank and (own is None or not own.assigns_units) and not node.heading:
        pending.append(Line(node.line.no, node.label))
    for paragraph in node.paragraphs:
        annotation = parse_annotation(paragraph.text) if paragraph.no in hinted else None
        if (annotation is not None and not pending and node.rank and not found
                and _only_annotation(paragraph.text)):
            pending.append(Line(node.line.no, node.label))  # "1.加强治理。" over "(牵头单位:…)"
        pending.append(paragraph)
        if annotation is None or not annotation.assigns_units:
            continue
        text = "\n".join(map(_TEXT, pending))
        task = _task(node, text, pending[0].no, annotation, own_heading=node.heading)
        found.append((task, annotation))
        pending = []
    return found


def _only_annotation(text: str) -> bool:
    """True when a paragraph is nothing but its annotation ("(牵头单位:…)")."""
    spans = annotation_spans(text)
    return bool(spans) and spans[0][0] <= 1


def _task(node: Node, text: str, line: int, annotation: Annotation, *,
          own_heading: bool) -> TaskItem:
    """Build a TaskItem for ``text`` under ``node``."""
    chapter = node.ancestor(1)
    section = node.ancestor(2)
    if own_heading and node.rank in (1, 2):
        chapter, section = (node, None) if node.rank == 1 else (chapter, node)
    title = node.label.rstrip("。:") if own_heading else _title(text)
    return TaskItem(
        number=node.number,
        title=title,
        text=text,
        line=line,
        chapter=_printed(chapter),
        section=_printed(section),
        lead_units=annotation.lead_units,  # each annotation is read for one task only
        responsible_units=annotation.responsible_units,
        lead_leaders=annotation.lead_leaders,
        deadline=annotation.deadline,
        scope=annotation.scope,
        outline_path=node.path,
    )


def _printed(node: Node | None) -> str | None:
    """A heading as printed: its number and label."""
    return f"{node.number}{node.label}" if node is not None else None


def _title(text: str) -> str:
    """An item's short name: its first sentence, when short, else its first 30 characters."""
    found = _FIRST_SENTENCE.match(text)
    sentence = found.group() if found else text
    return sentence if len(sentence) <= 40 else sentence[:30]
