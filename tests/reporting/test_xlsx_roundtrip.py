"""The Excel ledger (台账) round trip: export, fill in as a person would, import.

Real .xlsx files throughout: written by the export, opened with openpyxl, filled cell by cell
and saved, then imported. A file with one bad row writes nothing and says where the error is.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ducha.audit.models import AuditEvent
from ducha.base import DuchaError
from ducha.choices import ReportState
from ducha.ledger.selectors import task_list
from ducha.reporting.models import IndicatorActual, Period, Report
from ducha.reporting.services import report_save
from ducha.reporting.xlsx_export import ledger_export
from ducha.reporting.xlsx_import import ImportResult, ledger_import

from .conftest import NOW

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# helpers shared by the other test_xlsx_* modules


def export(world: Any, user: Any, unit: Any = None) -> bytes:
    return ledger_export(user=user, period=world.period, unit=unit, now=NOW)[1]


class Filled:
    """An exported ledger opened in openpyxl, to be filled in like a person would."""

    def __init__(self, data: bytes) -> None:
        self.book = load_workbook(io.BytesIO(data))
        self.sheet: Worksheet = self.book["台账"]
        self.headers = {c.value: c.column for c in self.sheet[1]}

    def row_of(self, task: Any, unit: Any) -> int:
        task_col, unit_col = self.headers["系统·事项编号"], self.headers["系统·单位编号"]
        for row in range(2, self.sheet.max_row + 1):
            if (self.sheet.cell(row, task_col).value == task.pk
                    and self.sheet.cell(row, unit_col).value == unit.pk):
                return row
        raise AssertionError(f"no row for task {task.pk} unit {unit.pk}")

    def cell(self, task: Any, unit: Any, header: str) -> Any:
        return self.sheet.cell(self.row_of(task, unit), self.headers[header])

    def fill(self, task: Any, unit: Any, **values: Any) -> int:
        row = self.row_of(task, unit)
        for header, value in values.items():
            self.sheet.cell(row, self.headers[header]).value = value
        return row

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def run_import(data: bytes, user: Any, **kwargs: Any) -> ImportResult:
    return ledger_import(data=data, name="台账.xlsx", by=user, now=NOW, **kwargs)


def values(**kwargs: Any) -> dict[str, Any]:
    """Column values by their Chinese header (keyword names cannot hold Chinese headers
    with punctuation, so tests pass a dict)."""
    return kwargs


# ---------------------------------------------------------------------------------------------
# export


def test_reporter_exports_one_row_per_task_of_its_own_unit(world):
    filled = Filled(export(world, world.reporter_a))
    rows = list(filled.sheet.iter_rows(min_row=2, values_only=True))
    titles = sorted(r[filled.headers["事项"] - 1] for r in rows)
    assert titles == ["甲乙共办事项", "甲局独办事项"]
    assert {r[filled.headers["单位"] - 1] for r in rows} == {"测试市甲局"}


def test_office_export_has_one_row_per_task_and_unit(world):
    filled = Filled(export(world, world.supervisor))
    rows = list(filled.sheet.iter_rows(min_row=2, values_only=True))
    pairs = sorted((r[filled.headers["事项"] - 1], r[filled.headers["单位"] - 1],
                    r[filled.headers["分工"] - 1]) for r in rows)
    assert pairs == [("乙局独办事项", "测试市乙局", "牵头"), ("甲乙共办事项", "测试市乙局", "责任"),
                     ("甲乙共办事项", "测试市甲局", "牵头"), ("甲局独办事项", "测试市甲局", "牵头")]


def test_export_lists_the_same_tasks_as_the_ledger_page_selector(world):
    for user in (world.supervisor, world.leader, world.reporter_a, world.reporter_b):
        filled = Filled(export(world, user))
        exported = {r[filled.headers["系统·事项编号"] - 1]
                    for r in filled.sheet.iter_rows(min_row=2, values_only=True)}
        assert exported == {t.pk for t in task_list(user=user)}


def test_export_layout_headers_frozen_hidden_machine_columns_and_protection(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    sheet = filled.sheet
    for header in ("序号", "来源文件", "章节", "事项", "分工", "单位", "完成时限", "本期进展",
                   "按期完成把握", "下一步节点", "指标1名称", "指标1目标", "指标1本期完成值",
                   "报送状态", "评定状态", "灯号"):
        assert header in filled.headers
    assert sheet.freeze_panes == "A2"
    for header in ("系统·事项编号", "系统·单位编号", "系统·周期", "系统·指标1编号"):
        letter = sheet.cell(1, filled.headers[header]).column_letter
        assert sheet.column_dimensions[letter].hidden
    assert sheet.protection.sheet
    assert sheet.column_dimensions["H"].width == 50  # 本期进展: wide and wrapped
    title = filled.cell(world.task_a, world.unit_a, "事项")
    assert title.protection.locked and title.alignment.wrap_text
    status = filled.cell(world.task_a, world.unit_a, "报送状态")
    assert status.value == "未填报" and status.protection.locked
    assert filled.cell(world.task_a, world.unit_a, "指标1目标").value == "不低于1000座"
    text_letter = sheet.cell(1, filled.headers["本期进展"]).column_letter
    assert sheet.column_dimensions[text_letter].protection.locked is False
    guide = filled.book["填报说明"]
    guide_text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "2026年一季度" in guide_text and "高" in guide_text
    assert filled.book["ducha"].sheet_state == "veryHidden"


def test_export_shows_this_periods_report_status_and_light(world, indicator):
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, by=world.reporter_a,
                now=NOW, text="正在施工", confidence="medium", next_milestone="6月底开工",
                next_milestone_date=dt.date(2026, 6, 30),
                actuals=[_actual(indicator, "350", "座")])
    filled = Filled(export(world, world.reporter_a))
    cell = lambda h: filled.cell(world.task_a, world.unit_a, h).value  # noqa: E731
    assert cell("本期进展") == "正在施工"
    assert cell("按期完成把握") == "中"
    assert cell("下一步节点") == "6月底开工"
    assert cell("节点计划日期").date() == dt.date(2026, 6, 30)
    assert cell("指标1本期完成值") == "350座"
    assert cell("报送状态") == "草稿"


def _actual(indicator, value, measure):
    from ducha.reporting.services import ActualInput

    return ActualInput(indicator, Decimal(value), measure)


# ---------------------------------------------------------------------------------------------
# import


def test_round_trip_fills_reports_as_a_person_would(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(
        本期进展="已完成立项,正在施工招标", 按期完成把握="高", 下一步节点="6月底前开工",
        节点计划日期=dt.datetime(2026, 6, 30), 指标1本期完成值="350"))
    filled.fill(world.task_shared, world.unit_a, **values(
        本期进展="会同乙局完成方案", 按期完成把握="中", 节点计划日期="2026年9月30日", 是否报送="是"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert result.ok and result.written
    assert len(result.changes) == 2 and result.submitted == 1
    draft = Report.objects.get(task=world.task_a, unit=world.unit_a, period=world.period)
    assert draft.state == ReportState.DRAFT
    assert (draft.text, draft.confidence, draft.next_milestone) == (
        "已完成立项,正在施工招标", "high", "6月底前开工")
    assert draft.next_milestone_date == dt.date(2026, 6, 30)
    actual = IndicatorActual.objects.get(report=draft)
    assert (actual.value, actual.measure) == (Decimal(350), "座")
    submitted = Report.objects.get(task=world.task_shared, unit=world.unit_a)
    assert submitted.state == ReportState.SUBMITTED
    assert submitted.submitted_by == world.reporter_a
    assert submitted.next_milestone_date == dt.date(2026, 9, 30)
    assert draft.history.first().history_user == world.reporter_a
    assert AuditEvent.objects.filter(action="import", result="success").count() == 1


def test_reexporting_and_importing_an_unchanged_ledger_changes_nothing(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(
        本期进展="=以等号开头的进展", 按期完成把握="低", 节点计划日期="2026-06-30",
        指标1本期完成值="0.035万座"))
    filled.cell(world.task_a, world.unit_a, "本期进展").data_type = "s"  # typed as '=…
    assert run_import(filled.bytes(), world.reporter_a).written
    before = list(Report.objects.values_list("updated_at", flat=True))
    again = run_import(export(world, world.reporter_a), world.reporter_a)
    assert again.ok and not again.changes and not again.written
    assert again.unchanged == 2
    assert list(Report.objects.values_list("updated_at", flat=True)) == before
    assert Report.objects.get().text == "=以等号开头的进展"


def test_indicator_values_accept_measures_and_excel_percent_cells(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(指标1本期完成值="５１２座"))
    assert run_import(filled.bytes(), world.reporter_a).written
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.measure) == (Decimal(512), "座")
    indicator.measure, indicator.name = "%", "覆盖率"
    indicator.save()
    filled = Filled(export(world, world.reporter_a))
    cell = filled.sheet.cell(row, filled.headers["指标1本期完成值"])
    cell.value, cell.number_format = 0.825, "0.0%"
    assert run_import(filled.bytes(), world.reporter_a).written
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.measure) == (Decimal("82.5"), "%")


def test_one_bad_row_writes_nothing_and_names_row_and_column(world):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(本期进展="正常填写的一行", 按期完成把握="高"))
    bad = filled.fill(world.task_shared, world.unit_a, **values(本期进展="另一行", 按期完成把握="很高"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert not result.written and result.error_total == 1
    assert str(result.errors[0]).startswith(f"第{bad}行“按期完成把握”列:")
    assert "高" in result.errors[0].message and result.errors[0].letter == "I"
    assert not Report.objects.exists()
    assert AuditEvent.objects.filter(action="import", result="failure").count() == 1


def test_every_bad_cell_is_listed_with_its_column(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    row_a = filled.fill(world.task_a, world.unit_a, **values(
        本期进展="进展", 节点计划日期="下个月", 指标1本期完成值="350吨"))
    row_s = filled.fill(world.task_shared, world.unit_a, **values(
        本期进展="进展", 是否报送="也许", 下一步节点="节" * 301))
    result = run_import(filled.bytes(), world.reporter_a)
    where = {(e.row, e.column) for e in result.errors}
    assert where == {(row_a, "节点计划日期"), (row_a, "指标1本期完成值"),
                     (row_s, "是否报送"), (row_s, "下一步节点")}
    measure = next(e for e in result.errors if e.column == "指标1本期完成值")
    assert "吨" in measure.message and "座" in measure.message
    assert not Report.objects.exists() and not IndicatorActual.objects.exists()


def test_dry_run_shows_the_changes_and_writes_nothing(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(本期进展="试运行", 指标1本期完成值=12,
                                                     是否报送="是"))
    result = run_import(filled.bytes(), world.reporter_a, dry_run=True)
    assert result.ok and not result.written and result.dry_run
    change = result.changes[0]
    assert change.action == "报送"
    assert ("本期进展", "", "试运行") in change.fields
    assert ("新建5G基站", "", "12座") in change.fields
    assert not Report.objects.exists() and not IndicatorActual.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["import", "report_submit"]).exists()


def test_reporter_cannot_import_rows_of_another_unit(world):
    filled = Filled(export(world, world.supervisor))  # the office's file holds every unit
    filled.fill(world.task_a, world.unit_a, **values(本期进展="甲局自己的进展"))
    foreign = filled.fill(world.task_b, world.unit_b, **values(本期进展="替乙局填的进展"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert not result.written
    errors = [e for e in result.errors if e.row == foreign]
    assert errors and errors[0].column == "单位" and "测试市乙局" in errors[0].message
    assert not Report.objects.exists()


def test_hidden_unit_column_changed_to_another_unit_is_refused(world):
    filled = Filled(export(world, world.reporter_b))
    row = filled.fill(world.task_b, world.unit_b, **values(本期进展="乙局进展"))
    filled.sheet.cell(row, filled.headers["系统·单位编号"]).value = world.unit_a.pk
    result = run_import(filled.bytes(), world.reporter_b)
    assert [(e.row, e.column) for e in result.errors] == [(row, "单位")]
    assert not Report.objects.exists()


def test_rows_moved_out_of_line_with_their_hidden_ids_are_refused(world):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="进展", 事项="甲乙共办事项"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "事项")]


def test_submitted_report_cannot_be_changed_through_the_ledger(world):
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, by=world.reporter_a,
                now=NOW, text="已报送的进展", submit=True)
    unchanged = run_import(export(world, world.reporter_a), world.reporter_a)
    assert unchanged.ok and not unchanged.changes
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="想改一下"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "报送状态")]
    assert "已报送" in result.errors[0].message
    assert Report.objects.get().text == "已报送的进展"


def test_near_duplicate_submission_needs_confirmation(world, earlier):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier,
                          text="已完成项目立项,正在开展施工招标。", state=ReportState.ACCEPTED)
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="已完成项目立项,正在开展施工招标。",
                                                           是否报送="是"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "本期进展")]
    assert "雷同" in result.errors[0].message
    assert not Report.objects.filter(period=world.period).exists()
    confirmed = run_import(filled.bytes(), world.reporter_a, confirm_duplicate=True)
    assert confirmed.written
    assert Report.objects.get(period=world.period).near_duplicate


def test_submit_all_submits_every_row_with_progress(world):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(本期进展="一"))
    filled.fill(world.task_shared, world.unit_a, **values(本期进展="二"))
    result = run_import(filled.bytes(), world.reporter_a, submit_all=True)
    assert result.written and result.submitted == 2
    assert set(Report.objects.values_list("state", flat=True)) == {ReportState.SUBMITTED}


def test_submit_without_progress_text_is_an_error(world):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(按期完成把握="高", 是否报送="是"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "本期进展")]
    assert not Report.objects.exists()


def test_closed_period_refuses_the_whole_file(world):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(本期进展="进展"))
    Period.objects.filter(pk=world.period.pk).update(state="closed")
    result = run_import(filled.bytes(), world.reporter_a)
    assert not result.written and result.errors[0].row is None
    assert "已关闭" in result.errors[0].message
    assert not Report.objects.exists()


def test_office_cannot_write_units_reports_through_the_ledger(world):
    filled = Filled(export(world, world.supervisor))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="督查室代填"))
    result = run_import(filled.bytes(), world.supervisor)
    assert [(e.row, e.column) for e in result.errors] == [(row, "单位")]
    assert not Report.objects.exists()


def test_file_of_another_period_is_refused_on_that_periods_page(world, earlier):
    with pytest.raises(DuchaError, match="2026年一季度"):
        run_import(export(world, world.reporter_a), world.reporter_a, period=earlier)


def test_leader_cannot_import(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(export(world, world.leader), world.leader)


def test_export_query_count_does_not_grow_with_the_number_of_tasks(world, indicator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tests.conftest import make_task

    def add_tasks(start: int, count: int) -> None:
        for n in range(start, start + count):
            task = make_task(world.task_a.source, f"批量事项{n}", 100 + n, [world.unit_a],
                             [world.unit_b])
            Report.objects.create(unit=world.unit_a, task=task, period=world.period,
                                  text=f"进展{n}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export(world, world.supervisor)
        return len(captured)

    export(world, world.supervisor)  # the first audit row also creates the chain head
    add_tasks(0, 10)
    few = queries()
    add_tasks(10, 40)
    many = queries()
    assert many == few, (few, many)
