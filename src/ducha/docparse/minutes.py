"""The executive meeting a set of minutes (会议纪要) records: its date and number.

Minutes open with the meeting itself ("2030年6月16日,市长主持召开市政府第12次常务会议"), and
the decided items they assign belong to that meeting, so the ledger can file them under it as
it files the items of a meeting-decision bulletin. Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ducha.docparse.bulletin_text import cn_number
from ducha.docparse.model import Document

_OPENING_LINES = 6  # the meeting is named in the head or the first paragraph
_EDGE = " ,,"  # characters trimmed off a heading clause
_DATE = re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日")
_NUMBER = re.compile(r"第 ?([一二三四五六七八九十百零〇\d]{1,6}) ?次[^,,。;;]{0,12}?会议")


def minutes_meeting(document: Document) -> dict[str, Any] | None:
    """{"heading", "date", "number"} of the meeting the minutes record, else None.

    The date is the one printed in the same sentence, before the meeting's number or else
    after it (the date the minutes were signed stands apart); an invalid date is left out.
    A title naming the meeting without its date ("第12次常务会议纪要") takes the date from
    the opening sentence that names the meeting again.
    """
    found: dict[str, Any] | None = None
    for line in [document.title, *(line.text for line in document.body[:_OPENING_LINES])]:
        for sentence in re.split("[。;]", line):
            meeting = _meeting_in(sentence)
            if meeting is None:
                continue
            if meeting["date"] and (found is None or found["number"] == meeting["number"]):
                return meeting
            found = found or meeting
    return found


def _meeting_in(sentence: str) -> dict[str, Any] | None:
    """The meeting a sentence names with its number, and its date when printed there."""
    found = _NUMBER.search(sentence)
    number = cn_number(found.group(1)) if found else None
    if found is None or not number:
        return None
    dates = list(_DATE.finditer(sentence, 0, found.start()))
    before = dates[-1] if dates else None
    printed = before or _DATE.search(sentence, found.end())  # "…会议于2030年3月2日召开"
    date = _valid(*map(int, printed.groups())) if printed else None
    return {"heading": _heading(sentence, found, before),
            "date": date.isoformat() if date else None, "number": number}


def _heading(sentence: str, number: re.Match[str], date: re.Match[str] | None) -> str:
    """"2030年6月16日市政府第12次常务会议": the date, then the clause naming the meeting
    from after its verb (召开/举行), without who chaired it."""
    start = max(sentence.rfind(",", 0, number.start()), sentence.rfind(",", 0, number.start()))
    clause = sentence[start + 1:number.end()]
    if date is not None and date.start() > start:
        clause = sentence[date.end():number.end()]
    verb = max(clause.rfind("召开"), clause.rfind("举行"))
    clause = clause[verb + 2:] if verb >= 0 else clause
    return f"{date.group() if date else ''}{clause.strip(_EDGE)}"


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
