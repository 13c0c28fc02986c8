"""Reading a printed 完成时限 into a date and a task category.

Documents print 2021年6月30日前, 2021年12月底, 2021年6月, 年底前, 长期坚持 or 持续推进. A month
without a day means the month's last day; a text that names no year takes the source's year;
wording of permanence makes the task long-term with no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_FULL = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月(?:底|末|份)?")
_QUARTER_END = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(上半年|年底|年末|全年|年内)")
_LONG_TERM = re.compile(r"长期|持续|常态|每年|逐年")


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str | None, *, year: int | None) -> tuple[dt.date | None, bool]:
    """The deadline date (or None) and whether the wording makes the task long-term."""
    if not text:
        return None, False
    if found := _FULL.search(text):
        try:
            return dt.date(*(int(g) for g in found.groups())), False
        except ValueError:
            return None, False
    if (found := _MONTH.search(text)) and (found.group(1) or year):
        return _month_end(int(found.group(1) or year), int(found.group(2))), False
    if (found := _QUARTER_END.search(text)) and (found.group(1) or year):
        y = int(found.group(1) or year)
        return (dt.date(y, 6, 30) if found.group(2) == "上半年" else dt.date(y, 12, 31)), False
    return None, bool(_LONG_TERM.search(text))
