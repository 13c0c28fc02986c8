"""The Excel ledger (台账) export of 10,000 task × unit rows against bare openpyxl, same run.

Phase 1, no database: ``ledger_workbook`` (styles, protection, drop-downs, hidden columns, the
instructions and marker sheets, every cell through ``safe_cell``) against two floors that write
the same non-empty cell values with bare openpyxl and no styling at all — ``ws.append`` of the
whole row (also writes the empty cells) and ``ws.cell`` for the non-empty cells only.

Phase 2 (``BENCH_XLSX_DB=1``, default): the full export path through the database — the
``task_list`` selector, reports, assessments, indicators — on a fresh SQLite database in a
temporary ``DUCHA_VAR_DIR`` (5,000 tasks × 2 units), plus reading and validating the same file
back as an import (a dry run of the office's unchanged file: nothing to write).

usage: .venv/bin/python bench/bench_xlsx.py [ROWS]     (env: BENCH_XLSX_ROUNDS, BENCH_XLSX_DB)
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
ROUNDS = int(os.environ.get("BENCH_XLSX_ROUNDS", "3"))
WITH_DB = os.environ.get("BENCH_XLSX_DB", "1") != "0"
GOAL_SECONDS = 15.0  # a whole city's ledger must download within a page timeout
PROGRESS = ("已完成项目立项和资金测算,正在开展施工招标,累计完成投资二点三亿元,占年度计划的百分之"
            "八十六;下一步将加快工程建设进度,确保年底前全面完成建设任务并投入使用。")
VAR = tempfile.mkdtemp(prefix="bench_xlsx_")
os.environ.setdefault("DUCHA_VAR_DIR", VAR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")


def _timed(fn: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _ledger(rows: int) -> object:
    from ducha.reporting.models import Period
    from ducha.reporting.xlsx_export import IndicatorCell, Ledger, LedgerRow

    period = Period(year=2026, kind="quarter", index=1, due_date=dt.date(2026, 3, 31))
    out = []
    for n in range(rows):
        row = LedgerRow(
            task_id=n // 2 + 1, unit_id=n % 2 + 1, number=f"{n // 2 + 1}.",
            source="示例市2026年政府工作报告重点工作分解(示政发〔2026〕1号)",
            chapter="二、坚持创新驱动,加快建设现代化产业体系", role="牵头" if n % 2 else "责任",
            title=f"第{n // 2 + 1}项:推进重点项目建设,确保按期竣工投产,年内新增规上企业50家",
            unit="示例市发展和改革委员会" if n % 2 else "示例市工业和信息化局",
            deadline=dt.date(2026, 12, 31), state="草稿" if n % 3 else "未填报",
            status="正在推进" if n % 4 == 0 else "", light="绿灯" if n % 4 == 0 else "")
        if n % 3:
            row.text, row.confidence, row.milestone = PROGRESS, "中", "6月底前开工"
            row.milestone_date = dt.date(2026, 6, 30)
        if n % 5 == 0:
            row.indicators.append(IndicatorCell(n + 1, "新增规上工业企业", "不低于50家",
                                                "12家" if n % 3 else ""))
        out.append(row)
    return Ledger(period=period, scope="全部单位", unit_id=None, rows=out)


def _floor_append(matrix: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for values in matrix:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _floor_cells(matrix: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, values in enumerate(matrix, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None and value != "":
                sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def phase_workbook() -> None:
    import django

    django.setup()
    from ducha.reporting.xlsx_export import (
        _row_values,
        cell_value,
        ledger_columns,
        ledger_workbook,
    )

    ledger = _ledger(ROWS)
    now = dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC)
    header = [c.header for c in ledger_columns(ledger.slots)]
    matrix = [header] + [[cell_value(v) for v in _row_values(r, ledger.slots, "2026Q1")]
                         for r in ledger.rows]
    cells = sum(1 for row in matrix for v in row if v is not None and v != "")
    floor_a, _ = _timed(lambda: _floor_append(matrix))
    floor_c, _ = _timed(lambda: _floor_cells(matrix))
    ours, data = _timed(lambda: ledger_workbook(ledger, exported_by="bench", now=now))
    floor = min(floor_a, floor_c)
    print(f"rows {ROWS}, columns {len(header)}, non-empty cells {cells}, "
          f"file {len(data) / 1048576:.1f} MB (median of {ROUNDS})")  # type: ignore[arg-type]
    print(f"  floor: bare openpyxl ws.append       {floor_a:7.2f} s")
    print(f"  floor: bare openpyxl ws.cell (same)  {floor_c:7.2f} s")
    print(f"  ledger_workbook (styled, protected)  {ours:7.2f} s   ratio {ours / floor:.2f}× "
          "the faster floor")


def phase_database() -> None:
    from django.core.management import call_command

    from ducha.accounts.models import User
    from ducha.choices import PeriodKind, Role, SourceKind, UnitKind, UserRole
    from ducha.ledger.models import Assignment, Indicator, Source, Task
    from ducha.org.models import Unit
    from ducha.reporting.models import Period, Report
    from ducha.reporting.xlsx_export import ledger_export
    from ducha.reporting.xlsx_import import ledger_import

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    units = Unit.objects.bulk_create(Unit(name=f"示例市第{i}局", kind=UnitKind.DEPARTMENT,
                                          sort_order=i) for i in range(100))
    source = Source.objects.create(kind=SourceKind.WORK_REPORT, title="示例市重点工作分解",
                                   content_hash="b" * 64)
    tasks = Task.objects.bulk_create(
        Task(source=source, title=f"第{i}项重点工作:推进重点项目建设,确保按期竣工投产",
             number=f"{i}.", position=i, chapter="二、加快建设现代化产业体系",
             deadline=dt.date(2026, 12, 31)) for i in range(1, ROWS // 2 + 1))
    Assignment.objects.bulk_create(
        Assignment(task=t, unit=units[(i + k) % 100], role=Role.LEAD if k == 0
                   else Role.RESPONSIBLE, printed_name=units[(i + k) % 100].name)
        for i, t in enumerate(tasks) for k in (0, 1))
    Indicator.objects.bulk_create(Indicator(task=t, name="新增企业", kind="count",
                                            comparator=">=", value=50, measure="家")
                                  for t in tasks[::5])
    period = Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=1,
                                   due_date=dt.date(2026, 3, 31))
    Report.objects.bulk_create(Report(unit=units[i % 100], task=t, period=period,
                                      text=PROGRESS, confidence="medium")
                               for i, t in enumerate(tasks) if i % 3)
    office = User.objects.create(username="bench-office", role=UserRole.SUPERVISOR)
    print(f"database: {ROWS} rows built in {time.perf_counter() - start:.1f} s "
          f"(SQLite under {VAR})")
    now = dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC)
    full, (_name, data) = _timed(lambda: ledger_export(user=office, period=period, unit=None,
                                                       now=now))  # type: ignore[misc]
    print(f"  ledger_export, selector + workbook   {full:7.2f} s   "
          f"{'within' if full <= GOAL_SECONDS else 'OVER'} the {GOAL_SECONDS:.0f} s goal")
    back, result = _timed(lambda: ledger_import(data=data, name="bench.xlsx", by=office,
                                                now=now, dry_run=True), rounds=1)
    print(f"  ledger_import dry run of that file   {back:7.2f} s   "
          f"({result.rows} rows, {len(result.changes)} changes, "  # type: ignore[union-attr]
          f"{result.error_total} errors)")  # type: ignore[union-attr]


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    phase_workbook()
    if WITH_DB:
        phase_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
