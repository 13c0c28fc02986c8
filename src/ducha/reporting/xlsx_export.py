"""The Excel ledger (台账): one row per task × unit for a period, written with openpyxl.

Units fill the ledger offline and import it back (``xlsx_import``), so the workbook carries
what the import needs: hidden, locked machine columns (task, unit, period, indicator ids), a
very-hidden sheet naming the format, and a sheet protection that leaves only the columns a unit
may fill editable. Every cell goes through ``security.cells.safe_cell``: a progress text that
starts with ``=`` is shown as text, never run as a formula.

Speed: openpyxl spends most of its time serialising cells, so empty cells are not written (the
column style makes them editable) and per-cell styles are copied from a prepared style array
instead of being assigned attribute by attribute.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ducha.accounts.permissions import Action, require
from ducha.choices import Light, ReportState, Role, Status, UserRole
from ducha.ledger.models import Indicator, Task
from ducha.ledger.selectors import task_list
from ducha.reporting.models import (
    Assessment,
    ChangeRequest,
    Confidence,
    IndicatorForecast,
    Period,
    Report,
    RequestKind,
    RequestState,
)
from ducha.reporting.sheet import target_text
from ducha.security.cells import safe_cell

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User
    from ducha.org.models import Unit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMAT = "ducha-ledger/2"  # 2: each indicator has a 下期预计值 column
FORMAT_VERSIONS = {"ducha-ledger/1": 1, FORMAT: 2}  # files of either still import
SHEET_LEDGER = "台账"
SHEET_GUIDE = "填报说明"
SHEET_META = "ducha"
YES, NO = "是", "否"
NOT_STARTED = "未填报"
RELEASED = "已同意退办"
ROLE_SHORT = {Role.LEAD: "牵头", Role.RESPONSIBLE: "责任"}
CONFIDENCE_WORDS = {label: code for code, label in Confidence.choices}
DATE_FORMAT = "yyyy-mm-dd"
_CHUNK = 2000  # ids per IN (...) query, well below SQLite's variable limit


@dataclass(frozen=True)
class Column:
    """One column of the ledger sheet; ``key`` is what the import reads it by."""

    key: str
    header: str
    width: float
    editable: bool = False
    wrap: bool = False
    hidden: bool = False
    date: bool = False


BASE_COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", 7),
    Column("source", "来源文件", 22, wrap=True),
    Column("chapter", "章节", 18, wrap=True),
    Column("title", "事项", 40, wrap=True),
    Column("role", "分工", 7),
    Column("unit", "单位", 16, wrap=True),
    Column("deadline", "完成时限", 13, wrap=True),
    Column("text", "本期进展", 50, editable=True, wrap=True),
    Column("confidence", "按期完成把握", 9, editable=True),
    Column("milestone", "下一步节点", 24, editable=True, wrap=True),
    Column("milestone_date", "节点计划日期", 13, editable=True, date=True),
)
STATE_COLUMNS: tuple[Column, ...] = (
    Column("submit", "是否报送", 9, editable=True),
    Column("state", "报送状态", 10),
    Column("status", "评定状态", 12),
    Column("light", "灯号", 7),
)
MACHINE_COLUMNS: tuple[Column, ...] = (
    Column("task_id", "系统·事项编号", 10, hidden=True),
    Column("unit_id", "系统·单位编号", 10, hidden=True),
    Column("period", "系统·周期", 10, hidden=True),
)


def indicator_columns(slot: int, version: int = 2) -> tuple[Column, ...]:
    """The visible columns of the ``slot``-th indicator (1-based) of a row (``version`` of
    the file format: 1 had no forecast column)."""
    columns = (Column(f"ind{slot}_name", f"指标{slot}名称", 16, wrap=True),
               Column(f"ind{slot}_target", f"指标{slot}目标", 13, wrap=True),
               Column(f"ind{slot}_actual", f"指标{slot}本期完成值", 13, editable=True))
    if version >= 2:
        columns += (Column(f"ind{slot}_forecast", f"指标{slot}下期预计值", 13, editable=True),)
    return columns


def ledger_columns(slots: int, version: int = 2) -> list[Column]:
    """Every column, in sheet order, for a ledger with ``slots`` indicator column sets."""
    columns = list(BASE_COLUMNS)
    for slot in range(1, slots + 1):
        columns.extend(indicator_columns(slot, version))
    columns.extend(STATE_COLUMNS)
    columns.extend(MACHINE_COLUMNS)
    columns.extend(Column(f"ind{slot}_id", f"系统·指标{slot}编号", 10, hidden=True)
                   for slot in range(1, slots + 1))
    return columns


@dataclass
class IndicatorCell:
    """One indicator of a row: what the sheet shows and the id the import maps it back by."""

    indicator_id: int
    name: str
    target: str
    actual: str = ""
    forecast: str = ""  # of the next period's value (下期预计值), as the unit wrote it


@dataclass
class LedgerRow:
    """One task × unit of the ledger, as plain values (no model access while writing)."""

    task_id: int
    unit_id: int
    number: str
    source: str
    chapter: str
    title: str
    role: str
    unit: str
    deadline: dt.date | str | None
    text: str = ""
    confidence: str = ""
    milestone: str = ""
    milestone_date: dt.date | None = None
    state: str = NOT_STARTED
    status: str = ""
    light: str = ""
    indicators: list[IndicatorCell] = field(default_factory=list)


@dataclass
class Ledger:
    """What one export holds: the period, who it is for, and its rows."""

    period: Period
    scope: str  # 全部单位 or the unit's name
    unit_id: int | None
    rows: list[LedgerRow]

    @property
    def slots(self) -> int:
        return max((len(r.indicators) for r in self.rows), default=0)


# ---------------------------------------------------------------------------------------------
# Reading the rows


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def _decimal_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def export_scope(*, user: User, unit: Unit | None) -> int | None:
    """The unit whose rows the user may export (``None``: every unit), or PermissionDenied.

    A reporter exports its own unit only; the office and leaders export any unit or all.
    """
    require(user, Action.EXPORT)
    if user.role == UserRole.REPORTER:
        if unit is not None and unit.pk != user.unit_id:
            raise PermissionDenied("只能导出本单位的台账。")
        return user.unit_id
    return unit.pk if unit is not None else None


def _pairs(tasks: Iterable[Task], unit_id: int | None) -> list[tuple[Task, Any]]:
    """(task, assignment) per task × unit; a unit both lead and responsible appears once."""
    pairs: list[tuple[Task, Any]] = []
    for task in tasks:
        best: dict[int, Any] = {}
        for assignment in task.assignments.all():
            if assignment.unit_id is None or (unit_id and assignment.unit_id != unit_id):
                continue
            if assignment.unit_id not in best or assignment.role == Role.LEAD:
                best[assignment.unit_id] = assignment
        ordered = sorted(best.values(), key=lambda a: (a.role != Role.LEAD,
                                                       a.unit.sort_order, a.unit_id))
        pairs.extend((task, a) for a in ordered)
    return pairs


def ledger_rows(*, user: User, period: Period, unit_id: int | None = None) -> Ledger:
    """The ledger of a period for the user (one unit or all), in a fixed number of queries.

    Tasks come from ``ledger.selectors.task_list``, the selector behind the ledger page, so
    the page and the export always list the same tasks.
    """
    filters = {"unit": unit_id} if unit_id else {}
    tasks = list(task_list(user=user, filters=filters))
    pairs = _pairs(tasks, unit_id)
    task_ids = [t.pk for t in tasks]
    reports_qs = Report.objects.active().filter(period=period).prefetch_related(
        "actuals", Prefetch("forecasts", queryset=IndicatorForecast.objects.active()))
    if unit_id:
        reports_qs = reports_qs.filter(unit_id=unit_id)
    reports = {(r.task_id, r.unit_id): r for r in reports_qs}
    assessments = {task_id: (status, light) for task_id, status, light in
                   Assessment.objects.active().filter(period=period)
                   .values_list("task_id", "status", "light")}
    indicators, extensions, released = _per_task(task_ids)
    status_labels, light_labels = dict(Status.choices), dict(Light.choices)
    state_labels = dict(ReportState.choices)
    rows = []
    for task, assignment in pairs:
        report = reports.get((task.pk, assignment.unit_id))
        status, light = assessments.get(task.pk, ("", ""))
        row = LedgerRow(
            task_id=task.pk, unit_id=assignment.unit_id, number=task.number,
            source=str(task.source), chapter=" ".join(filter(None, (task.chapter,
                                                                  task.section))),
            title=task.title, role=ROLE_SHORT.get(assignment.role, assignment.role),
            unit=assignment.unit.name, deadline=_deadline(task, extensions.get(task.pk)),
            status=status_labels.get(status, ""), light=light_labels.get(light, ""))
        actuals, forecasts = {}, {}
        if report is not None:
            row.text, row.milestone = report.text, report.next_milestone
            row.confidence = Confidence(report.confidence).label if report.confidence else ""
            row.milestone_date = report.next_milestone_date
            row.state = state_labels.get(report.state, report.state)
            actuals = {a.indicator_id: a for a in report.actuals.all()}
            forecasts = {f.indicator_id: f for f in report.forecasts.all()}
        if (task.pk, assignment.unit_id) in released:
            row.state = RELEASED
        for ind in indicators.get(task.pk, ()):
            actual, forecast = actuals.get(ind.pk), forecasts.get(ind.pk)
            row.indicators.append(IndicatorCell(
                ind.pk, ind.name, target_text(ind),
                f"{_decimal_text(actual.value)}{actual.measure}" if actual else "",
                f"{_decimal_text(forecast.value)}{forecast.measure}" if forecast else ""))
        rows.append(row)
    scope = "全部单位"
    if unit_id:
        scope = next((r.unit for r in rows), None) or _unit_name(unit_id)
    return Ledger(period=period, scope=scope, unit_id=unit_id, rows=rows)


def _per_task(task_ids: Sequence[int]) -> tuple[dict[int, list[Indicator]], dict[int, dt.date],
                                                 set[tuple[int, int]]]:
    """Indicators by task, approved extensions (the deadline in force) and approved disputes
    (task × unit released from reporting)."""
    indicators: dict[int, list[Indicator]] = {}
    extensions: dict[int, dt.date] = {}
    released: set[tuple[int, int]] = set()
    for ids in _chunks(task_ids):
        for ind in Indicator.objects.active().filter(task_id__in=ids).order_by("id"):
            indicators.setdefault(ind.task_id, []).append(ind)
        for request in (ChangeRequest.objects.filter(task_id__in=ids, state=RequestState.APPROVED)
                        .order_by("decided_at", "id")):
            if request.kind == RequestKind.EXTENSION and request.new_deadline:
                extensions[request.task_id] = request.new_deadline
            elif request.kind == RequestKind.DISPUTE:
                released.add((request.task_id, request.unit_id))
    return indicators, extensions, released


def _unit_name(unit_id: int) -> str:
    from ducha.org.models import Unit

    return Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""


def _deadline(task: Task, extended: dt.date | None) -> dt.date | str | None:
    if extended is not None:
        base = task.deadline.isoformat() if task.deadline else (task.deadline_text or "无")
        return f"{extended.isoformat()}(已批准延期,原{base})"
    return task.deadline or task.deadline_text or None


# ---------------------------------------------------------------------------------------------
# Writing the workbook


def cell_value(value: Any) -> Any:
    """What Ducha writes into a cell: formula-like text quoted, illegal characters replaced."""
    value = safe_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _row_values(row: LedgerRow, slots: int, period_code: str) -> list[Any]:
    """A row's values in ``ledger_columns(slots)`` order."""
    values: list[Any] = [row.number, row.source, row.chapter, row.title, row.role, row.unit,
                         row.deadline, row.text, row.confidence, row.milestone,
                         row.milestone_date]
    for slot in range(slots):
        ind = row.indicators[slot] if slot < len(row.indicators) else None
        values.extend((ind.name, ind.target, ind.actual, ind.forecast) if ind
                      else (None, None, None, None))
    values.extend((None, row.state, row.status, row.light, row.task_id, row.unit_id,
                   period_code))
    values.extend(row.indicators[slot].indicator_id if slot < len(row.indicators) else None
                  for slot in range(slots))
    return values


@dataclass
class _Styles:
    """Style arrays prepared once; a cell takes a copy (cheap) instead of four assignments."""

    header: Any
    header_editable: Any
    by_column: list[Any]


def _style_array(sheet: Worksheet, **attributes: Any) -> Any:
    probe = Cell(sheet)  # never placed in the sheet: it only registers the styles
    for name, value in attributes.items():
        setattr(probe, name, value)
    return probe._style


def _styles(sheet: Worksheet, columns: Sequence[Column]) -> _Styles:
    top = Alignment(vertical="top")
    wrap = Alignment(vertical="top", wrap_text=True)
    unlocked, locked = Protection(locked=False), Protection(locked=True)
    fill = PatternFill("solid", fgColor="FFF8DC")
    header = {"font": Font(bold=True),
              "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)}
    by_column = []
    for column in columns:
        attrs: dict[str, Any] = {"alignment": wrap if column.wrap else top,
                                 "protection": unlocked if column.editable else locked}
        if column.editable:
            attrs["fill"] = fill
        if column.date:
            attrs["number_format"] = DATE_FORMAT
        by_column.append(_style_array(sheet, **attrs))
    return _Styles(
        header=_style_array(sheet, fill=PatternFill("solid", fgColor="D9D9D9"), **header),
        header_editable=_style_array(sheet, fill=PatternFill("solid", fgColor="FFE699"),
                                     **header),
        by_column=by_column)


def _write_ledger_sheet(sheet: Worksheet, ledger: Ledger) -> None:
    slots = ledger.slots
    columns = ledger_columns(slots)
    styles = _styles(sheet, columns)
    cells = sheet._cells  # direct placement: ws.cell() per value costs a lookup each time
    for index, column in enumerate(columns, start=1):
        cell = Cell(sheet, row=1, column=index, value=column.header)
        cell._style = copy(styles.header_editable if column.editable else styles.header)
        cells[(1, index)] = cell
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        dimension.hidden = column.hidden
        # Empty cells take the column's style: editable columns stay open to typing.
        dimension._style = copy(styles.by_column[index - 1])
    code = ledger.period.code
    for row_index, row in enumerate(ledger.rows, start=2):
        for col_index, value in enumerate(_row_values(row, slots, code), start=1):
            if value is None or value == "":
                continue
            cell = Cell(sheet, row=row_index, column=col_index, value=cell_value(value))
            cell._style = copy(styles.by_column[col_index - 1])
            cells[(row_index, col_index)] = cell
    last = len(ledger.rows) + 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    _validations(sheet, columns, max(last, 2))
    protection = sheet.protection
    protection.sheet = True
    # Still allowed under protection: resizing, filtering and sorting.
    protection.formatColumns = protection.formatRows = False
    protection.autoFilter = protection.sort = False


def _validations(sheet: Worksheet, columns: Sequence[Column], last: int) -> None:
    """Drop-down lists for the word columns; the import checks the words again anyway."""
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    words = "、".join(CONFIDENCE_WORDS)
    for key, options, message in (
            ("confidence", ",".join(CONFIDENCE_WORDS), f"请填写{words}之一。"),
            ("submit", f"{YES},{NO}", f"填“{YES}”导入后即报送,填“{NO}”或留空保存为草稿。")):
        rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True,
                              showErrorMessage=True, errorTitle="填写有误", error=message)
        rule.add(f"{letters[key]}2:{letters[key]}{last}")
        sheet.add_data_validation(rule)


def guide_lines(ledger: Ledger, exported_by: str, now: dt.datetime) -> list[tuple[str, str]]:
    """The instructions sheet: what the file is and how to fill it in."""
    period = ledger.period
    return [
        ("督办周期", f"{period.label}(报送截止 {period.due_date:%Y年%m月%d日})"),
        ("导出范围", ledger.scope),
        ("事项行数", str(len(ledger.rows))),
        ("导出时间", f"{timezone.localtime(now):%Y-%m-%d %H:%M}"),
        ("导出人", exported_by),
        ("填写哪些列", "只填写黄色表头的列:本期进展、按期完成把握、下一步节点、节点计划日期、"
                   "各指标的本期完成值和下期预计值、是否报送。其余列由系统生成并已锁定。"),
        ("按期完成把握", "填写“高”“中”或“低”(可从下拉列表选择),与督查室的评定相互独立。"),
        ("指标本期完成值", "填写数字,可以带计量单位,如 5193人、0.52万人、8.1%;只填数字时按"
                     "该指标目标的计量单位理解。计量单位无法换算时会报错,不会被猜测。"),
        ("指标下期预计值", "预计到下一期末该指标将达到的数值,写法与本期完成值相同;下一期报送后"
                     "与实际完成值对照。定性指标没有数值目标,无需填写。清空该格不会撤回已填的"
                     "预计值,如需撤回请在网页填报页操作。"),
        ("节点计划日期", "写作 2026-06-30(也可写 2026/6/30 或 2026年6月30日)。"),
        ("是否报送", f"填“{YES}”的行导入后直接报送督查室;留空或填“{NO}”保存为草稿。"
                 "已报送或已采纳的事项不能再修改;如需更正,请联系督查室退回。"),
        ("请勿", "增删行或列、修改表头、工作表名称或隐藏的系统列;请勿输入公式。以 = + - @ "
               "开头的内容一律按文字处理。"),
        ("导入规则", "导入时逐行检查整个文件:只要有一处错误,整份文件都不会写入,错误会按"
                 "“第几行、哪一列”列出,改正后重新上传即可。上传后先显示将要发生的改动,"
                 "确认后才写入。"),
    ]


def _write_guide(sheet: Worksheet, ledger: Ledger, exported_by: str, now: dt.datetime) -> None:
    sheet.append([cell_value(f"{ledger.period.label}督办事项进展台账 · 填报说明")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, text in guide_lines(ledger, exported_by, now):
        sheet.append([cell_value(label), cell_value(text)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.cell(row=sheet.max_row, column=2).alignment = wrap
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90


def ledger_workbook(ledger: Ledger, *, exported_by: str, now: dt.datetime) -> bytes:
    """The .xlsx bytes of a ledger: the ledger sheet, the instructions, the format marker."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_LEDGER
    _write_ledger_sheet(sheet, ledger)
    _write_guide(workbook.create_sheet(SHEET_GUIDE), ledger, exported_by, now)
    meta = workbook.create_sheet(SHEET_META)
    for key, value in (("format", FORMAT), ("period", ledger.period.code),
                       ("unit", ledger.unit_id or ""), ("slots", ledger.slots),
                       ("rows", len(ledger.rows)), ("exported_at", now.isoformat()),
                       ("exported_by", exported_by)):
        meta.append([key, cell_value(value)])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_filename(ledger: Ledger) -> str:
    return f"督办台账_{ledger.period.code}_{ledger.scope}.xlsx"


def ledger_export(*, user: User, period: Period, unit: Unit | None, now: dt.datetime,
                  request: HttpRequest | None = None) -> tuple[str, bytes]:
    """Export the ledger (file name, bytes) and record the export in the audit log."""
    from ducha.audit.models import AuditAction
    from ducha.audit.services import audit_record

    unit_id = export_scope(user=user, unit=unit)
    ledger = ledger_rows(user=user, period=period, unit_id=unit_id)
    exported_by = getattr(user, "display_name", "") or str(user)
    data = ledger_workbook(ledger, exported_by=exported_by, now=now)
    actor = user if getattr(user, "pk", None) else None
    audit_record(action=AuditAction.EXPORT, by=actor, request=request, obj=period,
                 detail={"what": "ledger_xlsx", "period": period.code, "unit": unit_id,
                         "rows": len(ledger.rows)})
    return ledger_filename(ledger), data
