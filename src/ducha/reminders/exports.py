"""The 督办单 list as an .xlsx workbook: Chinese headers, frozen header row, column widths, and
every cell through ``security.cells.safe_cell`` (a reason or a title can start with "=")."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.timezone import localtime
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ducha.reminders.models import Reminder
from ducha.reporting.reminders import days_overdue
from ducha.security.cells import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Column = tuple[str, int, Callable[[Reminder, dt.date], Any]]
COLUMNS: tuple[Column, ...] = (
    ("等级", 10, lambda r, _t: r.get_grade_display()),
    ("单位", 28, lambda r, _t: r.unit.name),
    ("序号", 8, lambda r, _t: r.task.number),
    ("督办事项", 48, lambda r, _t: r.task.title),
    ("督办周期", 14, lambda r, _t: r.period.label),
    ("原因", 60, lambda r, _t: r.reason),
    ("截止日期", 12, lambda r, _t: r.due_on),
    ("逾期天数", 9, lambda r, t: days_overdue(due_on=r.due_on, today=t) if r.grade == "red"
     else 0),
    ("发出时间", 18, lambda r, _t: localtime(r.created_at).replace(tzinfo=None)),
    ("连续判定次数", 12, lambda r, _t: r.runs),
)


def _cell(value: Any) -> Any:
    value = safe_cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def reminders_xlsx(*, rows: Sequence[Reminder], today: dt.date) -> bytes:
    """One sheet of reminders in the order the page shows them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "督办单"
    sheet.append([_cell(header) for header, _w, _f in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    for index, (_header, width, _f) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for reminder in rows:
        sheet.append([_cell(f(reminder, today)) for _h, _w, f in COLUMNS])
    for row_index in range(2, len(rows) + 2):
        sheet.cell(row=row_index, column=7).number_format = "yyyy-mm-dd"
        sheet.cell(row=row_index, column=9).number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
