"""Dates as official documents print them, read into ISO strings.

Signatures print "2021年1月5日" or, in older or formal documents, "二〇二一年一月五日";
page metadata prints "2021-03-16 15:11:07". Impossible dates (2021年2月30日) give None
rather than an exception.
"""

from __future__ import annotations

import datetime as dt
import re

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零OＯ一二三四五六七八九十"
ARABIC_DATE = r"(?:19|20)\d{2} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日"
CHINESE_DATE = rf"[{_CN}]{{4}} ?年 ?[{_CN}]{{1,3}} ?月 ?[{_CN}]{{1,3}} ?日"
_ARABIC = re.compile(r"((?:19|20)\d{2}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日")
_CHINESE = re.compile(rf"([{_CN}]{{4}}) ?年 ?([{_CN}]{{1,3}}) ?月 ?([{_CN}]{{1,3}}) ?日")
_DASHED = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (month and day numerals)."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS.get(ch, 0)) for ch in text) or "0")
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD, or None."""
    if found := _ARABIC.search(text):
        return _iso(*(int(part) for part in found.groups()))
    if found := _CHINESE.search(text):
        year = int("".join(str(_CN_DIGITS.get(ch, 0)) for ch in found.group(1)))
        return _iso(year, _cn_number(found.group(2)), _cn_number(found.group(3)))
    if found := _DASHED.search(text):
        return _iso(*(int(part) for part in found.groups()))
    return None
