"""Spreadsheet formula injection (CSV/Excel injection) neutralised, per OWASP.

Every cell that Ducha writes into an .xlsx or .csv goes through ``safe_cell``: a text that a
spreadsheet would read as a formula (it starts with ``= + - @``, their full-width forms, a tab
or a carriage return) gets a leading apostrophe, so it is shown as the text it is. Numbers,
dates and booleans pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """The value to write into a spreadsheet cell; text that could run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """``safe_cell`` over a row."""
    return [safe_cell(v) for v in values]
