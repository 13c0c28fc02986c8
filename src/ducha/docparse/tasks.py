"""Tasks: the numbered items of a document that carry a 牵头单位/责任单位 annotation.

An item is either complete on its numbered line ("3.加强垃圾治理。…(牵头单位:…)") or a
heading whose paragraph below carries the annotation ("一、支持技改试点示范" then "对获得…
(牵头单位:…)"). Chapter and section are the 一、- and (一)-level headings above the item's
text, as printed (a document that skips the (一) level has its 1.-headings as sections); a
heading-item is its own chapter or section, an item complete on its line is not. A
"以下…不再列出" note gives its units to every later task of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter, itemgetter

from ducha.docparse.annotations import (
    ALL_TASKS_WORDS,
    ANNOTATION_HINT,
    ANNOTATION_OPENER,
    PROSE_DEADLINE,
    STARTS_WITH_KEY,
    Annotation,
    annotation_cut,
    annotation_spans,
    find_all_note,
    find_note,
    leading_annotation_end,
    open_annotation,
    parse_annotation,
)
from ducha.docparse.linescan import LineScan
from ducha.docparse.model import Document, Line, TaskItem
from ducha.docparse.outline import Node, build_outline, match_number

_FIRST_SENTENCE = re.compile(r"[^。;!?\n]{1,60}")
_BRACKETS = frozenset("([【〔")  # what an annotation opens with
# Documents whose keyless forms describe standing arrangements or past work, not tasks:
# regulations, contingency plans, summaries and speeches (their keyed annotations still count).
_STANDING = re.compile(
    r"(?:办法|条例|规定|细则|预案|章程|规则|总结|讲话|发言|汇报|思路)(?:[((][^()()]*[))])?"
    r"》?(?:的通知)?$"
)
# An event's notice: its 承办单位 hosts the event.
_EVENT = re.compile(
    r"(?:举办|召开|开展|组织|参加).{0,30}(?:培训班|培训|论坛|大赛|比赛|活动|会议)的通知$"
)
# "以上任务均需于2030年12月底前完成": one deadline for every task above the note.
_ALL_DUE = re.compile(
    r"以上(?:各项)?(?:任务|事项|工作)[^。]{0,8}?于?(?P<date>(?=\d|年底)(?:\d{4}年)?(?:\d{1,2}月)?"
    r"(?:\d{1,2}日|底|中旬|上旬|下旬)?前)(?:全部|全面)?完成"
)
# A 督办单 names its matter on a keyed line of its own: that is the task's title.
_SUBJECT = re.compile(r"(?:(?:督办|交办|办理|督查)(?:事项|内容)|来文标题|诉求内容|反映问题|"
                      r"工单内容|问题描述|(?:建议|提案|议案)(?:标题|内容|事项|名称)|批示(?:内容|事项)|案由)"
                      r" ?: ?(?P<subject>.+)")
_TITLE_MAX = 40
_FIRST_CLAUSES = re.compile(rf"(.{{8,{_TITLE_MAX}}})[,,;;]")
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
    everywhere: list[str] = []
    hints = hints or TaskHints.of(document.body)
    prose = document.kind == "meeting_minutes"  # decided items assign work in prose
    hosts = _EVENT.search(document.title) is None
    keyless = hosts and _STANDING.search(document.title) is None
    if prose:  # prose needs no hint word ("市财政局要…"), so every line is a candidate
        hints = TaskHints(hints.opened, set(map(_NO, document.body)))
    for node in build_outline(join_wrapped(document.body, hints.opened)):
        for task, annotation in _node_tasks(node, hints.hinted, prose=prose, keyless=keyless,
                                            hosts=hosts):
            annotation.resolve_hosts()  # the task shares the annotation's unit lists
            task.implicit_responsible_units = list(implicit)
            if prose and task.deadline is None and (due := PROSE_DEADLINE.search(task.text)):
                task.deadline = due.group()  # "力争5月底前开工。(责任单位:…)"
            tasks.append(task)
            if annotation.note_units:
                implicit = annotation.note_units
        for paragraph in node.paragraphs:
            note = find_note(paragraph.text) if "以下" in paragraph.text else None
            if note and parse_annotation(paragraph.text) is None:
                implicit = note
            if "任务" in paragraph.text and any(w in paragraph.text for w in ALL_TASKS_WORDS):
                everywhere = find_all_note(paragraph.text) or everywhere
            if "以上" in paragraph.text and (due := _ALL_DUE.search(paragraph.text)):
                for task in tasks:  # "以上任务均需于2030年12月底前完成": the tasks above
                    task.deadline = task.deadline or due.group("date")
    for task in tasks:  # a note for every task, printed above or below them (注:…)
        task.implicit_responsible_units = task.implicit_responsible_units or list(everywhere)
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


def _node_tasks(node: Node, hinted: set[int], *, prose: bool = False, keyless: bool = True,
                hosts: bool = True) -> list[tuple[TaskItem, Annotation]]:
    """Tasks of one node: its own line, then annotated paragraphs below it.

    Keys printed one per line ("牵头单位:…" / "责任单位:…" / "完成时限:…") belong together:
    a keyed line right after a task's annotation adds to that task, and a keyed line that
    names no unit (a 完成时限 above the units) is kept for the task its paragraph joins.
    """
    found: list[tuple[TaskItem, Annotation]] = []
    if node.line.no not in hinted and not any(map(hinted.__contains__, map(_NO, node.paragraphs))):
        return found  # no line of the node can hold an annotation
    own = (parse_annotation(node.label, prose=prose, keyless=keyless, hosts=hosts)
           if node.rank and node.line.no in hinted else None)
    if own is not None and own.assigns_units:
        found.append((_task(node, node.label, node.line.no, own, own_heading=False), own))
    pending: list[Line] = []
    # keyed lines of the pending text that assign no unit, the item's own line first
    held: list[Annotation] = [own] if own is not None and not own.assigns_units else []
    if node.rank and (own is None or not own.assigns_units) and not node.heading:
        pending.append(Line(node.line.no, node.label))
    follows_task = bool(found)  # the previous line ended a task's annotation
    for paragraph in node.paragraphs:
        annotation = (parse_annotation(paragraph.text, prose=prose, keyless=keyless, hosts=hosts)
                      if paragraph.no in hinted else None)
        keyed = (annotation is not None  # a keyed line matters below a task or without units
                 and ((follows_task and not pending) or not annotation.assigns_units)
                 and STARTS_WITH_KEY.match(paragraph.text) is not None)
        if keyed and follows_task and not pending:
            assert annotation is not None
            _add_keyed_line(found[-1], annotation, paragraph.text)
            continue
        follows_task = False
        if (annotation is not None and not pending and node.rank and not found
                and _only_annotation(paragraph.text)):
            pending.append(Line(node.line.no, node.label))  # "1.加强治理。" over "(牵头单位:…)"
        pending.append(paragraph)
        if annotation is None or not annotation.assigns_units:
            if keyed:
                assert annotation is not None
                held.append(annotation)
            continue
        for earlier in held:
            annotation.absorb(earlier)
        text = "\n".join(map(_TEXT, pending))
        task = _task(node, text, pending[0].no, annotation,
                     own_heading=node.heading and not _annotations_only(node))
        found.append((task, annotation))
        pending, held, follows_task = [], [], True
    if not node.rank and len(found) == 1:  # a 督办单: one matter, its fields in any order
        _complete_notice(found[0], node.paragraphs, held)
    return found


def _complete_notice(found: tuple[TaskItem, Annotation], lines: list[Line],
                     after: list[Annotation]) -> None:
    """A notice's one task takes its name (诉求内容:…) and the keys printed after its units."""
    task, annotation = found
    for later in after:
        annotation.absorb(later)
    _refresh(task, annotation)
    if subject := _subject(lines):
        task.title = _title(subject)


def _add_keyed_line(found: tuple[TaskItem, Annotation], annotation: Annotation,
                    text: str) -> None:
    """A keyed line below a task's annotation: its text and keys go to that task."""
    task, merged = found
    merged.absorb(annotation)
    task.text = f"{task.text}\n{text}"
    _refresh(task, merged)


def _refresh(task: TaskItem, annotation: Annotation) -> None:
    """Carry what was added to a task's annotation after it was built into the task
    (its unit lists are the annotation's own; its leaders may be a heading's)."""
    task.deadline, task.scope = annotation.deadline, annotation.scope
    if annotation.lead_leaders:
        task.lead_leaders = annotation.lead_leaders


def _annotations_only(node: Node) -> bool:
    """True when all a node holds below its line is annotation ("(四)利用外资2亿美元。" over
    "责任单位:…" lines): an item complete on its line, whose annotation went below it."""
    return all(_only_annotation(paragraph.text) for paragraph in node.paragraphs)


def _only_annotation(text: str) -> bool:
    """True when a paragraph is nothing but its annotation ("(牵头单位:…)")."""
    spans = annotation_spans(text)
    return bool(spans) and spans[0][0] <= 1


def _task(node: Node, text: str, line: int, annotation: Annotation, *,
          own_heading: bool) -> TaskItem:
    """Build a TaskItem for ``text`` under ``node``."""
    chapter = node.ancestor(1)
    section = node.ancestor(2) or _section_below(chapter, node)
    if own_heading and node.rank in (1, 2):
        chapter, section = (node, None) if node.rank == 1 else (chapter, node)
    title = _heading_label(node.label).rstrip("。:") if own_heading else _title(text)
    leaders = annotation.lead_leaders or _inherited_leaders(section, chapter)
    return TaskItem(
        number=node.number,
        title=title,
        text=text,
        line=line,
        chapter=_printed(chapter),
        section=_printed(section),
        lead_units=annotation.lead_units,  # each annotation is read for one task only
        responsible_units=annotation.responsible_units,
        lead_leaders=leaders,
        deadline=annotation.deadline,
        scope=annotation.scope,
        outline_path=node.path,
    )


def _section_below(chapter: Node | None, node: Node) -> Node | None:
    """The heading right below the chapter, when a document skips the (一) level
    (一、 > 1. > ①): that 1.-heading is the section of the items under it."""
    if chapter is None:
        return None
    above = node.parent
    while above is not None and above.parent is not chapter:
        above = above.parent
    return above if above is not None and above.heading else None


def _printed(node: Node | None) -> str | None:
    """A heading as printed: its number and label (without the leader it names)."""
    return f"{node.number}{_heading_label(node.label)}" if node is not None else None


def _heading_label(label: str) -> str:
    """A heading's words without a leader's annotation: "推动发展(牵头区领导:周某)" → 推动发展."""
    if "领导" not in label:
        return label
    cut = annotation_cut(label)
    return label[:cut].rstrip() if cut is not None else label


def _inherited_leaders(*headings: Node | None) -> list[str]:
    """The leader a heading above the task names, nearest first: in the heading's bracket or
    on a line right below it ("牵头区领导:…")."""
    for heading in headings:
        if heading is None:
            continue
        texts = [heading.label] if "领导" in heading.label else []
        texts += [p.text for p in heading.paragraphs[:2] if p.text[:2] == "牵头"]
        for text in texts:
            found = parse_annotation(text) if "领导" in text else None
            if found is not None and found.lead_leaders and not found.assigns_units:
                return list(found.lead_leaders)
    return []


def _subject(lines: list[Line]) -> str | None:
    """The matter a 督办单 names on its own keyed line (督办事项:…), if it does."""
    for line in lines:
        if ":" in line.text:
            found = _SUBJECT.match(line.text)
            if found is not None:
                return found.group("subject")
    return None


def _opens_bracket(text: str) -> bool:
    """True when ``text`` holds a bracket an annotation may open with."""
    return "(" in text or "[" in text or "【" in text or "〔" in text


def _title(text: str) -> str:
    """An item's short name: its first sentence when short, else its first clauses that fit
    (同意…工程立项,由…负责组织实施 is 同意…工程立项), else its first 30 characters.

    An annotation is no part of the name: "加快农贸市场改造(责任单位:…)" is 加快农贸市场改造.
    """
    if text[:1] in _BRACKETS and (start := leading_annotation_end(text)):
        text = text[start:].lstrip() or text  # "【牵头单位:…】新建学校3所" is 新建学校3所
    found = _FIRST_SENTENCE.match(text)
    sentence = found.group() if found else text
    if _opens_bracket(sentence) and (cut := annotation_cut(sentence)) is not None:
        sentence = sentence[:cut].rstrip()
    if len(sentence) <= _TITLE_MAX:
        return sentence
    clause = _FIRST_CLAUSES.match(sentence)  # whole clauses, when they make a name
    return clause.group(1) if clause else sentence[:30]
