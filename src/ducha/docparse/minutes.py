"""The meeting a set of minutes (会议纪要) records: its kind, date and number.

Minutes open with the meeting itself ("2030年6月16日,市长主持召开市政府第12次常务会议"), and
the decided items they assign belong to that meeting, so the ledger can file them under it as
it files the items of a meeting-decision bulletin. A 专题会议 or 市长办公会议 has no 第N次: its
minutes' issue (〔2030〕第6期) numbers it, and a date printed without its year ("6月3日上午")
takes the year of the minutes' own date. Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ducha.docparse.bulletin_dates import DATE_NO_YEAR
from ducha.docparse.bulletin_text import cn_number
from ducha.docparse.model import Document
from ducha.docparse.split import ISSUE

_OPENING_LINES = 6  # the meeting is named in the head or the first paragraph
_EDGE = " ,,"  # characters trimmed off a heading clause
_DATE = re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日")
_NUMBER = re.compile(
    r"第 ?([一二三四五六七八九十百零〇\d]{1,6}) ?次[^,,。;;]{0,12}?(?:会议|会(?=[,,。;;]|$))")
# A meeting named without a number: "主持召开市长办公会议", "召开专题会议".
_UNNUMBERED = re.compile(r"(?:召开|举行)了?(?P<name>[^,,。;;]{0,16}?(?:专题会议|专题协调会|专题会|"
                         r"办公会议|办公会|协调会议|协调会|调度会议|调度会))")
_KINDS = (("常务会", "executive"), ("全体会", "plenary"), ("专题", "special"))


def minutes_meeting(document: Document) -> dict[str, Any] | None:
    """{"heading", "date", "number", "kind"} of the meeting the minutes record, else None.

    The date is the one printed in the same sentence, before the meeting's number or else
    after it (the date the minutes were signed stands apart); an invalid date is left out.
    A title naming the meeting without its date ("第12次常务会议纪要") takes the date from
    the opening sentence that names the meeting again. A meeting without 第N次 is read by
    ``_unnumbered``.
    """
    found: dict[str, Any] | None = None
    opening = [document.title, *(line.text for line in document.body[:_OPENING_LINES])]
    for line in opening:
        for sentence in re.split("[。;]", line):
            meeting = _meeting_in(sentence)
            if meeting is None:
                continue
            if meeting["date"] and (found is None or found["number"] == meeting["number"]):
                return _with_kind(meeting)
            found = found or meeting
    if found is None:
        found = _unnumbered(opening, document)
    return _with_kind(found) if found else None


def meeting_kind(heading: str) -> str:
    """A meeting's kind read off its name: executive (常务会议), plenary (全体会议),
    special (专题会议) or other (市长办公会议, 协调会)."""
    return next((kind for word, kind in _KINDS if word in heading), "other")


def _with_kind(meeting: dict[str, Any]) -> dict[str, Any]:
    meeting["kind"] = meeting_kind(meeting["heading"])
    return meeting


def _unnumbered(opening: list[str], document: Document) -> dict[str, Any] | None:
    """A meeting without 第N次, numbered by the minutes' issue, dated in its sentence."""
    issue = ISSUE.search(document.doc_number or "")
    for line in opening[1:]:
        for sentence in re.split("[。;]", line):
            found = _UNNUMBERED.search(sentence)
            if found is None:
                continue
            date = _date_before(sentence, found.start(), document.date)
            heading = f"{date.year}年{date.month}月{date.day}日" if date else ""
            return {"heading": heading + found.group("name"),
                    "date": date.isoformat() if date else None,
                    "number": int(issue["issue"] or issue["serial"]) if issue else None}
    return None


def _date_before(sentence: str, end: int, signed: str | None) -> dt.date | None:
    """The date printed before ``end``; without its year, the year of the minutes' date
    (the year before when that month-day falls after the signing)."""
    if dates := list(_DATE.finditer(sentence, 0, end)):
        return _valid(*map(int, dates[-1].groups()))
    short = list(DATE_NO_YEAR.finditer(sentence, 0, end))
    if not short or not signed:
        return None
    on = dt.date.fromisoformat(signed)
    month, day = map(int, short[-1].groups())
    date = _valid(on.year, month, day)
    return _valid(on.year - 1, month, day) if date is not None and date > on else date


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
