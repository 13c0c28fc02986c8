"""The unit ranking as an .xlsx workbook: Chinese headers, frozen header row, column widths,
and every text cell neutralised against formula injection (``security.cells.safe_cell``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ducha.cockpit.models import ScoringWeights
from ducha.cockpit.ranking import UnitScore
from ducha.reporting.models import Period
from ducha.security.cells import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (header, width, value of a row)
COLUMNS: tuple[tuple[str, int, Any], ...] = (
    ("名次", 6, lambda u: u.rank),
    ("单位", 30, lambda u: u.name),
    ("综合得分", 10, lambda u: u.score),
    ("应报送数", 10, lambda u: u.expected),
    ("已报送数", 10, lambda u: u.reported),
    ("按时报送数", 10, lambda u: u.on_time),
    ("按时报送率", 11, lambda u: round(u.on_time_rate, 4)),
    ("牵头事项数", 10, lambda u: u.led),
    ("已评定牵头事项", 13, lambda u: u.judged),
    ("已完成牵头事项", 13, lambda u: u.done),
    ("牵头事项完成率", 13, lambda u: None if u.completion_rate is None
     else round(u.completion_rate, 4)),
    ("需要加大力度", 12, lambda u: u.lagging),
    ("存在突出问题", 12, lambda u: u.problem),
    ("逾期天数", 10, lambda u: u.overdue_days),
    ("雷同报送", 10, lambda u: u.duplicates),
)
PERCENT_COLUMNS = {"按时报送率", "牵头事项完成率"}


def _cell(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return float(value) if isinstance(value, Decimal) else value


def ranking_xlsx(*, rows: Sequence[UnitScore], period: Period,
                 weights: dict[str, Decimal]) -> bytes:
    """The ranking sheet, then a sheet stating the weights it was scored with."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "单位考评"
    headers = [h for h, _w, _f in COLUMNS]
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    for index, (_header, width, _f) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for unit in rows:
        sheet.append([_cell(f(unit)) for _h, _w, f in COLUMNS])
    for index, (header, _width, _f) in enumerate(COLUMNS, start=1):
        if header in PERCENT_COLUMNS:
            for row_index in range(2, len(rows) + 2):
                sheet.cell(row=row_index, column=index).number_format = "0.0%"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    rules = workbook.create_sheet("计分规则")
    rules.append(["督办周期", _cell(period.label)])
    for name, value in weights.items():
        label = str(ScoringWeights._meta.get_field(name).verbose_name)
        rules.append([_cell(label), float(value)])
    rules.append(["说明", "综合得分 = 按时报送分值×按时报送率 + 牵头事项完成分值×完成率 − 各项扣分,"
                  "最低为0;只计工作成效,不计登录次数、在线时长等留痕指标。"])
    rules.column_dimensions["A"].width = 20
    rules.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
