"""The frame around a bulletin's body: the 版头 above its title and the end matter below it.

An official bulletin (GB/T 9704) prints a 版头 above the title — the issuer's red name
(示例市人民政府政务督查室, often "…文件") and the 文号 (示政督〔2026〕3号) — and closes with a
结束语 addressed to the recipients ("请各责任单位…", "特此通报。"), a signature (issuer and
成文日期, maybe a 附注 such as "(此件公开发布)") and a 版记 ("抄送:…", "…2026年11月5日印发").
None of that is a title or an item's progress, yet a line grammar that reads top to bottom would
take the issuer for the title and append the end matter to the last item. This module recognises
the frame by the shape of its lines only (organisation names, dates, the 版记 words), so every
city's bulletins are read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ducha.docparse.dates import ARABIC_DATE, CHINESE_DATE, parse_date
from ducha.docparse.split import DOC_NUMBER, is_org

# 版记: copy-to lines and the printer's "…印发" line with its date.
_IMPRINT = re.compile(
    rf"(?:抄送|抄报|分送|发送|报送|主送)\s*:.*|\S.{{0,40}}?\s*(?:{ARABIC_DATE}|{CHINESE_DATE})\s*印发"
)
_DATE = re.compile(rf"[(]?(?:{ARABIC_DATE}|{CHINESE_DATE})[)]?")
_SIGNED = re.compile(rf"(?P<issuer>\S.{{1,40}}?)\s(?:{ARABIC_DATE}|{CHINESE_DATE})")
_NOTE = re.compile(r"[(](?:此件|此页|联系人|附注)[^)]*[)]")
# A signature printed without a date: only the names a supervision office signs with.
_BARE_SIGNATURE = re.compile(r"\S{2,30}(?:督查室|督查局|督查处|督办室|办公室|办公厅|人民政府)")
_SIGNATURE_LINES = 3
# 结束语: a paragraph addressed to the recipients, not a unit's account of its own work.
_CLOSING = re.compile(
    r"特此(?:通报|通知|函告|报告)|联系人|联系电话"
    r"|(?:请|望|希望|务请|恳请)(?:各|你|相关|有关|全市|全县|全区)"
    r"|(?:下一步[,,]\s*)?各[^。,,;;:]{0,24}?(?:要|务必|必须)"
    r"|对[^。]{0,40}?(?:单位|部门|地方|县市区)[^。]*(?:通报|约谈|问责|追究)"
)
_DOC_NUMBER_LINE = re.compile(rf"{DOC_NUMBER.pattern}(?:\s*签发人\s*:.{{0,12}})?")


@dataclass(frozen=True)
class Frame:
    """The body lines of a bulletin, with the closing paragraphs and the signed date."""

    body: list[str]
    closing: list[str]
    signed: tuple[int, int, int] | None


def is_head_line(line: str) -> bool:
    """A 版头 line above the title: a 文号, or the issuer's name ("…督查室", "…文件")."""
    if _DOC_NUMBER_LINE.fullmatch(line):
        return True
    name = line.removesuffix("文件")
    return "关于" not in name and is_org(name)


def split_frame(lines: list[str]) -> Frame:
    """Cut the end matter (版记, 附注, signature) and the 结束语 off the bottom of a body.

    The lines are read bottom-up in the order GB/T 9704 prints them, so each kind is only
    recognised where it may stand: an organisation name counts as a signature only just above
    the date (or at the very end, in an office's own name), and a closing only above those.
    """
    end = len(lines)
    while end and _IMPRINT.fullmatch(lines[end - 1]):
        end -= 1
    while end and _NOTE.fullmatch(lines[end - 1]):
        end -= 1
    end, signed = _signature(lines, end)
    start = end
    while start and _CLOSING.match(lines[start - 1]):
        start -= 1
    return Frame(lines[:start], lines[start:end], signed)


def _signature(lines: list[str], end: int) -> tuple[int, tuple[int, int, int] | None]:
    """Where the signature block starts (``end`` when there is none) and the date it signs."""
    if not end:
        return end, None
    last = lines[end - 1]
    if _DATE.fullmatch(last):
        end -= 1
        floor = max(0, end - _SIGNATURE_LINES)
        while end > floor and is_org(lines[end - 1]):
            end -= 1
        return end, _date_parts(last)
    if (signed := _SIGNED.fullmatch(last)) and is_org(signed.group("issuer")):
        return end - 1, _date_parts(last)
    if _BARE_SIGNATURE.fullmatch(last):
        return end - 1, None
    return end, None


def _date_parts(line: str) -> tuple[int, int, int] | None:
    """The signed date as (year, month, day), Arabic or Chinese numerals alike."""
    iso = parse_date(line)
    return (int(iso[:4]), int(iso[5:7]), int(iso[8:10])) if iso else None

