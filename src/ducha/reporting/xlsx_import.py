"""Importing a filled Excel ledger (台账) back: all or nothing, errors by row and column.

The file is checked by content first (``security.uploads.check_upload``: not a zip, zip bombs,
macros, XML entities), then recognised as Ducha's own ledger (the very-hidden format sheet and
the exact header row), then every row is read and validated. Only the columns a unit may fill
are read (progress, confidence, milestone and its date, indicator actuals and forecasts,
是否报送); the hidden
machine columns say which task, unit and period a row is. Each changed row is written through
``reporting.services.report_save`` — the same rules as the web form — inside one transaction
that is rolled back when any row fails or when it is a dry run, so a file with one bad row
writes nothing, and a dry run shows exactly what the real run would do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from ducha.accounts.permissions import Action, require
from ducha.audit.models import AuditAction, AuditResult
from ducha.audit.services import audit_record
from ducha.base import DuchaError, acting_as
from ducha.choices import ReportState, UserRole
from ducha.docparse.measures import MeasureMismatch, reconcile
from ducha.ledger.models import Assignment, Indicator, Task
from ducha.org.models import Unit
from ducha.reporting.models import Confidence, IndicatorForecast, Period, Report
from ducha.reporting.services import (
    MAX_TEXT,
    ActualInput,
    ForecastInput,
    ReportInputError,
    report_save,
)
from ducha.reporting.xlsx_export import (
    CONFIDENCE_WORDS,
    FORMAT_VERSIONS,
    NO,
    SHEET_LEDGER,
    SHEET_META,
    YES,
    Column,
    ledger_columns,
)
from ducha.security.cells import FORMULA_STARTS
from ducha.security.uploads import UploadRejected, check_upload

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User

MAX_ROWS = 20_000
MAX_SLOTS = 50
MAX_LISTED = 500  # errors listed; the total is always given
MAX_MILESTONE = 300
NOT_OURS = ("这不是从本系统导出的台账文件({why});请在“台账导出”页面下载本单位的台账,"
            "在其中填写后再上传。")
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
SUBMIT_WORDS = {YES: True, "报送": True, "y": True, "yes": True, "true": True, "1": True,
                NO: False, "草稿": False, "n": False, "no": False, "false": False, "0": False,
                "": False}
STATE_LABELS = dict(ReportState.choices)
LOCKED = (ReportState.SUBMITTED, ReportState.ACCEPTED)


@dataclass(frozen=True)
class CellError:
    """One problem, placed where the person will look for it (``row`` None: the whole file)."""

    row: int | None
    column: str
    letter: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"“{self.column}”列" if self.column else ""
        return f"第{self.row}行{where}:{self.message}"


@dataclass
class RowChange:
    """What importing one row changes (or would change, in a dry run)."""

    row: int
    task: Task
    unit: Unit
    fields: list[tuple[str, str, str]]  # (column, before, after)
    submit: bool
    created: bool
    text: str = ""
    confidence: str = ""
    milestone: str = ""
    milestone_date: dt.date | None = None
    actuals: list[tuple[str, ActualInput]] = field(default_factory=list)  # (column, input)
    forecasts: list[tuple[str, ForecastInput]] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.submit:
            return "报送"
        return "新建草稿" if self.created else "更新草稿"


@dataclass
class ImportResult:
    """The outcome: errors (then nothing was written) or the changes made or planned."""

    period: Period | None
    dry_run: bool
    rows: int = 0
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)
    error_total: int = 0
    changes: list[RowChange] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.error_total

    @property
    def submitted(self) -> int:
        return sum(1 for c in self.changes if c.submit)


class _Problems:
    """Collects errors, keeping the first ``MAX_LISTED`` and counting all."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.index = {c.key: i for i, c in enumerate(columns, start=1)}
        self.columns = list(columns)
        self.listed: list[CellError] = []
        self.total = 0

    def add(self, row: int | None, key: str, message: str) -> None:
        self.total += 1
        if len(self.listed) >= MAX_LISTED:
            return
        position = self.index.get(key)
        header = self.columns[position - 1].header if position else ""
        letter = get_column_letter(position) if position else ""
        self.listed.append(CellError(row, header, letter, message))

    def add_at(self, row: int, position: int, message: str) -> None:
        self.total += 1
        if len(self.listed) < MAX_LISTED:
            header = (self.columns[position - 1].header if position <= len(self.columns)
                      else "")
            self.listed.append(CellError(row, header, get_column_letter(position), message))

    def sorted(self) -> list[CellError]:
        order = {c.header: i for i, c in enumerate(self.columns)}
        return sorted(self.listed, key=lambda e: (e.row or 0, order.get(e.column, 999)))


class _Bad(ValueError):  # noqa: N818 - internal: one cell's message
    pass


# ---------------------------------------------------------------------------------------------
# Reading the file


@dataclass
class _Sheet:
    period_code: str
    slots: int
    columns: list[Column]
    rows: list[tuple[int, dict[str, Any], dict[str, str]]]  # (row number, values, formats)
    formulas: list[tuple[int, int]]


def _open(data: bytes) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                             keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError,
            AttributeError) as exc:
        raise DuchaError("无法读取该 Excel 文件(文件结构已损坏或不是标准的 .xlsx);请用 Excel "
                         "或 WPS 打开后另存为 .xlsx 再上传。", "xlsx_unreadable") from exc


def _meta(workbook: Any) -> dict[str, str]:
    """The format sheet's keys; a ledger of an earlier format (``FORMAT_VERSIONS``) is read
    with that format's columns."""
    if SHEET_META not in workbook.sheetnames or SHEET_LEDGER not in workbook.sheetnames:
        raise DuchaError(NOT_OURS.format(why=f"缺少“{SHEET_LEDGER}”工作表或系统标记"),
                         "xlsx_not_ours")
    meta: dict[str, str] = {}
    for row in workbook[SHEET_META].iter_rows(max_col=2, max_row=50, values_only=True):
        if row and row[0] is not None:
            meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    if meta.get("format") not in FORMAT_VERSIONS:
        raise DuchaError(NOT_OURS.format(why="系统标记不符"), "xlsx_not_ours")
    return meta


def read_sheet(data: bytes) -> _Sheet:
    """The ledger sheet's rows as values keyed by column, or a refusal naming the problem."""
    workbook = _open(data)
    try:
        meta = _meta(workbook)
        try:
            slots = int(meta.get("slots", ""))
        except ValueError:
            slots = -1
        if not 0 <= slots <= MAX_SLOTS:
            raise DuchaError(NOT_OURS.format(why="系统标记已损坏"), "xlsx_not_ours")
        columns = ledger_columns(slots, FORMAT_VERSIONS[meta["format"]])
        sheet = _Sheet(meta.get("period", ""), slots, columns, [], [])
        rows = workbook[SHEET_LEDGER].iter_rows()
        _check_header(next(rows, ()), columns, sheet)
        for cells in rows:
            if len(sheet.rows) >= MAX_ROWS:
                raise DuchaError(f"台账超过 {MAX_ROWS} 行;请按单位分别导出、导入。",
                                 "xlsx_too_many_rows")
            _read_row(cells, columns, sheet)
        return sheet
    finally:
        workbook.close()


def _check_header(cells: Sequence[Any], columns: Sequence[Column], sheet: _Sheet) -> None:
    found = ["" if c.value is None else str(c.value).strip() for c in cells]
    for position, cell in enumerate(cells, start=1):
        if cell.data_type == "f":
            sheet.formulas.append((1, position))
    found += [""] * max(0, len(columns) - len(found))
    for position, column in enumerate(columns, start=1):
        if found[position - 1] != column.header:
            letter = get_column_letter(position)
            raise DuchaError(NOT_OURS.format(
                why=f"第1行{letter}列应为“{column.header}”,实际为“{found[position - 1]}”;"
                    "表头、列的顺序都不能改动"), "xlsx_not_ours")
    extra = [v for v in found[len(columns):] if v]
    if extra:
        raise DuchaError(NOT_OURS.format(why=f"多出了“{extra[0]}”等列;请勿增加列"),
                         "xlsx_not_ours")


def _read_row(cells: Sequence[Any], columns: Sequence[Column], sheet: _Sheet) -> None:
    values: dict[str, Any] = {}
    formats: dict[str, str] = {}
    number = None
    for position, cell in enumerate(cells, start=1):
        if cell.value is None:
            continue
        number = number or getattr(cell, "row", None)
        if cell.data_type == "f":
            sheet.formulas.append((cell.row, position))
        if position <= len(columns):
            key = columns[position - 1].key
            values[key] = cell.value
            formats[key] = getattr(cell, "number_format", "") or ""
    if values and number is not None:
        sheet.rows.append((number, values, formats))


# ---------------------------------------------------------------------------------------------
# Parsing one cell


def unquote(text: str) -> str:
    """Undo ``safe_cell``: '=SUM(1) as exported reads back as the text =SUM(1)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """A cell as text, the way a person typed it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unquote(str(value).strip())


def _int(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number > 0 else None


def parse_confidence(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return ""
    if text in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[text]
    if text.lower() in Confidence.values:
        return text.lower()
    raise _Bad(f"“{text}”不是有效的把握程度;请填写“高”“中”或“低”,或留空。")


def parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 80000:
        day = from_excel(value).date()
    else:
        text = unicodedata.normalize("NFKC", cell_text(value))
        match = _DATE.match(text)
        try:
            if match is None:
                raise ValueError(text)
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise _Bad(f"“{text}”不是有效日期;请写作 2026-06-30。") from None
    if not 2000 <= day.year <= 2100:
        raise _Bad(f"日期 {day.isoformat()} 不在 2000—2100 年之间;请检查年份。")
    return day


def parse_submit(value: Any) -> bool:
    text = cell_text(value)
    if isinstance(value, bool):
        return value
    found = SUBMIT_WORDS.get(text.lower())
    if found is None:
        raise _Bad(f"“{text}”无效;填“{YES}”导入后即报送,填“{NO}”或留空保存为草稿。")
    return found


def parse_actual(value: Any, number_format: str, indicator: Indicator
                 ) -> tuple[Decimal | None, str]:
    """An indicator actual as (value, measure); a bare number takes the target's measure."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool | dt.date):
        raise _Bad("应填写数字(可带计量单位),如 5193人、8.1%。")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        measure = indicator.measure
        if "%" in number_format:
            number, measure = number * 100, "%"
    else:
        text = unicodedata.normalize("NFKC", cell_text(value)).replace(",", "").replace(" ", "")
        match = _NUMBER.match(text)
        if not match:
            raise _Bad(f"“{text}”不是数字;请填写数字,可带计量单位,如 5193人、0.52万人、8.1%。")
        try:
            number = Decimal(match[1])
        except InvalidOperation:
            raise _Bad(f"“{text}”不是数字;请填写数字,如 5193人。") from None
        measure = match[2].strip() or indicator.measure
    if not number.is_finite() or abs(number) >= Decimal(10) ** 16:
        raise _Bad("数值超出范围;请检查是否多填了位数。")
    if number.normalize().as_tuple().exponent < -4:  # type: ignore[operator]
        raise _Bad("最多保留 4 位小数;请四舍五入后再填写。")
    try:
        reconcile(number, measure or None, indicator.measure or None)
    except MeasureMismatch as exc:
        raise _Bad(exc.message + "。") from None
    return number, measure


# ---------------------------------------------------------------------------------------------
# Validating the rows


@dataclass
class _Context:
    """Everything the rows refer to, fetched in bulk before any row is checked."""

    by: User
    period: Period
    tasks: dict[int, Task]
    units: dict[int, Unit]
    assigned: set[tuple[int, int]]
    reports: dict[tuple[int, int], Report]
    indicators: dict[int, Indicator]
    submit_all: bool
    slots: int


def _chunks(ids: Sequence[int], size: int = 2000) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def _context(sheet: _Sheet, *, by: User, period: Period, submit_all: bool) -> _Context:
    task_ids = sorted({i for _n, v, _f in sheet.rows if (i := _int(v.get("task_id")))})
    unit_ids = sorted({i for _n, v, _f in sheet.rows if (i := _int(v.get("unit_id")))})
    context = _Context(by, period, {}, {}, set(), {}, {}, submit_all, sheet.slots)
    context.units = Unit.objects.in_bulk(unit_ids)
    for ids in _chunks(task_ids):
        context.tasks.update(Task.objects.active().in_bulk(ids))
        context.assigned.update(Assignment.objects.active().filter(
            task_id__in=ids, unit_id__in=unit_ids).values_list("task_id", "unit_id"))
        for report in (Report.objects.active().filter(period=period, task_id__in=ids,
                                                      unit_id__in=unit_ids)
                       .prefetch_related("actuals", Prefetch(
                           "forecasts", queryset=IndicatorForecast.objects.active()))):
            context.reports[(report.task_id, report.unit_id)] = report
        context.indicators.update(Indicator.objects.active().filter(task_id__in=ids)
                                  .in_bulk())
    return context


def _validate(sheet: _Sheet, context: _Context, problems: _Problems) -> tuple[
        list[RowChange], int]:
    """Check every row; return the changed rows and how many were unchanged."""
    changes: list[RowChange] = []
    unchanged = 0
    seen: dict[tuple[int, int], int] = {}
    for number, values, formats in sheet.rows:
        identity = _identity(number, values, sheet, context, problems)
        if identity is None:
            continue
        task, unit = identity
        if (task.pk, unit.pk) in seen:
            problems.add(number, "title", f"与第{seen[(task.pk, unit.pk)]}行是同一单位的同一"
                                          "事项;每个事项每个单位只能出现一行,请删除重复的行。")
            continue
        seen[(task.pk, unit.pk)] = number
        change = _row_change(number, values, formats, task, unit, context, problems)
        if change is None:
            unchanged += 1
            if context.by.role == UserRole.REPORTER:
                _check_scope(number, unit, context, problems)
            continue
        if _check_scope(number, unit, context, problems):
            changes.append(change)
    return changes, unchanged


def _identity(number: int, values: dict[str, Any], sheet: _Sheet, context: _Context,
              problems: _Problems) -> tuple[Task, Unit] | None:
    """The task and unit a row is about, from its hidden columns, cross-checked."""
    task_id, unit_id = _int(values.get("task_id")), _int(values.get("unit_id"))
    editable = any(values.get(c.key) not in (None, "") for c in sheet.columns if c.editable)
    if task_id is None or unit_id is None:
        if editable:
            problems.add(number, "title", "这一行不是系统导出的事项行(隐藏的系统编号缺失或被改动),"
                                          "新增的行无法导入;请只在已有的行中填写。")
        return None
    if cell_text(values.get("period")) != sheet.period_code:
        problems.add(number, "period", f"隐藏的周期列应为 {sheet.period_code},已被改动;"
                                       "请重新下载台账后填写。")
        return None
    task, unit = context.tasks.get(task_id), context.units.get(unit_id)
    if task is None:
        problems.add(number, "title", "系统中没有该事项(可能已被督查室归档);请删除该行,"
                                      "或重新下载台账。")
        return None
    if unit is None:
        problems.add(number, "unit", "系统中没有该单位;请重新下载台账后填写。")
        return None
    if cell_text(values.get("title")) != cell_text(_export_text(task.title)):
        problems.add(number, "title", f"与系统中的事项“{task.title[:40]}”不一致;灰色列和隐藏列"
                                      "请勿改动(排序时请选中整行),请重新下载台账后填写。")
        return None
    if (task.pk, unit.pk) not in context.assigned:
        problems.add(number, "unit", f"“{unit.name}”不是该事项的牵头或责任单位,不能报送。")
        return None
    return task, unit


def _export_text(text: str) -> str:
    from ducha.reporting.xlsx_export import cell_value

    return str(cell_value(text))


def _check_scope(number: int, unit: Unit, context: _Context, problems: _Problems) -> bool:
    """Only the unit's own reporter writes its reports (the rule of the web form)."""
    by = context.by
    if by.role != UserRole.REPORTER:
        problems.add(number, "unit", f"督查室不能代替承办单位填报进展(与网页填报规则一致);"
                                     f"请由“{unit.name}”的联络员导入本单位的台账。")
        return False
    if unit.pk != by.unit_id:
        own = by.unit.name if by.unit else "本单位"
        problems.add(number, "unit", f"该行是“{unit.name}”的事项,您只能导入{own}的行;"
                                     "请删除该行,或下载本单位的台账填写。")
        return False
    return True


def _parse(number: int, problems: _Problems, key: str, parse: Any, *args: Any) -> Any:
    try:
        return parse(*args)
    except _Bad as exc:
        problems.add(number, key, str(exc))
        return _Bad


def _row_change(number: int, values: dict[str, Any], formats: dict[str, str], task: Task,
                unit: Unit, context: _Context, problems: _Problems) -> RowChange | None:
    """Parse the editable cells of one row and compare them with the saved report."""
    before = problems.total
    text = cell_text(values.get("text"))
    if len(text) > MAX_TEXT:
        problems.add(number, "text", f"最多 {MAX_TEXT} 字,当前 {len(text)} 字;请精简。")
    milestone = cell_text(values.get("milestone"))
    if len(milestone) > MAX_MILESTONE:
        problems.add(number, "milestone", f"最多 {MAX_MILESTONE} 字,当前 {len(milestone)} 字;"
                                          "请精简。")
    confidence = _parse(number, problems, "confidence", parse_confidence,
                        values.get("confidence"))
    day = _parse(number, problems, "milestone_date", parse_date, values.get("milestone_date"))
    submit = _parse(number, problems, "submit", parse_submit, values.get("submit"))
    actuals = [(key, ActualInput(indicator, value, measure)) for key, indicator, value, measure
               in _figures(number, values, formats, task, context, problems, "actual")]
    forecasts = [(key, ForecastInput(indicator, value, measure)) for key, indicator, value,
                 measure in _figures(number, values, formats, task, context, problems,
                                     "forecast")]
    if problems.total > before:
        return None
    report = context.reports.get((task.pk, unit.pk))
    submit = bool(submit) or (context.submit_all and bool(text))
    change = RowChange(number, task, unit, [], submit, report is None, text, confidence,
                       milestone, day, actuals, forecasts)
    change.fields = _diff(change, report)
    if submit and report is not None and report.state in LOCKED and not change.fields:
        return None  # already submitted (or accepted) as it stands
    if submit and (report is None or report.state not in LOCKED):
        change.fields.append(("报送状态", STATE_LABELS.get(report.state, "") if report
                              else "未填报", STATE_LABELS[ReportState.SUBMITTED]))
    return change if change.fields else None


def _figures(number: int, values: dict[str, Any], formats: dict[str, str], task: Task,
             context: _Context, problems: _Problems, kind: str
             ) -> list[tuple[str, Indicator, Decimal, str]]:
    """The filled indicator cells of one kind ("actual" or "forecast") as (column, indicator,
    value, measure); an empty cell changes nothing (a figure on record is never erased)."""
    found = []
    for slot in range(1, context.slots + 1):
        key = f"ind{slot}_{kind}"
        raw = values.get(key)
        indicator_id = _int(values.get(f"ind{slot}_id"))
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        indicator = context.indicators.get(indicator_id) if indicator_id else None
        if indicator is None or indicator.task_id != task.pk:
            problems.add(number, key, "该事项没有这一指标(或隐藏的指标编号被改动);"
                                      "请清空该格,或重新下载台账。")
            continue
        if kind == "forecast" and indicator.value is None:
            problems.add(number, key, f"“{indicator.name}”是定性指标,没有数值目标,无需填写"
                                      "下期预计值;请清空该格。")
            continue
        parsed = _parse(number, problems, key, parse_actual, raw, formats.get(key, ""),
                        indicator)
        if parsed is not _Bad:
            found.append((key, indicator, parsed[0], parsed[1]))
    return found


def _diff(change: RowChange, report: Report | None) -> list[tuple[str, str, str]]:
    """(column, before, after) for every editable value the row changes."""
    old_text = report.text if report else ""
    old_conf = report.confidence if report else ""
    old_milestone = report.next_milestone if report else ""
    old_day = report.next_milestone_date if report else None
    labels = dict(Confidence.choices)
    fields = []
    if change.text != old_text:
        fields.append(("本期进展", old_text, change.text))
    if change.confidence != old_conf:
        fields.append(("按期完成把握", labels.get(old_conf, ""),
                       labels.get(change.confidence, "")))
    if change.milestone[:MAX_MILESTONE] != old_milestone:
        fields.append(("下一步节点", old_milestone, change.milestone))
    if change.milestone_date != old_day:
        fields.append(("节点计划日期", old_day.isoformat() if old_day else "",
                       change.milestone_date.isoformat() if change.milestone_date else ""))
    for suffix, saved, inputs in (
            ("", {a.indicator_id: a for a in report.actuals.all()} if report else {},
             change.actuals),
            ("下期预计值", {f.indicator_id: f for f in report.forecasts.all()} if report else {},
             change.forecasts)):
        for _key, figure in inputs:
            old = saved.get(figure.indicator.pk)
            if old is None or old.value != figure.value or old.measure != figure.measure:
                before = f"{old.value.normalize():f}{old.measure}" if old else ""
                fields.append((f"{figure.indicator.name}{suffix}", before,
                               f"{figure.value.normalize():f}{figure.measure}"))  # type: ignore
    return fields


# ---------------------------------------------------------------------------------------------
# Writing


class _Rollback(Exception):  # noqa: N818 - control flow: undo the whole file
    pass


_CODE_COLUMNS = {"near_duplicate": "text", "report_locked": "state", "not_assigned": "unit",
                 "released": "unit", "report_input": "text"}


def _write(changes: Sequence[RowChange], *, by: User, period: Period, now: dt.datetime,
           confirm_duplicate: bool, problems: _Problems,
           request: HttpRequest | None) -> None:
    """Save every change through ``report_save``; problems collect what it refuses."""
    with acting_as(by):
        for change in changes:
            try:
                report_save(period=period, task=change.task, unit=change.unit, by=by, now=now,
                            text=change.text, confidence=change.confidence,
                            next_milestone=change.milestone,
                            next_milestone_date=change.milestone_date,
                            actuals=[a for _k, a in change.actuals],
                            forecasts=[f for _k, f in change.forecasts], submit=change.submit,
                            confirm_duplicate=confirm_duplicate, request=request)
            except ReportInputError as exc:
                keys = {f"ind-{a.indicator.pk}-measure": k for k, a in change.actuals}
                for k, f in change.forecasts:
                    keys[f"ind-{f.indicator.pk}-forecast_measure"] = k
                    keys[f"ind-{f.indicator.pk}-forecast"] = k
                for field_key, message in exc.fields.items():
                    problems.add(change.row, keys.get(field_key, "text"), message)
            except DuchaError as exc:
                message = exc.message
                if exc.code == "near_duplicate":
                    message += "(在导入页勾选“确认雷同内容仍报送”,或命令行加 --confirm-duplicate)"
                problems.add(change.row, _CODE_COLUMNS.get(exc.code, "title"), message)
            except PermissionDenied as exc:
                problems.add(change.row, "unit", str(exc) or "无权填报该单位的进展。")


def ledger_import(*, data: bytes, name: str, by: User, now: dt.datetime,
                  period: Period | None = None, dry_run: bool = False,
                  submit_all: bool = False, confirm_duplicate: bool = False,
                  request: HttpRequest | None = None) -> ImportResult:
    """Import a filled ledger: every row valid and written, or nothing written at all.

    ``period``: the period the page is about (the file must be of it); ``submit_all``: submit
    every changed row with a progress text, as if 是否报送 said 是.
    """
    require(by, Action.SUBMIT_REPORT)
    digest = hashlib.sha256(data).hexdigest()
    try:
        check_upload(name, data, allowed={"xlsx"})
    except UploadRejected as exc:
        audit_record(action=AuditAction.UPLOAD_REJECTED, by=by, request=request,
                     result=AuditResult.FAILURE,
                     detail={"file": name[:200], "sha256": digest, "reason": exc.message,
                             "what": "ledger_xlsx"})
        raise
    sheet = read_sheet(data)
    target = _file_period(sheet, period)
    problems = _Problems(sheet.columns)
    result = ImportResult(period=target, dry_run=dry_run, rows=len(sheet.rows))
    for row, position in sheet.formulas:
        problems.add_at(row, position, "含有公式;台账只接受直接填写的文字、数字和日期,"
                                       "请把公式改为它的结果值后再上传。")
    if target.is_closed:
        problems.add(None, "", f"{target.label}已关闭,报送已冻结,不能导入;如需修改,"
                               "请联系督查室重新开启该周期。")
    if not problems.total:
        context = _context(sheet, by=by, period=target, submit_all=submit_all)
        result.changes, result.unchanged = _validate(sheet, context, problems)
    if not problems.total and result.changes:
        _commit(result, problems, by=by, now=now, confirm_duplicate=confirm_duplicate,
                request=request, detail={"what": "ledger_xlsx", "file": name[:200],
                                         "sha256": digest})
    result.errors, result.error_total = problems.sorted(), problems.total
    if result.error_total and not dry_run:
        audit_record(action=AuditAction.IMPORT, by=by, request=request, obj=target,
                     result=AuditResult.FAILURE,
                     detail={"what": "ledger_xlsx", "file": name[:200], "sha256": digest,
                             "errors": result.error_total,
                             "first": [str(e) for e in result.errors[:5]]})
    return result


def _commit(result: ImportResult, problems: _Problems, *, by: User, now: dt.datetime,
            confirm_duplicate: bool, request: HttpRequest | None,
            detail: dict[str, Any]) -> None:
    """Write every change in one transaction; roll all back on any refusal or a dry run."""
    assert result.period is not None
    try:
        with transaction.atomic():
            _write(result.changes, by=by, period=result.period, now=now,
                   confirm_duplicate=confirm_duplicate, problems=problems, request=request)
            if problems.total or result.dry_run:
                raise _Rollback
            audit_record(action=AuditAction.IMPORT, by=by, request=request, obj=result.period,
                         detail={**detail, "rows": result.rows, "changed": len(result.changes),
                                 "submitted": result.submitted})
            result.written = True
    except _Rollback:
        result.written = False


def _file_period(sheet: _Sheet, period: Period | None) -> Period:
    from ducha.periodcode import period_from_code

    try:
        found = period_from_code(sheet.period_code)
    except DuchaError as exc:
        raise DuchaError(NOT_OURS.format(why=f"周期标记“{sheet.period_code}”无效"),
                         "xlsx_not_ours") from exc
    if period is not None and found.pk != period.pk:
        raise DuchaError(f"这份台账是{found.label}的,当前页面是{period.label};请在"
                         f"{found.label}的页面上传,或下载{period.label}的台账填写。",
                         "xlsx_wrong_period")
    return found
