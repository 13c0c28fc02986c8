"""Writing the audit log to .csv or .xlsx, every cell quoted against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ducha.security.cells import safe_row

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def rows_to_csv(rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with BOM so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(rows: Iterable[list[Any]], *, title: str = "审计日志") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
                      for v in safe_row(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_bytes(rows: Iterable[list[Any]], fmt: str) -> bytes:
    if fmt == "csv":
        return rows_to_csv(rows)
    if fmt == "xlsx":
        return rows_to_xlsx(rows)
    raise ValueError(fmt)
