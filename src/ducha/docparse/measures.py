"""Measure words (计量单位) and the magnitudes printed in front of them.

Targets and reports print the same quantity in different sizes: a target of 3.7万人 is reported
as 5193人, 117万吨 as 1170000吨. Comparing them needs one base measure, so every printed
measure is split into a magnitude (万 10⁴, 亿 10⁸, 千 10³, 百 10², combinable: 千万, 百万,
万亿) and a base measure word (人, 吨, 元, 平方米 …).

Some measure words begin with a magnitude character but are units in their own right
(千米, 千克, 千瓦, 百分点): they are never split. Measures that cannot be converted into one
another (吨 and 个, % and 个) raise :class:`MeasureMismatch` with a Chinese message the reporter
can act on — a value is never silently reinterpreted.
"""

from __future__ import annotations

from decimal import Decimal

MAGNITUDES: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}

# Units whose first character looks like a magnitude but which are units themselves.
_WHOLE_UNITS: frozenset[str] = frozenset(
    {"千米", "千克", "千瓦", "千瓦时", "千伏", "千伏安", "千帕", "百分点", "个百分点", "千卡"}
)

# Synonyms printed for the same unit; the value is (factor, canonical word).
_SYNONYMS: dict[str, tuple[int, str]] = {
    "公里": (1, "千米"), "公斤": (1, "千克"), "度": (1, "千瓦时"),
}

PERCENT = "%"
POINTS = "个百分点"

# Measure words the indicator grammar recognises after a number (without magnitude).
# Longest first, so that a regex alternation built from it prefers 平方公里 to 公里.
MEASURE_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            "个百分点", "平方公里", "平方米", "立方米", "千瓦时", "千伏安", "人次", "户次",
            "千米", "千克", "千瓦", "公里", "公斤", "公顷", "兆瓦",
            "个", "家", "座", "人", "名", "吨", "亩", "元", "项", "所", "条", "处", "台", "辆",
            "户", "套", "间", "张", "次", "件", "场", "栋", "头", "株", "棵", "起", "批", "部",
            "支", "块", "床", "位", "册", "期", "宗", "笔", "只", "艘", "架", "片", "口", "倍",
            "度", "米", "千伏",
        },
        key=lambda w: (-len(w), w),
    )
)


class MeasureMismatch(ValueError):  # noqa: N818 -- the name the indicator contract uses
    """Two measures that cannot be converted into each other; ``message`` is for the user."""

    code = "measure_mismatch"

    def __init__(self, measure: str | None, target_measure: str | None, message: str) -> None:
        self.measure = measure
        self.target_measure = target_measure
        self.message = message
        super().__init__(message)


def split_measure(measure: str | None) -> tuple[int, str]:
    """Split a printed measure into (magnitude factor, base measure word).

    ``万吨`` → (10000, "吨"), ``亿元`` → (10⁸, "元"), ``万千瓦`` → (10000, "千瓦"),
    ``%`` → (1, "%"), ``万`` → (10000, ""), ``None`` → (1, "").
    """
    rest = (measure or "").strip().replace("余", "")  # 3000余人, 4.7万余名: same unit
    factor = 1
    while rest and rest[0] in MAGNITUDES and rest not in _WHOLE_UNITS:
        factor *= MAGNITUDES[rest[0]]
        rest = rest[1:]
    if rest in _SYNONYMS:
        extra, rest = _SYNONYMS[rest]
        factor *= extra
    return factor, rest


def to_base(value: float | Decimal | int, measure: str | None) -> tuple[float, str]:
    """Express ``value`` printed in ``measure`` in its base measure: (3.7, 万人) → (37000, 人).

    Decimal arithmetic keeps 3.7万 at exactly 37000 rather than 37000.000000000004.
    """
    factor, base = split_measure(measure)
    return float(Decimal(str(value)) * factor), base


def describe(measure: str | None) -> str:
    """The measure as a user reads it in a message: 万吨, or 无单位 when none was printed."""
    return measure if measure else "无单位"


def reconcile(value: float | Decimal | int, measure: str | None,
              target_measure: str | None) -> float:
    """Convert ``value`` printed in ``measure`` into ``target_measure``.

    5193 人 into 万人 gives 0.5193. Raises :class:`MeasureMismatch` when the base measures
    differ (吨 against 个) or one side has no measure word while the other has a different
    one, because guessing would put a wrong number in front of a leader.
    """
    factor, base = split_measure(measure)
    target_factor, target_base = split_measure(target_measure)
    if base != target_base:
        raise MeasureMismatch(measure, target_measure, _mismatch_message(measure, target_measure))
    scaled = Decimal(str(value)) * factor / target_factor
    return float(scaled)


def _mismatch_message(measure: str | None, target_measure: str | None) -> str:
    """Say in Chinese what is wrong and what to write instead."""
    wanted = describe(target_measure)
    if not measure:
        return f"未填写计量单位,无法与目标单位“{wanted}”比较,请按目标单位“{wanted}”填写"
    if not target_measure:
        return f"目标未规定计量单位,填报的“{measure}”无法换算,请只填写数值"
    return f"计量单位“{measure}”与目标的“{wanted}”无法换算,请按目标单位“{wanted}”填写"


def compatible(measure: str | None, other: str | None) -> bool:
    """True when the two measures share a base measure and can be reconciled."""
    return split_measure(measure)[1] == split_measure(other)[1]
