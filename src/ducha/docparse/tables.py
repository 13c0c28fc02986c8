"""Tables of a document as lines: a task table becomes one annotated line per row.

Decompositions are often printed as tables (序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限),
in Word and on web pages alike. A row is rewritten as "1.任务(牵头单位:…;责任单位:…;
完成时限:…)" so the one grammar of docparse reads tables and prose; any other table gives its
cells one per line, in reading order.
"""

from __future__ import annotations

from collections.abc import Iterator

from ducha.docparse.normalize import normalize_line

_COLUMN_KEYS = {
    "牵头单位": "牵头单位", "牵头部门": "牵头单位", "主责单位": "牵头单位",
    "责任单位": "责任单位", "责任部门": "责任单位", "配合单位": "配合单位",
    "配合部门": "配合单位", "牵头领导": "牵头领导", "责任领导": "责任领导",
    "完成时限": "完成时限", "完成时间": "完成时限", "时间节点": "完成时限",
    "推广范围": "推广范围",
}
_NUMBER_HEADERS = frozenset({"序号", "编号"})


def table_lines(rows: list[list[str]]) -> Iterator[str]:
    """A task table becomes annotated lines; any other table, its cells one per line."""
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
    for cells in rows[header_at + 1:]:
        yield _row_as_item(cells, columns)


def _find_header(rows: list[list[str]]) -> tuple[int | None, dict[int, str]]:
    """Locate a header row naming a 牵头单位/责任单位 column; map column index → key."""
    for index, cells in enumerate(rows[:3]):
        columns: dict[int, str] = {}
        for col, cell in enumerate(cells):
            label = normalize_line(cell).replace(" ", "")
            if label in _COLUMN_KEYS:
                columns[col] = _COLUMN_KEYS[label]
            elif label in _NUMBER_HEADERS:
                columns[col] = "#"
        if any(key in ("牵头单位", "责任单位") for key in columns.values()):
            return index, columns
    return None, {}


def _row_as_item(cells: list[str], columns: dict[int, str]) -> str:
    """"1 | 任务 | 市发改委 | 市财政局" → "1.任务(牵头单位:市发改委;责任单位:市财政局)"."""
    number, texts, notes = "", [], []
    for col, cell in enumerate(cells):
        value = normalize_line(cell.replace("\n", " "))
        key = columns.get(col)
        if key == "#":
            number = value
        elif key and value:
            notes.append(f"{key}:{value}")
        elif value and value not in texts:
            texts.append(value)
    if len(set(filter(None, cells))) == 1:  # a merged row: a heading spanning the table
        return normalize_line(cells[0])
    prefix = f"{number}." if number.isdigit() else (f"{number} " if number else "")
    note = f"({';'.join(notes)})" if notes else ""
    return f"{prefix}{' '.join(texts)}{note}"
