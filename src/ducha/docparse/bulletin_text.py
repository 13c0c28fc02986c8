"""Line-level grammar shared by the bulletin parser: furniture, enumerators, units, labels.

A bulletin arrives as plain text that may have been scraped from a government web page, so
the page's furniture (metadata bullets, 字号/分享到, 责任编辑, share widgets) is recognised here
and kept out of the body. Everything is line based: regexes are anchored with ``match`` on one
line at a time, never ``^`` with ``re.M`` over a whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ducha.docparse.annotations import LEAD_MARK
from ducha.docparse.unitnames import all_units
from ducha.docparse.vocab import STATUSES, status_from_label

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}

# Labels some bulletins print that vocab.py does not list yet (reported to the lead);
# consulted only when vocab finds nothing.
LOCAL_ALIASES: dict[str, str] = {
    "进展滞后": "lagging",
    "进度滞后": "lagging",
    "推进滞后": "lagging",
    "已经落实": "done",
    "已经完成": "done",
    "未完成": "not_done",
    "尚未启动": "not_done",
    "正在办理": "in_progress",
    "推进缓慢": "lagging",
    "长期坚持": "ongoing",
}
ALL_ALIASES: tuple[str, ...] = tuple(
    sorted({a for s in STATUSES for a in s.aliases} | set(LOCAL_ALIASES), key=len, reverse=True)
)
ALIAS_RE = "|".join(re.escape(a) for a in ALL_ALIASES)

_TOP_ENUM = re.compile(r"([一二三四五六七八九十百]+)\s*[、.]\s*(.*)")
_SUB_ENUM = re.compile(r"[(]\s*([一二三四五六七八九十百]+)\s*[)]\s*[、.]?\s*(.*)")
# "1." but not the decimal point of "1.5亿元" (unless a year follows: "2.2021年…")
_NUM_ENUM = re.compile(
    r"(?:(\d{1,3})\s*(?:、|\.(?!\d)|\.(?=\d{4}年))|[(]\s*(\d{1,3})\s*[)])\s*(.*)"
)

_METADATA = re.compile(
    r"(?:索\s*引\s*号|文\s*号|发布机构|主办单位|主题分类|有\s*效\s*性|发布日期|发布时间|成文日期|"
    r"发文日期|发文单位|发文机关|名\s*称|信息来源|来源|作者|浏览次数|阅读次数|点击数|"
    r"字\s*号|分享到|当前位置|您当前的位置|打印|关闭|公报年份|总号|期号)\s*[:]"
)
_FURNITURE = re.compile(
    r"[•·▪●【]|(?:手机扫一扫|扫一扫|官方微博|微信公众号|分享到|上一篇|下一篇|打印本页|关闭窗口)"
    r"|首页 ?[>»]"
    r"|[A-Za-z .]{1,12}$"
)
_TAIL = re.compile(r"(?:责任编辑|编\s*辑\s*[:]|扫一扫|上一篇|下一篇|相关链接|相关阅读)")
_DATE_KEYS = r"(?:发布日期|发布时间|成文日期|发文日期)"
_NAME_META = re.compile(rf"[•·]?\s*名\s*称\s*[:]\s*(.+?)(?:\s+{_DATE_KEYS}\s*[:].*)?$")
_PUB_META = re.compile(rf"{_DATE_KEYS}\s*[:]\s*(\d{{4}})[-年/.](\d{{1,2}})[-月/.](\d{{1,2}})")

_ROLES = (r"(?:责任单位|牵头单位|承办单位|主办单位|协办单位|配合单位|责任部门|牵头部门|"
          r"主责单位|落实单位|责任站所|责任科室|责任处室|挂牌督办单位)")
_ANNOTATION = re.compile(rf"[(]\s*{_ROLES}\s*[:]")
_ROLE_PREFIX = re.compile(rf"{_ROLES}\s*[:]")
# 责任单位:… printed unbracketed, on a line of its own or after the title's closing 。
_ROLE_TAIL = re.compile(rf"(?:^|(?<=[。.]))\s*{_ROLES}\s*[:].+$")
_UNIT_SEPARATORS = frozenset("、,,;; ")
# "…改造工程。(市住建局、各区人民政府)": a closing bracket of unit names, without a role key.
_BARE_UNITS = re.compile(r"[(【]([^()【】]{2,80})[)】][。.]?$")
_LEADER_KEY = re.compile(r"\S{0,4}领导\s*:")
# "…项目。(县水利局)目前已完成主体工程。": the units bracket closes the title, progress follows.
_UNITS_THEN_PROGRESS = re.compile(r"(?<=[。.])[(【]([^()【】]{2,80})[)】][。.:]?(?=\S)")
# "州城供水管网改造【州住建局】:已完成改造28公里": a colon after the units opens the progress.
_UNITS_COLON = re.compile(r"[(【]([^()【】]{2,80})[)】] ?:(?=\S)")
# "任务名称(牵头单位:…)完成情况:…": a progress key right after the units opens the progress.
_PROGRESS_KEY = re.compile(r"(?:完成|进展|推进|落实|办理|工作进展)情况 ?:|工作进展 ?:|进展 ?:")
_FILLER = frozenset("事项工作任务的类情况目前当前议定决定重点督办部分项个件共有其中批示目督查")


@dataclass(frozen=True)
class Page:
    """The body lines of a text, with what the page furniture told us on the way."""

    lines: list[str]
    meta_title: str | None
    published: tuple[int, int, int] | None


def cn_number(text: str) -> int | None:
    """Read an Arabic or Chinese numeral (十六, 二十一, 一〇三) as an int."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch not in "十百" for ch in text):
        return None
    if "十" not in text and "百" not in text:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


def split_page(lines: list[str]) -> Page:
    """Drop page furniture and metadata, keeping the 名称/发布日期 they carry."""
    body: list[str] = []
    title: str | None = None
    published: tuple[int, int, int] | None = None
    for line in lines:
        bare = line.lstrip("•·▪● ")
        name = _NAME_META.match(bare)
        if name and title is None:
            title = name.group(1).strip()
        pub = _PUB_META.search(bare)
        if pub and published is None:
            published = (int(pub.group(1)), int(pub.group(2)), int(pub.group(3)))
        if body and _TAIL.match(bare):
            break
        if _METADATA.match(bare) or _FURNITURE.match(line) or _FURNITURE.match(bare):
            continue
        body.append(line)
    return Page(body, title, published)


@dataclass(frozen=True)
class Enumerated:
    """A line split into its enumerator and the rest."""

    kind: str  # "top" 一、 | "sub" (一) | "num" 1. / (1) | "" none
    value: int | None
    rest: str


def enumeration(line: str) -> Enumerated:
    """Split a leading enumerator (一、 / (一) / 1. / (1)) off a line."""
    if m := _TOP_ENUM.match(line):
        return Enumerated("top", cn_number(m.group(1)), m.group(2).strip())
    if m := _SUB_ENUM.match(line):
        return Enumerated("sub", cn_number(m.group(1)), m.group(2).strip())
    if m := _NUM_ENUM.match(line):
        return Enumerated("num", int(m.group(1) or m.group(2)), m.group(3).strip())
    return Enumerated("", None, line.strip())


def status_of_heading(label: str) -> str | None:
    """Canonical status of a section heading such as 已落实事项, or None if it is no status.

    The heading must be the label plus filler (事项, 的, a count in brackets): a sentence that
    merely mentions 进展缓慢 is not a status heading.
    """
    if not label or len(label) > 24 or "。" in label or label[0].isdigit():
        return None
    alias = next((a for a in ALL_ALIASES if a in label), None)
    if alias is None:
        return None
    residual = re.sub(r"[(][^)]*[)]|\d+", "", label.replace(alias, "", 1)).strip(" :")
    if len(residual) > 6 or any(ch not in _FILLER for ch in residual):
        return None
    return status_code(alias)


def status_code(label: str) -> str | None:
    """Canonical code of a printed label, vocab first and the local aliases second."""
    code = status_from_label(label)
    if code:
        return code
    return next((c for a, c in LOCAL_ALIASES.items() if a in label), None)


def split_top_level(text: str, separators: frozenset[str] = _UNIT_SEPARATORS) -> list[str]:
    """Split on separators outside brackets, so 各县(市、区)人民政府 stays one name."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "(《〔[":
            depth += 1
        elif ch in ")》〕]" and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one opened at ``start`` (len(text) if none)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def split_annotation(line: str) -> tuple[str, list[str] | None]:
    """Split ``…情况。(责任单位:市发改委、市财政局)`` into the text and its units.

    Returns the units as printed (None when the line carries no annotation); several roles
    (牵头单位:…;责任单位:…) are read in order.
    """
    m = _ANNOTATION.search(line)
    if m is None:
        if tail := _ROLE_TAIL.search(line):
            return line[: tail.start()].strip(), _units(tail.group(0).strip())
        if (bare := _BARE_UNITS.search(line)) and (units := _bare_units(bare.group(1))):
            return (line[: bare.start()] + line[bare.end(1) + 1:]).strip(), units
        return line.strip(), None
    end = _closing(line, m.start())
    text = (line[: m.start()] + line[end + 1 :]).strip()
    return text, _units(line[m.start() + 1 : end])


def is_keyed_line(line: str) -> bool:
    """True for a line that is a role key and its units ("责任单位:县城管局")."""
    return _ROLE_PREFIX.match(line) is not None


def split_item_line(line: str) -> tuple[str, list[str] | None, str]:
    """An item's line as title, units and the progress printed after its units on that line.

    "城西供水厂建设项目。(县水利局)目前已完成主体工程。" gives the title up to the units, the
    units, and "目前已完成主体工程。"; any other line is ``split_annotation`` and no progress.
    """
    for found in (_UNITS_THEN_PROGRESS.search(line), _UNITS_COLON.search(line)):
        if found is not None and (units := _bare_units(found.group(1))) is not None:
            return line[:found.start()].strip(), units, line[found.end():].strip()
    tail = _ROLE_TAIL.search(line) if "。" in line else None
    if tail is not None and (stop := tail.group(0).find("。")) > 0:  # "。责任单位:甲局。办理进展:…"
        roles = tail.group(0)[:stop].strip()
        rest = tail.group(0)[stop:].lstrip("。. ")
        return line[:tail.start()].strip(), _units(roles), rest
    keyed = _ANNOTATION.search(line)
    if keyed is not None and keyed.start() > 0:
        end = _closing(line, keyed.start())
        rest = line[end + 1:].lstrip("。. ")
        if rest and (line[keyed.start() - 1] in "。." or _PROGRESS_KEY.match(rest)):
            return line[:keyed.start()].strip(), _units(line[keyed.start() + 1:end]), rest
    title, units = split_annotation(line)
    return title, units, ""


def _bare_units(content: str) -> list[str] | None:
    """The units of a bracket printed without a role key, when every piece names a unit."""
    parts = [part for part in split_top_level(content, frozenset(";;"))
             if not _LEADER_KEY.match(part)]  # "(镇党政综合办;包抓领导:陈某某)"
    units = [unit for part in parts for unit in split_top_level(part)]
    return units if all_units(units) else None


def _units(annotation: str) -> list[str]:
    """The units of "牵头单位:A;责任单位:B、C", in printed order."""
    units: list[str] = []
    for part in split_top_level(annotation, frozenset(";;")):
        units.extend(LEAD_MARK.sub("", unit) for unit in
                     split_top_level(_ROLE_PREFIX.sub("", part, count=1).rstrip("。.")))
    return units
