"""Meeting headings and their dates, including dates whose 年/月 separators were lost.

Scraped bulletins print "2020415日" for 2020年4月15日: the digits after the year can split
into month and day in more than one way. Every calendar-valid split is kept as a candidate,
then the bulletin's own order narrows them: meeting numbers increase with the date within a
year, meetings are listed in date order inside a status section, and the opening paragraph
states the period covered ("201911-20206月", likewise damaged). What no rule settles stays
ambiguous, with its candidates, instead of being guessed silently.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ducha.docparse.bulletin_text import cn_number, enumeration, split_annotation

_DATE = re.compile(r"(\d{4})\s*年?\s*(?:(\d{1,2})\s*月\s*(\d{1,2})\s*日?|(\d{2,4})\s*日)")
_DATE_CN = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日")
DATE_NO_YEAR = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR_ONLY = re.compile(r"(\d{4})\s*年")
_MEETING_END = re.compile(r".*会(?:议)?(?:纪要)?\s*(?:[(][^()]*[)])?")
_MEETING_NUMBER = re.compile(r"第\s*([\d一二三四五六七八九十百〇零]+)\s*次")
_PERIOD = re.compile(r"(\d{4})\s*年?\s*(\d{1,2})\s*月?\s*份?\s*[-—–~至到]+\s*"
                     r"(?:(\d{4})\s*年?\s*)?(\d{1,2})\s*月")
_NOT_IN_HEADING = re.compile(r"[。,;:!?]")  # a heading is a noun phrase, not a sentence
_MAX_HEADING = 60


@dataclass(frozen=True)
class DateResolution:
    """What a printed date can mean: the chosen date, and the candidates left if ambiguous."""

    date: dt.date | None
    candidates: tuple[dt.date, ...]
    ambiguous: bool


@dataclass(frozen=True)
class MeetingHeading:
    """A meeting heading as printed, with every reading of its date."""

    heading: str
    number: int | None
    year: int | None
    candidates: tuple[dt.date, ...]
    month_day: tuple[int, int] | None = None  # a date printed without its year
    damaged: bool = False


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_splits(year: int, digits: str) -> tuple[dt.date, ...]:
    """Every calendar-valid month/day split of the digits that followed the year."""
    found = []
    for cut in range(1, len(digits)):
        month, day = digits[:cut], digits[cut:]
        if len(month) <= 2 and len(day) <= 2 and (d := _valid(year, int(month), int(day))):
            found.append(d)
    return tuple(sorted(set(found)))


def _soft(pool: Sequence[dt.date], lo: dt.date | None, hi: dt.date | None) -> tuple[dt.date, ...]:
    """Keep the candidates inside [lo, hi]; a bound that would leave none is ignored."""
    kept = tuple(d for d in pool if (lo is None or d >= lo) and (hi is None or d <= hi))
    return kept or tuple(pool)


def _resolution(pool: Sequence[dt.date]) -> DateResolution:
    if not pool:
        return DateResolution(None, (), False)
    if len(pool) == 1:
        return DateResolution(pool[0], (), False)
    return DateResolution(pool[0], tuple(pool), True)


@dataclass(frozen=True)
class _Printed:
    """The first date printed in a text: its readings and where it starts."""

    start: int = -1
    year: int | None = None
    candidates: tuple[dt.date, ...] = ()
    damaged: bool = False
    month_day: tuple[int, int] | None = None


def _read_date(text: str) -> _Printed:
    """Every reading of the first date printed in ``text`` (Arabic, damaged, Chinese, no year)."""
    if m := _DATE.search(text):
        year = int(m.group(1))
        if m.group(4) is None:
            d = _valid(year, int(m.group(2)), int(m.group(3)))
            return _Printed(m.start(), year, (d,) if d else ())
        return _Printed(m.start(), year, date_splits(year, m.group(4)), damaged=True)
    if m := _DATE_CN.search(text):
        year = cn_number(m.group(1)) or 0
        d = _valid(year, cn_number(m.group(2)) or 0, cn_number(m.group(3)) or 0)
        return _Printed(m.start(), year, (d,) if d else ())
    if m := DATE_NO_YEAR.search(text):
        return _Printed(m.start(), month_day=(int(m.group(1)), int(m.group(2))))
    return _Printed()


def resolve_damaged_date(
    digits: str, *, after: dt.date | None = None, before: dt.date | None = None
) -> DateResolution:
    """Read a date such as "2020415日" (or an intact one), narrowed by optional bounds.

    Bounds are soft: a bound that excludes every reading is ignored rather than trusted.
    """
    text = digits.strip()
    if not text.endswith("日") and "月" not in text:
        text += "日"
    return _resolution(_soft(_read_date(text).candidates, after, before))


def parse_meeting_heading(line: str) -> MeetingHeading | None:
    """Read "(一)2021年5月17日市政府第5次常务会议" (or None when the line is no such heading)."""
    rest = enumeration(line.strip()).rest
    if not rest or len(rest) > _MAX_HEADING or _NOT_IN_HEADING.search(rest):
        return None
    if not _MEETING_END.fullmatch(rest) or split_annotation(rest)[1] is not None:
        return None
    number_match = _MEETING_NUMBER.search(rest)
    number = cn_number(number_match.group(1)) if number_match else None
    printed = _read_date(rest)
    if printed.start > 0 and "(" not in rest[: printed.start]:
        return None  # a date inside a sentence, not the heading's own date
    if printed.start < 0 and number is None:
        return None
    if printed.month_day and (year := _YEAR_ONLY.search(rest)):  # 2021年第5次…(5月17日)
        day = _valid(int(year.group(1)), *printed.month_day)
        printed = _Printed(printed.start, int(year.group(1)), (day,) if day else ())
    return MeetingHeading(rest, number, printed.year, printed.candidates, printed.month_day,
                          printed.damaged)


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """The span of months an opening paragraph names ("2020年9月-2021年8月", "201911-20206月")."""
    spans = []
    for m in _PERIOD.finditer(text):
        y1, m1 = int(m.group(1)), int(m.group(2))
        y2, m2 = int(m.group(3) or y1), int(m.group(4))
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y1, m1) <= (y2, m2):
            spans.append((dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])))
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _initial_pool(
    heading: MeetingHeading, period: tuple[dt.date, dt.date] | None, published: dt.date | None
) -> tuple[dt.date, ...]:
    pool = heading.candidates
    if heading.month_day is not None:
        years = range(period[0].year, period[1].year + 1) if period else (
            [published.year] if published else [])
        pool = tuple(d for y in years if (d := _valid(y, *heading.month_day)))
    if period:
        pool = _soft(pool, period[0], period[1])
    return tuple(sorted(_soft(pool, None, published)))


def _number_order(
    headings: Sequence[MeetingHeading], focus: Iterable[int]
) -> Iterable[tuple[int, int]]:
    """Pairs (j, i) with date_j <= date_i because meeting numbers grow within a year.

    Only pairs touching a meeting in ``focus`` (the ambiguous ones) are produced: pairs of
    settled dates cannot narrow anything, so the work grows with ambiguous × all meetings."""
    for k in focus:
        a = headings[k]
        for m, b in enumerate(headings):
            if m == k or a.year is None or a.year != b.year or not a.number or not b.number:
                continue
            if b.number <= a.number:
                yield m, k
            if a.number <= b.number:
                yield k, m


def _document_order(sections: Sequence[int], focus: Iterable[int]) -> Iterable[tuple[int, int]]:
    """Pairs (j, i) with date_j <= date_i because a section lists its meetings in date order."""
    for k in focus:
        for m in range(len(sections)):
            if m != k and sections[m] == sections[k]:
                yield min(m, k), max(m, k)


def _propagate(pools: list[tuple[dt.date, ...]], order: Sequence[tuple[int, int]]) -> None:
    """Narrow the pools in place until the order constraints change nothing more."""
    changed = True
    while changed:
        changed = False
        for j, i in order:
            if not pools[i] or not pools[j]:
                continue
            new_i = _soft(pools[i], pools[j][0], None)
            new_j = _soft(pools[j], None, new_i[-1])
            if new_i != pools[i] or new_j != pools[j]:
                pools[i], pools[j], changed = new_i, new_j, True


def resolve_meeting_dates(
    headings: Sequence[MeetingHeading],
    sections: Sequence[int],
    *,
    period: tuple[dt.date, dt.date] | None = None,
    published: dt.date | None = None,
) -> list[DateResolution]:
    """Settle every meeting's date from its own candidates and the bulletin's order.

    ``sections[k]`` is the index of the status section meeting ``k`` is listed in. Meeting
    numbers are trusted first; the listing order only breaks the ties they leave.
    """
    pools = [_initial_pool(h, period, published) for h in headings]
    _propagate(pools, sorted(set(_number_order(headings, _ambiguous(pools)))))
    _propagate(pools, sorted(set(_document_order(sections, _ambiguous(pools)))))
    return [_resolution(p) for p in pools]


def _ambiguous(pools: Sequence[tuple[dt.date, ...]]) -> list[int]:
    return [k for k, pool in enumerate(pools) if len(pool) > 1]
