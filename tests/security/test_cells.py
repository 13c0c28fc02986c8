"""Formula injection: cells that would run as formulas are written as plain text."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from ducha.security.cells import safe_cell, safe_row

PAYLOADS = ["=1+1", "=HYPERLINK(\"http://evil\",\"点击\")", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "＝1+1", "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_starts_get_a_leading_apostrophe(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["已完成", "完成率 100%", "a=b", "", 42, -3.5, None, True,
                                   dt.date(2026, 3, 31)])
def test_ordinary_values_pass_through(value):
    assert safe_cell(value) == value


def test_openpyxl_writes_quoted_payloads_as_text_not_formulas():
    wb = Workbook()
    ws = wb.active
    ws.append(safe_row(PAYLOADS[:5]))
    buffer = io.BytesIO()
    wb.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))
    row = cells[0]
    assert all(isinstance(v, str) and v.startswith("'") for v in row)
    reloaded = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert all(c.data_type == "s" for c in reloaded[1])


def test_csv_cells_are_quoted_too():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(safe_row(["=1+1", "正常"]))
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=1+1", "正常"]
