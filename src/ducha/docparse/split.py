"""Split a text into Documents: title, 文号, addressees, body, signature, attachments.

A gazette page holds several documents, each anchored by its 文号 on a line of its own
(咸政办发〔2021〕1号). The title stands just above the 文号 (possibly broken over lines) or,
in red-header layouts, just below it; the addressees line ends with ":"; the signature is an
issuer line and a date line; "附件:" lines name attachments. Without any 文号 line the whole
text is one document. Only the shape of lines is used, never the words of one city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from ducha.docparse.annotations import split_outside
from ducha.docparse.dates import ARABIC_DATE, CHINESE_DATE, parse_date
from ducha.docparse.linescan import LineScan, between
from ducha.docparse.model import Document, Line
from ducha.docparse.outline import match_number

_DOC_NUMBER = (r"[\u4e00-\u9fa5]{1,14} ?[〔\[(【﹝] ?(?:19|20)\d{2} ?[〕\])】﹞] ?第? ?\d{1,5} ?号")
DOC_NUMBER = re.compile(_DOC_NUMBER)
_ANCHOR = re.compile(rf"(?P<number>{_DOC_NUMBER})(?: ?签发人 ?:.{{0,12}})?")
# Words a title ends with, and an issuer: suffix tests (str.endswith) rather than "(?:…)$"
# regexes, which try the alternation at every position of the line.
_TITLE_END = (
    "通知", "通报", "意见", "决定", "方案", "办法", "规定", "细则", "报告", "请示",
    "批复", "函", "纪要", "公告", "通告", "决议", "公报", "规划", "计划", "要点",
    "预案", "措施", "政策", "条例", "制度", "章程", "清单", "分解", "情况", "指引",
    "指南", "标准", "表", "台账", "任务书", "单", "总结", "讲话", "发言", "汇报", "思路",
)
_TRAILING_BRACKET = re.compile(r"[((][^()()]{1,30}[))]$")
_DATE_LINE = re.compile(rf"[((]?(?P<date>{ARABIC_DATE}|{CHINESE_DATE})[))]?")
_SIGNED_LINE = re.compile(rf"(?P<issuer>\S.{{1,40}}?) (?P<date>{ARABIC_DATE}|{CHINESE_DATE})")
_ORG_END = (
    "政府", "办公室", "办公厅", "委员会", "党委", "委", "局", "厅", "部", "院",
    "室", "中心", "公司", "小组", "指挥部", "会", "处", "署", "办", "队",
    "所", "站", "集团", "分局", "管委会",
)
_NOT_IN_ORG = re.compile("[" + re.escape("。,,:;") + "]")
_TITLE_ISSUER = re.compile(r"(.{2,40}?)关于")  # "示例市人民政府办公室关于…的通知"
_ATTACHMENT = re.compile(r"附件 ?\d{0,2} ?: ?(?P<name>.+)")
_ATTACHMENT_MARK = re.compile(r"附件 ?\d{0,2}")
_LIST_ITEM = re.compile(r"\d{1,2} ?[.、](?P<name>\D.*|\d{4}.+)")
_SENTENCE_END = tuple("。;:,,!?")
_ADDRESSEE_SEPARATORS = frozenset(",,;;")
_ADDRESSEE_WORDS = re.compile(
    r"各|政府|部门|单位|管委会|委员会|办公室|办公厅|局|公司|学校|机构|同志"
)
_ENUMERATION = frozenset("、")
_SHARED_ENDS = ("管委会", "管理委员会")
_ZONES = ("新区", "开发区", "经开区", "高新区", "管理区", "园区", "经济区", "示范区", "试验区",
          "合作区")
_HINTS = (re.compile("号"), re.compile(r":(?=\n|\Z)"), re.compile("日"), re.compile("附件"),
          re.compile("期"))
# The issue line under a minutes' title ("〔2030〕第12期", "第12期", "〔2030〕12号"), where a
# 文号 would stand; the group "issue" or "serial" holds its number.
ISSUE = re.compile(r"(?:[〔\[(]?\d{4}[〕\])]? ?|\d{4}年)?第 ?(?P<issue>\d{1,3}) ?期"
                   r"|[〔\[(]\d{4}[〕\])] ?(?P<serial>\d{1,3}) ?号")
_ISSUE = ISSUE
_TEXT = attrgetter("text")
TITLE_LINE_MAX = 60
_HEAD_WINDOW = 4


@dataclass(frozen=True)
class _Hints:
    """Sorted indexes of the lines that may be a 文号, addressees, a date or an attachment.

    Found by whole-text pre-scans (every 文号 holds 号, every date 日, every addressees line
    ends with ":"), so the line grammars below run on these lines only.
    """

    numbers: list[int]
    addressees: list[int]
    dates: list[int]
    attachments: list[int]
    issues: list[int]

    @classmethod
    def of(cls, lines: list[Line], scan: LineScan | None) -> _Hints:
        scan = scan or LineScan(list(map(_TEXT, lines)))
        return cls(*(sorted(scan.hits(hint)) for hint in _HINTS))


@dataclass
class _Span:
    """Where a document lies in the list of lines, and what its head is made of."""

    start: int  # first line of the document (title or anchor)
    anchor: int | None  # index of the 文号 line (of minutes: their issue line, 〔2030〕第12期)
    title: list[int]  # indexes of the title lines


def is_fragment(text: str) -> bool:
    """A line that could be (part of) a title: short, no sentence punctuation, no number."""
    return (
        0 < len(text) <= TITLE_LINE_MAX
        and not text.endswith(_SENTENCE_END)
        and "。" not in text
        and ":" not in text  # a keyed line (完成时限:…) or a sentence, never a title
        and "……" not in text  # a table of contents' entry: "…的通知(示政发〔2024〕4号)……(2)"
        and not text.startswith(("(", "附件", "•"))
        and match_number(text) is None
        and _DATE_LINE.fullmatch(text) is None
        and ("期" not in text or _ISSUE.fullmatch(text) is None)  # 2024年第6期
        and not (text.endswith("日") and " " in text and _SIGNED_LINE.fullmatch(text))
        and ("号" not in text or _ANCHOR.fullmatch(text) is None)  # every 文号 holds 号
    )


def is_title(text: str) -> bool:
    """A joined title names a subject ("关于…") or ends with a document type (…的通知)."""
    bare = _bare(text)
    return "关于" in text or bare.endswith(_TITLE_END)


def _bare(title: str) -> str:
    """A title without its trailing bracket ("…方案(试行)"), which ends with ")" when there."""
    return _TRAILING_BRACKET.sub("", title) if title.endswith(")") else title


def is_org(text: str) -> bool:
    """An issuer line: a short organisation name."""
    return 2 <= len(text) <= 40 and _NOT_IN_ORG.search(text) is None and text.endswith(_ORG_END)


def continues_title(upper: str, lower: str) -> bool:
    """True when ``lower`` is the rest of a title wrapped after ``upper``: a 《 is still open,
    or a subject ("关于印发…政府工作报告") waits for its "…的通知" on the next line."""
    if "关于" in lower:
        return False  # a title of its own
    if upper.count("《") > upper.count("》"):
        return True
    subject = upper.rfind("关于")
    return (subject >= 0 and "的" not in upper[subject:] and "的" in lower
            and _bare(lower).endswith(_TITLE_END))


def _title_before(lines: list[Line], anchor: int, floor: int) -> list[int]:
    """Title lines just above a 文号 line, stopping at a complete earlier title."""
    picked: list[int] = []
    index = anchor - 1
    while index >= floor and len(picked) < _HEAD_WINDOW:
        text = lines[index].text
        complete = picked and _bare(text).endswith(_TITLE_END) and \
            not continues_title(text, lines[picked[0]].text)
        if not is_fragment(text) or complete:
            break  # an earlier complete title (a table of contents) is not ours
        picked.insert(0, index)
        index -= 1
    subject = [i for i in picked if "关于" in lines[i].text]
    if subject and subject[0] != picked[0]:
        first = subject[0]
        keep_org = first - 1 in picked and is_org(lines[first - 1].text)
        picked = [i for i in picked if i >= first - keep_org]
    return picked if picked and is_title("".join(lines[i].text for i in picked)) else []


def _title_after(lines: list[Line], anchor: int, ceiling: int) -> list[int]:
    """Title lines just below a 文号 line (red-header layout), up to the addressees."""
    picked: list[int] = []
    for index in range(anchor + 1, min(anchor + 1 + _HEAD_WINDOW, ceiling)):
        if not is_fragment(lines[index].text):
            break
        picked.append(index)
        if is_title("".join(lines[i].text for i in picked)):
            return _wrapped(lines, picked, ceiling)
    return []


def _wrapped(lines: list[Line], picked: list[int], end: int) -> list[int]:
    """A title with the lines it wraps onto (see continues_title)."""
    while (len(picked) < _HEAD_WINDOW and (after := picked[-1] + 1) < end
           and is_fragment(lines[after].text)
           and continues_title("".join(lines[i].text for i in picked), lines[after].text)):
        picked.append(after)
    return picked


def _spans(lines: list[Line], hints: _Hints) -> list[_Span]:
    """One span per document head (a 文号 line, or a title over an addressees line)."""
    spans = _numbered_spans(lines, hints)
    heads: set[int] = set()
    for span in spans:
        head_end = max([span.anchor or 0, *span.title]) + 1
        heads.update(range(span.start, head_end))
        addressee = _addressee_line(lines, head_end, len(lines))
        if addressee is not None:
            heads.add(addressee)
    floor = 0
    for index in hints.addressees:
        if index in heads or not _is_addressee(lines[index].text):
            continue
        title = _title_before(lines, index, floor)
        if title and title[0] not in heads:
            spans.append(_Span(start=title[0], anchor=None, title=title))
            floor = index + 1
    spans += _minutes_spans(lines, hints, heads)
    if not spans:
        return [_Span(start=0, anchor=None, title=_leading_title(lines))]
    return sorted(spans, key=lambda span: span.start)


def _minutes_spans(lines: list[Line], hints: _Hints, heads: set[int]) -> list[_Span]:
    """Minutes print an issue line ("〔2030〕第12期") under their title instead of a 文号."""
    spans: list[_Span] = []
    floor = 0
    for index in sorted({*hints.issues, *hints.numbers}):  # 第12期, or 〔2030〕12号
        if index in heads or not _ISSUE.fullmatch(lines[index].text):
            continue
        title = _title_before(lines, index, floor)
        if title and title[0] not in heads and lines[title[-1]].text.endswith("纪要"):
            below = _title_after(lines, index, len(lines))  # the masthead over the real title
            real = below if below and lines[below[-1]].text.endswith("纪要") else title
            spans.append(_Span(start=title[0], anchor=index, title=real))
            floor = index + 1
    return spans


def _numbered_spans(lines: list[Line], hints: _Hints) -> list[_Span]:
    """Spans anchored on 文号 lines that stand at a document head (a title or addressees)."""
    anchors = [i for i in hints.numbers if _ANCHOR.fullmatch(lines[i].text)]
    spans: list[_Span] = []
    floor = 0
    for position, anchor in enumerate(anchors):
        ceiling = anchors[position + 1] if position + 1 < len(anchors) else len(lines)
        title = _title_before(lines, anchor, floor)
        start = title[0] if title else anchor
        if not title:
            title = _title_after(lines, anchor, ceiling)
            if anchor > floor and is_fragment(lines[anchor - 1].text) and \
                    lines[anchor - 1].text.endswith("文件"):
                start = anchor - 1
        after = (title[-1] if title and title[-1] > anchor else anchor) + 1
        if not title and _addressee_line(lines, after, ceiling) is None:
            continue  # a 文号 quoted on a line of its own inside a body, not a head
        spans.append(_Span(start=start, anchor=anchor, title=title))
        floor = anchor + 1
    return spans


def _is_addressee(text: str) -> bool:
    """An addressees line: ends with ":", names organisations, holds no sentence."""
    return (text.endswith(":") and len(text) <= 150 and "。" not in text
            and match_number(text) is None and not text.startswith("附件")
            and _ADDRESSEE_WORDS.search(text) is not None)


def _leading_title(lines: list[Line]) -> list[int]:
    """Title of a document without 文号: the first title-like run near the top.

    A masthead ("督查通报" over "2024年第6期") is passed over: an issue line under a title
    marks the name of a series, unless the series is minutes (…纪要 over 〔2030〕第12期).
    """
    for start in range(min(len(lines), 6)):
        picked: list[int] = []
        for index in range(start, min(start + _HEAD_WINDOW, len(lines))):
            if not is_fragment(lines[index].text):
                break
            picked.append(index)
            if is_title("".join(lines[i].text for i in picked)):
                if not _masthead(lines, picked):
                    return _wrapped(lines, picked, len(lines))
                break
    return []


def _masthead(lines: list[Line], picked: list[int]) -> bool:
    """True when the picked title is a series name over an issue line (not minutes)."""
    after = picked[-1] + 1
    return (after < len(lines) and _ISSUE.fullmatch(lines[after].text) is not None
            and not lines[picked[-1]].text.endswith("纪要"))


def split_documents(lines: list[Line], *, scan: LineScan | None = None) -> list[Document]:
    """Documents of a text, in order; text before the first document (a TOC) is dropped.

    ``scan``, a LineScan of the lines' texts, saves joining them again when the caller has one.
    """
    hints = _Hints.of(lines, scan)
    spans = _spans(lines, hints)
    documents = []
    for position, span in enumerate(spans):
        end = spans[position + 1].start if position + 1 < len(spans) else len(lines)
        documents.append(_document(lines, span, end, hints, masthead=not position))
    return documents


def _document(lines: list[Line], span: _Span, end: int, hints: _Hints, *,
              masthead: bool = False) -> Document:
    """Read one span's head, signature and attachments; the rest is its body."""
    head = {span.start, *span.title} if span.title else set()  # untitled: line one is text
    if span.anchor is not None:
        head.update(range(span.start, span.anchor + 1))
    document = Document(title="".join(lines[i].text for i in sorted(set(span.title))))
    if span.anchor is not None:  # a 文号, or the issue line of minutes (〔2030〕第12期)
        anchor = lines[span.anchor].text
        number = _ANCHOR.fullmatch(anchor)
        document.doc_number = (number.group("number") if number else anchor).replace(" ", "")
    after_head = max(head) + 1 if head else span.start
    addressee_at = _addressee_line(lines, after_head, end)
    if addressee_at is not None:
        head.add(addressee_at)
        document.addressees = split_addressees(lines[addressee_at].text[:-1])
    sign = _signature(lines, between(hints.dates, after_head, end), after_head, document)
    top = 0 if masthead else span.start  # lines above the first document may be its masthead
    if not sign and span.title and span.title[0] > top:  # a masthead's issuer and date
        found = _signature(lines, between(hints.dates, top, span.title[0]), top, document)
        sign = [index for index in found if index >= span.start]
    prefix = _TITLE_ISSUER.match(document.title)
    if document.issuer is None and prefix and is_org(prefix.group(1).split(" ")[-1]):
        document.issuer = prefix.group(1)  # an unsigned page: the title names its issuer
    document.attachments = _attachments(lines, between(hints.attachments, after_head, end), end)
    document.body = _without(lines, span.start, end, head | set(sign))
    return document


def _addressee_line(lines: list[Line], start: int, end: int) -> int | None:
    """The addressees line just below the head."""
    for index in range(start, min(start + 3, end)):
        if _is_addressee(lines[index].text):
            return index
    return None


def split_addressees(text: str) -> list[str]:
    """"各县、市、区人民政府,市政府各部门" → split on ,; and on 、 only between full names."""
    result: list[str] = []
    for part in split_outside(text, _ADDRESSEE_SEPARATORS):
        pieces = [piece for piece in split_outside(part, _ENUMERATION) if piece]
        result.extend(_shared_suffix(pieces) if all(len(piece) >= 3 for piece in pieces)
                      else [part])
    return [part for part in result if part]


def _shared_suffix(pieces: list[str]) -> list[str]:
    """"漳河新区、屈家岭管理区管委会": zones listed before one 管委会 each take it."""
    if len(pieces) < 2:
        return pieces
    suffix = next((end for end in _SHARED_ENDS if pieces[-1].endswith(end)), None)
    if suffix is None:
        return pieces
    return [piece + suffix if piece.endswith(_ZONES) else piece for piece in pieces[:-1]] + \
        pieces[-1:]


def _without(lines: list[Line], start: int, end: int, skip: set[int]) -> list[Line]:
    """lines[start:end] less the indexes in ``skip``, copied slice by slice."""
    kept: list[Line] = []
    for index in sorted(i for i in skip if start <= i < end):
        kept += lines[start:index]
        start = index + 1
    kept += lines[start:end]
    return kept


def _signature(lines: list[Line], candidates: list[int], start: int,
               document: Document) -> list[int]:
    """Indexes of the issuer and date lines closing the letter; fills issuer and date.

    ``candidates`` are the lines that may hold a date (those holding 日) from ``start`` on.
    """
    for index in candidates:
        text = lines[index].text.removesuffix("印发")  # minutes: "…办公室 2030年5月10日印发"
        if len(text) > 60 or not text.rstrip(")").endswith("日"):
            continue  # both line grammars end with a date (and a bracket at most)
        dated = _DATE_LINE.fullmatch(text)
        signed = None if dated or " " not in text else _SIGNED_LINE.fullmatch(text)
        if signed and not is_org(signed.group("issuer").split(" ")[-1]):
            signed = None
        if not (dated or signed):
            continue
        document.date = parse_date(text)
        if signed:
            document.issuer = signed.group("issuer")
            return [index]
        issuers = [i for i in range(max(start, index - 3), index) if is_org(lines[i].text)]
        issuers = [i for i in issuers if all(j in issuers for j in range(i, index))]
        if issuers:
            document.issuer = "、".join(lines[i].text for i in issuers)
        return [*issuers, index]
    return []


def _attachments(lines: list[Line], marked: list[int], end: int) -> list[str]:
    """Names from "附件:…" lines (and the numbered list after them), else from "附件" marks.

    ``marked`` are the candidate lines (those holding 附件) before ``end``.
    """
    names: list[str] = []
    index = 0
    for candidate in marked:
        if candidate < index:
            continue  # consumed as a list item of the attachment above
        found = _ATTACHMENT.fullmatch(lines[candidate].text)
        index = candidate + 1
        if not found or len(found.group("name")) > TITLE_LINE_MAX * 2:
            continue
        first = _LIST_ITEM.fullmatch(found.group("name"))
        names.append((first.group("name") if first else found.group("name")).strip())
        while first and index < end and (item := _LIST_ITEM.fullmatch(lines[index].text)):
            names.append(item.group("name").strip())
            index += 1
    if not names:  # a bare "附件" mark above the attachment's title
        names = [lines[i + 1].text for i in marked if i < end - 1
                 and _ATTACHMENT_MARK.fullmatch(lines[i].text) and is_fragment(lines[i + 1].text)]
    return names
