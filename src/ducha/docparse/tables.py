"""Tables of a document as lines: a task table becomes one annotated line per row.

Decompositions are often printed as tables (序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限),
in Word and on web pages alike. A row is rewritten as "1.任务(牵头单位:…;责任单位:…;
完成时限:…)" so the one grammar of docparse reads tables and prose; any other table gives its
cells one per line, in reading order. A bulletin's table that prints each item's status in a
column (序号 | 督办事项 | 责任单位 | 办理情况 | 办理状态) becomes the status sections a bulletin
prints in prose: "一、已办结事项", then "1.事项(责任单位:…)" and its progress, numbered afresh
in each section as the prose form would be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ducha.docparse.annotations import split_units
from ducha.docparse.normalize import normalize_line
from ducha.docparse.unitnames import all_units
from ducha.docparse.vocab import status_from_label

_COLUMN_KEYS = {
    "牵头单位": "牵头单位", "牵头部门": "牵头单位", "主责单位": "牵头单位",
    "责任单位": "责任单位", "责任部门": "责任单位", "配合单位": "配合单位",
    "配合部门": "配合单位", "牵头领导": "牵头领导", "责任领导": "责任领导",
    "完成时限": "完成时限", "完成时间": "完成时限", "时间节点": "完成时限",
    "办理时限": "完成时限", "完成期限": "完成时限", "时限": "完成时限",
    "协办单位": "配合单位", "推广范围": "推广范围", "责任人": "责任人",
    # a 交办 table or form: who handles and who helps, read as annotations.py reads these keys
    "主办单位": "主办单位", "承办单位": "承办单位", "办理要求": "办理要求", "督办要求": "督办要求",
    **dict.fromkeys(("牵头市领导", "牵头区领导", "牵头县领导", "责任市领导", "责任区领导",
                     "分管市领导", "市领导", "分管领导", "包保领导", "包保市领导", "包联领导"),
                    "牵头领导"),
    **dict.fromkeys(("竣工时间", "计划竣工时间", "计划完成时间"), "完成时限"),
}
_UNIT_COLUMNS = frozenset({"牵头单位", "责任单位", "配合单位", "牵头领导", "责任领导", "主办单位",
                           "承办单位"})
_ASSIGNING = frozenset({"牵头单位", "责任单位", "主办单位", "承办单位"})
_NUMBER_HEADERS = frozenset({"序号", "编号"})
# What a label-and-value table calls the task itself.
_NAME_LABELS = frozenset({"任务名称", "工作任务", "任务内容", "事项名称", "项目名称", "重点任务",
                          "督办事项", "工作内容", "任务", "事项", "项目", "建议标题", "提案标题",
                          "议案标题", "建议名称", "提案名称", "来文名称", "来文标题", "交办事项",
                          "督办内容", "办理事项"})
_LABEL_MAX = 8
# Other labels a 交办单 form prints beside its task ("批示领导 | 刘某 | 批示时间 | 4月8日").
_FORM_LABELS = frozenset({"批示领导", "批示时间", "批示内容", "联系人", "联系电话", "来文单位",
                          "来文时间", "交办时间", "交办单位", "领衔代表", "建议编号", "提案编号",
                          "备注"})
# Columns that only say whom to call: a table of them and a 承办单位 is a contact list.
_CONTACT_LABELS = frozenset({"联系人", "联系电话", "电话", "手机", "备注", "职务", "姓名"})
_MARKS = re.compile(r"[((][^()()]{1,4}[))]")
_NARRATIVE = re.compile("进展|情况|进度说明")  # a progress column: its text needs no label
_SENTENCE_ENDS = ("。", ";", "!", "?")
_STATUS_CELL_MAX = 10  # a status cell is a label (已办结, 正在推进), not a progress paragraph
_CN_ORDINALS = "一二三四五六七八九十"
_STATUS_HEAD = re.compile("状态|亮灯|灯|等级|评价|类别")
_LIGHTS = {colour + tail: f"{colour}灯" for colour in "绿黄红" for tail in ("", "色")}


def table_lines(rows: list[list[str]]) -> Iterator[str]:
    """A task table becomes annotated lines; any other table, its cells one per line."""
    if (item := _label_value_item(rows)) is not None:
        yield item
        return
    header_at, columns = _find_header(rows)
    if header_at is None:
        for cells in rows:
            seen: list[str] = []
            for cell in cells:
                if cell and cell not in seen:
                    seen.append(cell)
            yield from seen
        return
    yield from (line for cells in rows[:header_at] for line in cells if line)
    heads = [normalize_line(cell).replace(" ", "") for cell in rows[header_at]]
    body = rows[header_at + 1:]
    status_at = _status_column(body, columns, heads)
    if status_at is not None:
        yield from _status_sections(body, columns, status_at, heads)
        return
    for cells in body:
        yield _row_as_item(cells, columns, heads)


def _label_value_item(rows: list[list[str]]) -> str | None:
    """A table that is one task, each row a label and its value (任务名称 | 新建公园8个,
    牵头单位 | 区城管局, or two such pairs a row), as the line a header-row table gives."""
    rows = [cells[:2] if len(cells) > 2 and len(set(cells[1:])) == 1 and cells[1] else cells
            for cells in rows]  # a value merged across the row is read once
    pairs = [(cells[i], cells[i + 1]) for cells in rows if len(cells) % 2 == 0
             for i in range(0, len(cells), 2)]
    if len(pairs) < 2 or any(len(cells) % 2 for cells in rows):
        return None
    labels = [normalize_line(label).replace(" ", "") for label, _ in pairs]
    known = sum(label in _COLUMN_KEYS or label in _NAME_LABELS or label in _NUMBER_HEADERS
                or label in _FORM_LABELS for label in labels)
    values = [normalize_line(value).replace(" ", "") for _, value in pairs]
    if (not any(label in _NAME_LABELS for label in labels) or known * 3 < len(labels) * 2
            or any(len(label) > _LABEL_MAX for label in labels)
            or any(value in _COLUMN_KEYS for value in values)):
        return None  # a header row read in pairs is no label-and-value table
    header_at, columns = _find_header([labels])
    if header_at is None:
        return None
    return _row_as_item([value for _, value in pairs], columns, labels)


def _status_column(rows: list[list[str]], columns: dict[int, str],
                   heads: list[str]) -> int | None:
    """The column whose every filled cell is a status label, if there is one; a column
    headed as a status (办理状态, 亮灯等级) before another that only reads as one."""
    width = max((len(cells) for cells in rows), default=0)
    found: list[int] = []
    for col in range(width):
        if col in columns:
            continue
        head = _head(heads, col)
        values = [_status_label(cells[col], head) for cells in rows if col < len(cells)]
        filled = [value for value in values if value]
        if filled and all(_is_status_label(value) for value in filled):
            found.append(col)
    named = [col for col in found if col < len(heads) and _STATUS_HEAD.search(heads[col])]
    picked = named or found
    return picked[0] if picked else None


def _is_status_label(value: str) -> bool:
    """A short label (已办结, 正在推进, 黄灯), not a progress note that names one (已完成80%。)."""
    return (len(value) <= _STATUS_CELL_MAX and not value.endswith(_SENTENCE_ENDS)
            and not any(ch.isdigit() for ch in value) and status_from_label(value) is not None)


def _status_label(cell: str, head: str) -> str:
    """A status cell as a label; a light column may print only the colour (绿, 黄色)."""
    value = normalize_line(cell).rstrip("。")
    if "灯" in head and (light := _LIGHTS.get(value)):
        return light
    return value


def _status_sections(rows: list[list[str]], columns: dict[int, str], status_at: int,
                     heads: list[str]) -> Iterator[str]:
    """Rows grouped by their status label (in order of first appearance) as bulletin lines."""
    groups: dict[str, list[list[str]]] = {}
    for cells in rows:
        if len(set(filter(None, cells))) <= 1:
            continue  # a merged row (a category spanning the table) has no status of its own
        label = _status_label(cells[status_at], _head(heads, status_at)) \
            if status_at < len(cells) else ""
        groups.setdefault(label, []).append(cells[:status_at] + cells[status_at + 1:])
    kept = {col - (col > status_at): key for col, key in columns.items()}
    kept_heads = heads[:status_at] + heads[status_at + 1:]
    for ordinal, (label, members) in enumerate(groups.items()):
        if label:
            heading = label if label.endswith("事项") else f"{label}事项"
            yield f"{_CN_ORDINALS[ordinal % len(_CN_ORDINALS)]}、{heading}"
        for index, cells in enumerate(members, start=1):
            yield from _status_row(cells, kept, index, kept_heads)


def _status_row(cells: list[str], columns: dict[int, str], number: int,
                heads: list[str]) -> Iterator[str]:
    """"事项 | 市住建局 | 已建成5处。" → "1.事项(责任单位:市住建局)" then "已建成5处。".

    A row keeps the number its 序号 column prints; ``number`` counts rows that print none.
    """
    printed = _printed_number(cells, columns)
    number = int(printed) if printed.isascii() and printed.isdigit() else number
    title, details, notes = _row_parts(cells, columns, heads)
    note = f"({';'.join(notes)})" if notes else ""
    yield f"{number}.{title}{note}"
    yield from details


def _find_header(rows: list[list[str]]) -> tuple[int | None, dict[int, str]]:
    """Locate a header row naming a column that assigns (牵头单位, 责任单位, 主办单位,
    承办单位); map column index → key. A row whose other cells name units ("承办单位 |
    市生态环境局") is a label and its value, and a row whose other columns are only contacts
    (联系人, 联系电话) heads a contact list, not a task table."""
    for index, cells in enumerate(rows[:3]):
        columns: dict[int, str] = {}
        for col, cell in enumerate(cells):
            label = normalize_line(cell).replace(" ", "")
            if label in _COLUMN_KEYS:
                columns[col] = _COLUMN_KEYS[label]
            elif label in _NUMBER_HEADERS:
                columns[col] = "#"
        if any(key in _ASSIGNING for key in columns.values()) and _heads_a_task_table(
                [normalize_line(cell).replace(" ", "") for col, cell in enumerate(cells)
                 if col not in columns and cell.strip()]):
            return index, columns
    return None, {}


def _heads_a_task_table(free: list[str]) -> bool:
    """True when a header's columns other than the keys are labels of a task table."""
    if free and all(label in _CONTACT_LABELS for label in free):
        return False
    return not any(all_units(split_units(_MARKS.sub("", label))) for label in free)


def _cell_value(cell: str, key: str | None) -> str:
    """A cell's text on one line; in a unit column, units printed one per line (or with a
    blank between them, as a line break reads in Word) are listed with 、."""
    if key not in _UNIT_COLUMNS:
        return normalize_line(cell.replace("\n", " "))
    lines = [normalize_line(part) for part in cell.split("\n") if part.strip()]
    names = [name for line in lines for name in line.split(" ")]
    if len(names) > 1 and all_units(names):  # a line break typed as a blank between units
        return "、".join(names)
    return "、".join(lines)  # one unit per line


def _row_as_item(cells: list[str], columns: dict[int, str], heads: list[str]) -> str:
    """"1 | 任务 | 市发改委 | 市财政局" → "1.任务(牵头单位:市发改委;责任单位:市财政局)".

    One free column names the task (see _row_parts); the rest follow its name labelled by
    their headers ("建设内容:…;总投资:45000"), so the title stays the task's name.
    """
    if len(set(filter(None, cells))) == 1:  # a merged row: a heading spanning the table
        return normalize_line(cells[0])
    number = _printed_number(cells, columns)
    title, details, notes = _row_parts(cells, columns, heads)
    prefix = f"{number}." if number.isdigit() else (f"{number} " if number else "")
    if details:
        title = f"{title}{'' if title.endswith(_SENTENCE_ENDS) else '。'}{';'.join(details)}"
    note = f"({';'.join(notes)})" if notes else ""
    return f"{prefix}{title}{note}"


def _head(heads: list[str], col: int) -> str:
    """The header of a column ("" past the header's end)."""
    return heads[col] if col < len(heads) else ""


def _printed_number(cells: list[str], columns: dict[int, str]) -> str:
    """What a row's 序号 column prints ("" when it has none)."""
    return next((_cell_value(cell, "#") for col, cell in enumerate(cells)
                 if columns.get(col) == "#"), "")


def _row_parts(cells: list[str], columns: dict[int, str],
               heads: list[str]) -> tuple[str, list[str], list[str]]:
    """A row's name, the other free columns, and its keyed notes. The name is the column
    headed as one (建议标题, 来文名称), else the first free column."""
    texts: list[tuple[str, str]] = []
    notes: list[str] = []
    for col, cell in enumerate(cells):
        key = columns.get(col)
        value = _cell_value(cell, key)
        if key and key != "#" and value:
            notes.append(f"{key}:{value}")
        elif not key and value and value not in (text for _, text in texts):
            texts.append((_head(heads, col), value))
    if not texts:
        return "", [], notes
    named = next((i for i, (head, _) in enumerate(texts) if head in _NAME_LABELS), 0)
    texts.insert(0, texts.pop(named))  # a 建议编号 before the 建议标题 is no name
    details = [value if not head or _NARRATIVE.search(head) else f"{head}:{value}"
               for head, value in texts[1:]]
    return texts[0][1], details, notes
