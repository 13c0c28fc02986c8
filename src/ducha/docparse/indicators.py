"""Quantitative targets (指标) in task texts, and actuals against them in progress texts.

A decomposition document prints a task's targets inline: "工业技改投资增长15%以上",
"新建5G基站1000座", "投资10亿元以上项目10个、亿元以上项目100个". A bulletin prints what
was achieved: "地区生产总值增长58.3%(目标10.5%)", "一季度,全市新建5G基站236座".

The grammar works clause by clause. A *value* is a number with a measure word (or %) and an
optional qualifier (以上 / 以内 / 左右 …) that ends a clause — so numbers inside names
(5G, 世界500强, 10亿元以上项目) are never taken for values. The *name* is the text between the
previous clause boundary (or the previous value, for lists joined by 、) and the value, with
comparator words (不少于, 突破, 控制在, 达 …) moved from the name into the comparator.

Targets live in plan sentences; actuals live in sentences that name a reporting period
(一季度, 1至3月, 截至3月底 …) or that print the target beside them ("(目标4.5%以内)").
``parse_targets`` therefore skips period sentences and ``parse_actuals`` reads only them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ducha.docparse.measures import (
    MEASURE_WORDS,
    PERCENT,
    MeasureMismatch,
    compatible,
    reconcile,
    to_base,
)
from ducha.docparse.normalize import normalize_line

KINDS: tuple[str, ...] = ("growth", "rate", "count", "qualitative")
COMPARATORS: tuple[str, ...] = (">=", "<=", "=", "~")
SENSES: tuple[str, ...] = ("floor", "ceiling", "band")

_UNITS = "|".join(re.escape(w) for w in MEASURE_WORDS)
_NUM = r"(?:(?<![\d.])-|(?<![\d.\-]))\d+(?:\.\d+)?"
_MEASURE = rf"余?[万亿千百]{{0,2}}余?(?:{_UNITS})|余?[万亿]余?|%"
_QUAL = r"及以上|以上|以内|以下|左右"
_VALUE = re.compile(
    rf"(?P<num>{_NUM})(?P<measure>{_MEASURE})(?P<qual>{_QUAL})?"
    rf"(?:\((?:全年|年度)?目标值?[为:]?(?P<tnum>{_NUM})(?P<tmeasure>{_MEASURE})?(?P<tqual>{_QUAL})?\))?"
    r"(?=(?:\([^()]*\))?(?:[,;。、:)\n]|$))"  # ends its clause, maybe after a note in (…)
)
_SENTENCE = re.compile(r"[^。]+")
_CLAUSE = re.compile(r"[^,;]+")
_OUTLINE = re.compile(
    r"\s*(?:[((][一二三四五六七八九十]+[))]|\d+[.、]|[一二三四五六七八九十]+、)\s*"
)
_ANNOTATION = re.compile(r"[((](?:牵头单位|责任单位|配合单位|完成时限)[^()()]*[))]")
_PERIOD_WORDS = (
    r"(?:第?[一二三四1-4]季度|前三季度|上半年|下半年|\d{1,2}\s*[至\-—~]\s*\d{1,2}月(?:份)?|"
    r"今年以来|截至(?:目前|\d{1,2}月(?:底|末|\d{1,2}日)?)|截止(?:目前|\d{1,2}月(?:底|末|\d{1,2}日)?))"
)
_PERIOD = re.compile(_PERIOD_WORDS)
# A report starts where a clause opens with a period ("。一季度,全市…", ",1至3月全市…");
# a period inside a clause is a plan's time limit (力争上半年开工). Applied to one line.
_REPORT_START = re.compile(rf"(?:^|(?<=[,;。:]))\s*{_PERIOD_WORDS}")
_TARGET_LEAD = re.compile(r"(?:力争|确保|争取|努力|全年|全市|我市|实现|年内)+")
_ACTUAL_LEAD = re.compile(
    r"(?:[\u4e00-\u9fff]{1,4}[市县区](?=实现|完成|共|累计)|其中|全市|我市|本市|共计|共|累计|已经|已|"
    r"实现|完成|当期)+"
)
_TAIL_WORDS: dict[str, str | None] = {
    "不少于": ">=", "不低于": ">=", "至少": ">=", "突破": ">=", "超过": ">=", "高于": ">=",
    "不得低于": ">=", "不得少于": ">=", "不得超过": "<=", "不得高于": "<=",
    "不超过": "<=", "不高于": "<=", "低于": "<=", "控制在": "<=",
    "保持在": None, "稳定在": None, "提高到": None, "提高至": None, "提升到": None,
    "提升至": None, "增加到": None, "达到": None, "达": None, "约": "~",
}
# 约 is "about" unless it ends a word (签约, 节约, 履约 …).
_TAIL = re.compile(
    "(?:" + "|".join(w for w in sorted(_TAIL_WORDS, key=len, reverse=True) if w != "约")
    + "|(?<![签节合履特预制公条邀续])约)$"
)
_QUAL_COMPARATOR = {"及以上": ">=", "以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}
_GROWTH_END = re.compile(r"(?:增长|增速|增幅|下降)$")
_QUALITATIVE_END = re.compile(r"(?:增长|提高|提升|下降|降低|任务|目标|达标)$")
_SKIP_NAME = re.compile(r"^占|分别|其中|%|目标$|的$")
# Money a policy pays out (奖补100万元) is a rule, not a target of the task.
_POLICY_MONEY = re.compile(r"奖补|补助|资助|奖励|补贴|贴息|扶持资金")
_PLAN = re.compile(r"计划|拟|预计|力争")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_NOT_ONE_CLAUSE = re.compile(r"[,;。:\d]")
_NAME_NOISE = re.compile(r"同比|全市|我市|及|的|引进")
_RESTATED = re.compile(r"目标|任务|全年|年度|年内")  # a figure named as the target, not a result


@dataclass(frozen=True)
class Target:
    """One target of a task: 新建5G基站 = 1000 座, or a qualitative aim with no number.

    ``sense`` says which side of ``value`` is good: ``floor`` (reach it), ``ceiling`` (stay
    under it) or ``band`` (stay near it); ``None`` lets :mod:`ducha.docparse.pace` derive it
    from kind and comparator. The parser sets it where the wording decides, as in
    涨幅控制在3%左右 (an "about" that is a ceiling).
    """

    name: str
    kind: str
    comparator: str | None = None
    value: float | None = None
    measure: str | None = None
    sense: str | None = None
    clause: str = field(default="", compare=False)

    @property
    def normalized_value(self) -> float | None:
        """The value in the base measure: 3.7 万人 → 37000."""
        return None if self.value is None else to_base(self.value, self.measure)[0]

    @property
    def base_measure(self) -> str | None:
        """The base measure word: 万人 → 人, % → %."""
        return None if self.value is None else to_base(self.value, self.measure)[1]

    def to_dict(self) -> dict[str, object]:
        """The contract shape of ``ducha parse --json`` plus the normalised value."""
        return {
            "name": self.name,
            "kind": self.kind,
            "comparator": self.comparator,
            "value": _json_number(self.value),
            "measure": self.measure,
            "normalized_value": _json_number(self.normalized_value),
            "base_measure": self.base_measure,
            "sense": self.sense,
        }


@dataclass(frozen=True)
class Actual:
    """One reported figure, with the target printed beside it when there is one.

    ``target`` is expressed in ``measure`` (a printed 目标3.7万人 beside 5193人 becomes
    37000); ``target_measure`` keeps the measure the target was printed in.
    """

    name: str
    actual: float
    measure: str | None
    target: float | None = None
    comparator: str | None = None
    target_measure: str | None = None
    clause: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, object]:
        """The contract shape of ``bulletin.indicators[]``."""
        return {
            "name": self.name,
            "actual": _json_number(self.actual),
            "target": _json_number(self.target),
            "comparator": self.comparator,
            "measure": self.measure,
        }


def _json_number(value: float | None) -> float | int | None:
    """Whole numbers print as 1000, not 1000.0, so JSON reads like the document."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _clean_measure(measure: str | None) -> str | None:
    """Drop 余 ("more than") from a printed measure: 150余人 counts in 人."""
    return measure.replace("余", "") if measure else measure


def _lines(text: str) -> Iterator[str]:
    """Normalised non-empty lines with outline numbers and unit annotations removed."""
    for raw in text.replace("\u2212", "-").split("\n"):
        line = normalize_line(raw)
        outline = _OUTLINE.match(line)
        if outline:
            line = line[outline.end():]
        line = _ANNOTATION.sub("", line).strip()
        if line:
            yield line


@dataclass(frozen=True)
class _Hit:
    """One value found in a line, with the raw name before it and where it stands."""

    raw_name: str
    match: re.Match[str]
    clause: str
    in_report: bool  # at or after the line's first period marker (一季度 …)
    planned: bool  # after a plan word (计划, 拟 …) in its sentence


def _clause_values(clause: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Yield (raw name, value match) for each value that ends a clause or a 、 item.

    Bare values listed with 、 (突破40亿元、30亿元、20亿元的企业) are alternatives of a
    condition, not a list of targets, so such a run yields nothing.
    """
    found: list[tuple[str, re.Match[str]]] = []
    start = 0
    for match in _VALUE.finditer(clause):
        found.append((clause[start:match.start()], match))
        start = match.end()
        if clause[start:start + 1] == "、":
            start += 1
    for i, (raw_name, match) in enumerate(found):
        if i + 1 < len(found) and not found[i + 1][0].strip():
            continue  # the first of a bare list; the others have no name and drop out later
        yield raw_name, match


def _line_hits(line: str) -> Iterator[_Hit]:
    """Every value of a line; the report region runs from the first period marker to the end.

    A paragraph restates its target first and then reports ("新建5G基站1000座。一季度,全市
    新建5G基站236座。引进…"), so everything after the first marker is report text.
    """
    period = _REPORT_START.search(line)
    report_from = period.start() if period else len(line) + 1
    for sentence in _SENTENCE.finditer(line):
        plan = _PLAN.search(sentence.group())
        plan_from = sentence.start() + plan.start() if plan else len(line) + 1
        for clause in _CLAUSE.finditer(sentence.group()):
            base = sentence.start() + clause.start()
            for raw_name, match in _clause_values(clause.group()):
                at = base + match.start()
                yield _Hit(raw_name, match, clause.group(), at >= report_from, at >= plan_from)


def _split_tail(name: str) -> tuple[str, str | None]:
    """Remove trailing comparator words (不少于, 突破, 控制在, 达 …); return (name, word)."""
    word = None
    for _ in range(2):
        tail = _TAIL.search(name)
        if not tail or tail.start() == 0:
            break
        word = word or tail.group()
        name = name[:tail.start()]
    return name, word


def _comparator(word: str | None, qualifier: str | None) -> str:
    """The qualifier after the number wins (控制在3%左右 is "~"); else the word before it."""
    if qualifier:
        return _QUAL_COMPARATOR[qualifier]
    return (_TAIL_WORDS[word] if word else None) or "="


def _kind(name: str, measure: str) -> str:
    """growth for a percentage that names a change, rate for other percentages, else count."""
    if measure == PERCENT:
        return "growth" if _GROWTH_END.search(name) else "rate"
    if measure == "个百分点":
        return "rate"
    return "count"


def _sense(kind: str, comparator: str, word: str | None) -> str:
    """Which side of the value is good, decided from the wording (see ``Target.sense``)."""
    if comparator == "<=" or (comparator == "~" and word == "控制在"):
        return "ceiling"
    if comparator == "~" and kind != "growth":
        return "band"
    return "floor"


def _strip_lead(name: str, lead: re.Pattern[str]) -> str:
    """Remove leading filler words (力争, 全市, 实现 …) that are not part of a name."""
    match = lead.match(name)
    return name[match.end():] if match and match.end() < len(name) else name


def _target_from(raw_name: str, match: re.Match[str], clause: str) -> Target | None:
    """Build a Target from a value match and the raw name before it, or None if nameless."""
    name, word = _split_tail(raw_name.strip())
    name = _strip_lead(name.strip(), _TARGET_LEAD)
    if not name or _SKIP_NAME.search(name) or _POLICY_MONEY.search(name):
        return None
    measure = _clean_measure(match.group("measure")) or ""
    comparator = _comparator(word, match.group("qual"))
    kind = _kind(name, measure)
    return Target(name=name, kind=kind, comparator=comparator,
                  value=float(match.group("num")), measure=measure,
                  sense=_sense(kind, comparator, word), clause=clause)


def _qualitative(line: str) -> Target | None:
    """A one-clause aim with an outcome verb (城乡居民收入稳步增长) is a qualitative target."""
    body = line.rstrip("。").strip()
    if not body or len(body) > 24 or _NOT_ONE_CLAUSE.search(body):
        return None
    if not _QUALITATIVE_END.search(body):
        return None
    return Target(name=body, kind="qualitative", clause=body)


def parse_targets(text: str) -> list[Target]:
    """The targets printed in task text, one line per task (outline number optional).

    Report text (from a period marker such as 一季度 to the end of the line) and figures
    printed with their own target are skipped, so a bulletin paragraph that restates a
    target and then reports on it yields only the target.
    """
    targets: list[Target] = []
    for line in _lines(text):
        found: list[Target] = []
        for hit in _line_hits(line):
            if hit.in_report or hit.match.group("tnum") is not None:
                continue
            target = _target_from(hit.raw_name, hit.match, hit.clause)
            if target:
                found.append(target)
        if not found:
            qualitative = _qualitative(line)
            found = [qualitative] if qualitative else []
        targets.extend(found)
    return targets


def _actual_name(raw_name: str, previous: str | None) -> str | None:
    """Clean an actual's name; a bare 同比增长 borrows the subject of the clause before."""
    name = _PERIOD.sub("", raw_name).replace("同比", "").strip(" :、")
    name, _ = _split_tail(name)
    name = _strip_lead(name.strip(), _ACTUAL_LEAD)
    if name in {"增长", "下降", "增幅"} and previous:
        name = _split_tail(previous)[0] + name
    if not name or _SKIP_NAME.search(name) or name in {"增长", "下降", "增幅"}:
        return None
    return name


def _printed_target(match: re.Match[str], measure: str) -> tuple[float | None, str | None,
                                                                   str | None]:
    """(target in the actual's measure, comparator, measure the target was printed in)."""
    if match.group("tnum") is None:
        return None, None, None
    value = float(match.group("tnum"))
    printed = _clean_measure(match.group("tmeasure")) or measure
    comparator = _QUAL_COMPARATOR.get(match.group("tqual") or "", "=")
    try:
        value = reconcile(value, printed, measure)
    except MeasureMismatch:
        return value, comparator, printed
    return value, comparator, printed


def _line_actuals(line: str, report: bool = False) -> Iterator[Actual]:
    """Actuals of one line: report-region figures not announced as plans, and any figure
    printed with its target beside it. ``report``: a line with no period marker is all
    report, and a figure named as the target (全年目标…) is never a result."""
    previous: str | None = None  # the last actual's name, subject of a bare 同比增长
    whole = report and _REPORT_START.search(line) is None
    for hit in _line_hits(line):
        printed = hit.match.group("tnum") is not None
        in_report = ((hit.in_report or whole)
                     and not (report and _RESTATED.search(hit.raw_name)))
        if not printed and (not in_report or hit.planned):
            continue
        name = _actual_name(hit.raw_name, previous)
        if name is None:
            continue
        previous = name
        measure = _clean_measure(hit.match.group("measure")) or ""
        target, comparator, target_measure = _printed_target(hit.match, measure)
        yield Actual(name=name, actual=float(hit.match.group("num")), measure=measure,
                     target=target, comparator=comparator, target_measure=target_measure,
                     clause=hit.clause)


def parse_actuals(text: str, *, report: bool = False) -> list[Actual]:
    """The figures a progress text or bulletin reports, in reading order.

    A bulletin restates targets before it reports, so only figures after a period marker
    (一季度, 截至3月底 …) count. ``report=True`` is for a unit's own progress text, which
    reports throughout: a line without any marker counts whole ("已新建5G基站236座").
    """
    actuals: list[Actual] = []
    for line in _lines(text):
        actuals.extend(_line_actuals(line, report))
    return actuals


def _name_key(name: str) -> str:
    """A name reduced for comparison: wording that varies between plan and report removed."""
    return _NAME_NOISE.sub("", name)


def _lcs(a: str, b: str) -> int:
    """Longest common subsequence length; an abbreviation is a subsequence of its full form."""
    row = [0] * (len(b) + 1)
    for char in a:
        prev_diag = 0
        for j, other in enumerate(b, start=1):
            prev_diag, row[j] = row[j], (prev_diag + 1 if char == other
                                         else max(row[j], row[j - 1]))
    return row[-1]


def name_similarity(a: str, b: str) -> float:
    """2·LCS / (|a| + |b|) over reduced names; 0 when the numbers inside the names differ.

    投资10亿元以上项目 and 亿元以上项目 share most characters but are different targets;
    the number printed inside a name tells them apart.
    """
    key_a, key_b = _name_key(a), _name_key(b)
    if sorted(_DIGITS.findall(key_a)) != sorted(_DIGITS.findall(key_b)):
        return 0.0
    if not key_a or not key_b:
        return 0.0
    return 2 * _lcs(key_a, key_b) / (len(key_a) + len(key_b))


def match_actual(target: Target, actuals: Iterable[Actual], *,
                 threshold: float = 0.75) -> Actual | None:
    """The actual that reports on ``target``: the most similar name with a convertible measure.

    Returns None rather than a weak guess when no name reaches ``threshold``.
    """
    if target.kind == "qualitative":
        return None
    best: tuple[float, Actual] | None = None
    for actual in actuals:
        if not compatible(actual.measure, target.measure):
            continue
        score = name_similarity(target.name, actual.name)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, actual)
    return best[1] if best else None
