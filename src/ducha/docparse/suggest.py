"""Suggest a status for one progress text, with the evidence that led to it.

A supervisor judges each task's status by reading the unit's progress text; this module makes
a first guess she can accept or overrule, and shows *why* (named rules and the spans they
matched), so the guess is checkable rather than a black box. It is pure Python and reads only
the words: there is no "today", so tense comes from the text itself (已 / 将 / 计划).

How a status is chosen
----------------------
Every rule is a compiled regular expression over general Chinese administrative language (no
place or document names). Each match is evidence; a match that overlaps a span already claimed
by an earlier (more specific) rule is dropped. A completion phrase inside a clause that states
an aim or a condition (确保…完成, 计划…建成, 待…出台, 尚未印发) is not evidence of completion.
Each rule adds ``weight × min(matches, 2)`` to the statuses in its row below; the highest
total wins, ties going to the status listed first in ``TIE_ORDER`` (the more cautious one:
the office should not be told "done" on an even split). With no evidence at all the
suggestion is ``in_progress``: a progress text that claims nothing more is work under way.

=================  ====  ======  ========  =======  ========  =======  =======
rule               done  basic.  in_prog.  ongoing  not_done  lagging  problem
=================  ====  ======  ========  =======  ========  =======  =======
basically_done           5
percent_complete   3
percent_most             3       1
percent_partial          0.5     2.5
lagging                                             1         4
not_done                         1                  3         0.5
problem                                                       1        3
completed          4     1
issued             2.5   1
doc_number         2     0.5
past_date          1     0.5
future_date              0.5     3.5
pending                          3                  1
progress                 0.5     2
ongoing                          0.5       2.5
aim                              2                  0.5
=================  ====  ======  ========  =======  ========  =======  =======

(basic. = basically_done, in_prog. = in_progress.) Rule order in the table is the claiming
order: ``basically_done`` claims 基本完成 before ``completed`` could see 完成. ``aim`` is not
a pattern of its own: it is what a hedged ``basically_done``, ``completed`` or ``issued``
match becomes, because "确保年底前全面完成" says the work is still open. The three
``percent_*`` rules are one pattern (完成…n%) named by its value: 100% and more, 80–99%,
below 80%. Why these numbers: a plain completion (已建成, 全面完成) outweighs one progress
phrase; a stated future date or a pending condition (计划于…, 待…后) outweighs the phrase
印发了 on its own, because a report that names open work is not finished; and a shortfall (尚未,
进展缓慢, 存在突出问题) outweighs a progress phrase, because the office flags before it praises.

A known vocabulary
------------------
Offices do not all use the seven statuses: one bulletin sorts its items into 已落实 / 正在推进
/ 持续推进, another into 尚未完全落实 / 已基本完成 only, and then "印发了《…》" is filed as
已基本完成 because that office has no 已落实. The wording cannot tell these apart, but the
office's vocabulary can: ``suggest_status(text, allowed=…)`` (the statuses of the bulletin's
own sections, or an office's configured list) scores the evidence as usual and picks the
best-scoring status *among the allowed ones*, ties again by ``TIE_ORDER``. Without evidence
for any allowed status it picks the allowed status nearest to "work under way"
(``NEUTRAL_ORDER``). The weights are unchanged, so one rule table serves every office.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ducha.docparse.vocab import STATUS_CODES

__all__ = [
    "DEFAULT_STATUS",
    "NEUTRAL_ORDER",
    "RULE_NAMES",
    "TIE_ORDER",
    "Evidence",
    "Suggestion",
    "score_evidence",
    "suggest_many",
    "suggest_status",
]

#: Ties go to the first status in this order: the more cautious judgement wins.
TIE_ORDER: tuple[str, ...] = (
    "problem",
    "lagging",
    "not_done",
    "in_progress",
    "basically_done",
    "ongoing",
    "done",
)
#: The suggestion when no rule matched.
DEFAULT_STATUS = "in_progress"
#: Without evidence for an allowed status, the first allowed one here: nearest to work under way.
NEUTRAL_ORDER: tuple[str, ...] = (
    "in_progress",
    "ongoing",
    "basically_done",
    "not_done",
    "lagging",
    "done",
    "problem",
)
#: A rule counts at most this many times: a long text should not win by repetition alone.
MAX_COUNT = 2

_DATE = r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
_CLAUSE_END = re.compile(r"[,,。;;!!??::、\n]")
# Words that turn a following completion phrase into an aim, a condition or a denial.
_HEDGE = re.compile(
    r"确保|力争|争取|计划|预计|拟|待|需要|需(?!求)|应当|要求|尚未|未|没有|正在|努力|力求|目标|"
    r"以便|为了|下一步|下步|将(?:于|在|要|会|尽快|适时|及时|进一步)|如期|按期|推动|督促"
)
_HEDGE_WINDOW = 24
_TITLE = re.compile(r"《[^《》\n]{0,200}》")
# A 》 whose 《 was lost (scraped pages drop characters): the title runs from the clause start.
_TITLE_TAIL = re.compile(r"(?:^|(?<=[,,。;;::\n]))[^,,。;;::《》\n]{1,150}》")


@dataclass(frozen=True)
class _Rule:
    """A named pattern and the weight each status gets from one match."""

    name: str
    pattern: re.Pattern[str]
    weights: Mapping[str, float]
    hedgeable: bool = False  # skip matches preceded by an aim or condition in their clause


def _rule(name: str, regex: str, hedgeable: bool = False, **weights: float) -> _Rule:
    return _Rule(name, re.compile(regex), weights, hedgeable)


# Claiming order matters: the specific phrases come first (see the module docstring).
_RULES: tuple[_Rule, ...] = (
    _rule(
        "basically_done",
        r"基本(?:完成|建成|完工|落实|解决|到位|实现|具备|办结)|主体(?:工程|结构|建筑)?"
        r"(?:已经?)?(?:完工|竣工|完成|封顶)|即将(?:完成|完工|建成|竣工|投用|投产|通车|出台|印发)|"
        r"初步(?:形成|建成|完成|建立)|大部分(?:已经?)?完成|试运行|试运营|"
        r"(?:正在|正|已进入)?(?:收尾|扫尾)(?:阶段|工作)?|"
        r"已完成[^,,。;;]{0,12}?(?:大部分|主体)",
        hedgeable=True,
        basically_done=5,
    ),
    _rule(
        "percent",  # resolved to percent_complete / _most / _partial by its value
        r"(?:完成|完工|形象进度|进度|(?:办结|整改|落实|到位|兑现|开工|销号)率)"
        r"[^,,。;;%%增降比占]{0,20}?(\d{1,3}(?:\.\d+)?)\s*[%%]|"
        r"占[^,,。;;%%]{0,10}?(?:任务|目标|计划)[^,,。;;%%]{0,6}?(\d{1,3}(?:\.\d+)?)\s*[%%]",
    ),
    _rule(
        "lagging",
        r"进展(?:较|比较|相对)?缓慢|推进(?:较|比较)?缓慢|进度(?:较|比较)?(?:缓慢|偏慢|滞后)|"
        r"进展较慢|滞后|落后于|未达(?:到)?序时进度|差距较大|(?:需要|仍需|需|有待)加大(?:工作)?力度",
        not_done=1,
        lagging=4,
    ),
    _rule(
        "not_done",
        r"尚(?:未|在|有|存|需|不)|仍(?:未|有|存在|需)|未能|暂未|还未|至今未|迟迟未|"
        r"没有(?:完成|落实|出台|到位)|"
        r"(?<![尚仍暂还])未(?:完成|落实|出台|印发|开工|动工|启动|到位|签订|签署|建成|实施|下发|"
        r"达到|达标|办结|通过|兑现)",
        not_done=3,
        in_progress=1,
        lagging=0.5,
    ),
    _rule(
        "problem",
        r"存在(?:突出|较大|较多|重大)?(?:的)?[^,,。;;]{0,8}?问题|问题(?:较为|比较)?突出|"
        r"困难(?!群众|家庭|职工|学生|户|人员|老人|儿童|党员|残疾|企业)|难度(?:较|很|非常)?大|"
        r"瓶颈|制约|阻力|停工|停滞|搁置|资金缺口|受[^,,。;;]{1,10}?影响",
        lagging=1,
        problem=3,
    ),
    _rule(
        "completed",
        r"已(?:经)?(?:按(?:要求|期|时|计划|程序|规定))?(?:全部|全面|顺利|如期|提前)?"
        r"(?:完成|建成|竣工|完工|办结|落实到位|到位|投入使用|投用|投产|通车|开通|启用|上线|开业|交付)|"
        r"(?:全面|全部|圆满|顺利|提前|超额)完成|建成投用|投入(?:使用|运营|运行)|通过(?:竣工)?验收|"
        r"已(?:经)?将[^,,。;;]{1,30}?(?:纳入|并入|移交|下放|下达|录入)|"
        r"已于\s*" + _DATE + r"[^,,。;;]{0,12}?(?:正式)?(?:通车|运营|投产|开通|启用|实施|施行|"
        r"挂牌|上线|开业|竣工|建成|印发|出台|发布|签订|签署|颁布)|"
        r"正式(?:通车|运营|投产|开通|启用|挂牌|施行|获批|入列|揭牌)",
        hedgeable=True,
        done=4,
        basically_done=1,
    ),
    _rule(
        "issued",
        r"(?:已|正式)?(?:印发|出台|发布|下发|制定|签订|签署|颁布|修订)了|"
        r"已(?:经)?(?:正式)?(?:印发|出台|发布|下发|制定|签订|签署|颁布|挂牌|批复|获批|报备|"
        r"下达|审议通过)|正式(?:印发|出台|发布|下发|颁布)|挂牌成立|审议通过了|获得[^,,。;;]{0,8}批复",
        hedgeable=True,
        done=2.5,
        basically_done=1,
    ),
    _rule(
        "doc_number",
        r"[\u4e00-\u9fff]{1,10}[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]?\s*第?\d{0,4}\s*号?",
        done=2,
        basically_done=0.5,
    ),
    _rule(
        "past_date",
        r"已(?:经)?于\s*" + _DATE,
        done=1,
        basically_done=0.5,
    ),
    _rule(
        "future_date",
        r"(?:计划|预计|将|拟|力争|争取|确保)(?:于|在|到)?\s*"
        r"(?:(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月|年?底|年?末|内|上半年|下半年)?|\d{1,2}\s*月|"
        r"年底|年内|年末|月底|上半年|下半年|近期|近日|下月)",
        basically_done=0.5,
        in_progress=3.5,
    ),
    _rule(
        "pending",
        r"待[^,,。;;]{1,24}?(?:后|时)|(?:处于|进入)[^,,。;;]{0,12}?阶段|"
        r"按程序[^,,。;;]{0,6}?(?:送审|报批|审批|审核|报送|办理)|(?:送审|报批|审批中|审核中|"
        r"办理中|修改中|完善中|洽谈)|征求意见|将(?:及时|尽快|适时)|呈报|报请|提请|呈送|"
        r"已?报[^,,。;;]{1,8}?(?:审定|审批|审议|审核|批准|批复)",
        in_progress=3,
        not_done=1,
    ),
    _rule(
        "progress",
        r"正在|正按|正(?=[开进编组起推办抓])|继续|"
        r"(?:加快|有序|稳步|扎实|全力|积极|大力|强力|统筹)(?:推进|推动|促进)|"
        r"积极(?:协调|对接|争取|开展|筹备|谋划|组织)|加快(?:建设|实施)|抓紧|加紧|着手|"
        r"推进中|进行中|已启动|启动了|已开工|开工建设|已开始",
        basically_done=0.5,
        in_progress=2,
    ),
    _rule(
        "ongoing",
        r"持续|常态化|长效机制|长效管理|每年|逐年|每季度|每月|定期|长期|坚持不懈|久久为功|"
        r"常抓不懈|一以贯之|制度化|动态(?:管理|调整|更新)",
        in_progress=0.5,
        ongoing=2.5,
    ),
)

#: A completion phrase under an aim or condition (确保…完成, 待…出台) says the work is open.
_AIM_WEIGHTS: Mapping[str, float] = {"in_progress": 2, "not_done": 0.5}
_PERCENT_WEIGHTS: Mapping[str, Mapping[str, float]] = {
    "percent_complete": {"done": 3},
    "percent_most": {"basically_done": 3, "in_progress": 1},
    "percent_partial": {"basically_done": 0.5, "in_progress": 2.5},
}
_WEIGHTS: Mapping[str, Mapping[str, float]] = {
    **{r.name: r.weights for r in _RULES if r.name != "percent"},
    **_PERCENT_WEIGHTS,
    "aim": _AIM_WEIGHTS,
}
#: Every rule name an evidence item can carry.
RULE_NAMES: tuple[str, ...] = tuple(_WEIGHTS)


@dataclass(frozen=True)
class Evidence:
    """One matched span of the text and the rule that matched it."""

    span: str
    rule: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``ducha suggest``."""
        return {"span": self.span, "rule": self.rule, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Suggestion:
    """The suggested status of one progress text, with its evidence and scores."""

    text: str
    status: str
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.0
    scores: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``ducha suggest`` (scores are left out: they are for debugging)."""
        return {
            "text": self.text,
            "status": self.status,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def _hedged(text: str, start: int) -> bool:
    """True when the clause before ``start`` states an aim, a condition or a denial."""
    lo = max(0, start - _HEDGE_WINDOW)
    prefix = text[lo:start]
    ends = list(_CLAUSE_END.finditer(prefix))
    if ends:
        prefix = prefix[ends[-1].end() :]
    return _HEDGE.search(prefix) is not None


def _percent_rule(value: str) -> str:
    """Name the percentage rule by how much of the work the figure says is done."""
    pct = float(value)
    if pct >= 100:
        return "percent_complete"
    return "percent_most" if pct >= 80 else "percent_partial"


def _mask_titles(text: str) -> str:
    """Blank out the inside of 《titles》: 《关于加快推进…的方案》 says nothing about progress."""
    masked = _TITLE.sub(lambda m: "《" + "#" * (len(m.group(0)) - 2) + "》", text)
    return _TITLE_TAIL.sub(lambda m: "#" * (len(m.group(0)) - 1) + "》", masked)


def _collect(text: str, offset: int) -> list[Evidence]:
    """All non-overlapping evidence in ``text``, claimed rule by rule in table order."""
    masked = _mask_titles(text)
    starts: list[int] = []  # claimed spans never overlap, so they sort by start and by end
    ends: list[int] = []
    found: list[Evidence] = []
    for rule in _RULES:
        for m in rule.pattern.finditer(masked):
            start, end = m.span()
            i = bisect.bisect_right(starts, start)
            if start == end or (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
                continue
            if rule.name == "percent":
                name = _percent_rule(m.group(1) or m.group(2))
            elif rule.hedgeable and _hedged(masked, start):
                name = "aim"
            else:
                name = rule.name
            starts.insert(i, start)
            ends.insert(i, end)
            found.append(Evidence(text[start:end], name, start + offset, end + offset))
    found.sort(key=lambda e: e.start)
    return found


def score_evidence(evidence: Iterable[Evidence]) -> dict[str, float]:
    """Sum each rule's weights, counting a rule at most ``MAX_COUNT`` times."""
    counts: dict[str, int] = {}
    for ev in evidence:
        counts[ev.rule] = counts.get(ev.rule, 0) + 1
    scores = dict.fromkeys(STATUS_CODES, 0.0)
    for rule, n in counts.items():
        for status, weight in _WEIGHTS[rule].items():
            scores[status] += weight * min(n, MAX_COUNT)
    return scores


def _decide(scores: Mapping[str, float],
            allowed: frozenset[str] = frozenset(STATUS_CODES)) -> tuple[str, float]:
    """The winning allowed status (ties by ``TIE_ORDER``) and its share of their total score."""
    total = sum(scores[s] for s in allowed)
    if total <= 0:
        return next(s for s in NEUTRAL_ORDER if s in allowed), 0.0
    order = [s for s in TIE_ORDER if s in allowed]
    best = max(order, key=lambda s: (scores[s], -order.index(s)))
    return best, round(scores[best] / total, 2)


def _vocabulary(allowed: Collection[str] | None) -> frozenset[str]:
    """The allowed statuses as a set, refusing unknown codes and an empty vocabulary."""
    if allowed is None:
        return frozenset(STATUS_CODES)
    chosen = frozenset(allowed)
    unknown = sorted(chosen - set(STATUS_CODES))
    if unknown or not chosen:
        raise ValueError(f"allowed statuses must be some of {', '.join(STATUS_CODES)}; "
                         f"got {sorted(chosen) or 'none'}")
    return chosen


def suggest_status(text: str, *, allowed: Collection[str] | None = None) -> Suggestion:
    """Suggest a status code for one progress text, with evidence.

    ``allowed`` limits the answer to an office's (or a bulletin's) own statuses: the evidence
    is scored as always and the best allowed status is chosen (see "A known vocabulary").
    """
    vocabulary = _vocabulary(allowed)
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    evidence = _collect(stripped, offset)
    scores = score_evidence(evidence)
    status, confidence = _decide(scores, vocabulary)
    return Suggestion(text, status, tuple(evidence), confidence, scores)


def suggest_many(lines: Iterable[str], *,
                 allowed: Collection[str] | None = None) -> list[Suggestion]:
    """One suggestion per progress text, in the same order (``ducha suggest`` reads a file)."""
    vocabulary = None if allowed is None else _vocabulary(allowed)
    return [suggest_status(line, allowed=vocabulary) for line in lines]
