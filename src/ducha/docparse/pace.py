"""Judging an actual against its target (指标评定), as a pure function of its arguments.

Verdicts, best first (``VERDICT_RANK``), and the light each one shows:

``met`` (green)
    The target's condition holds now. For a cumulative count (新建5G基站1000座) the whole
    year's amount has been reached, so it stays met for the rest of the year. For a level
    (a growth rate, a rate, a stock such as 企业总数) the latest figure satisfies the
    comparator; it may fall back in a later period.
``on_pace`` (green)
    Cumulative counts only: not reached yet, but at or ahead of 序时进度 — the share of the
    target done is at least the share of the period elapsed (quarter q → q/4, month m → m/12).
    For an "at most" count (事故不超过40起): not above the budget the elapsed time allows.
``behind`` (yellow)
    Not met and, for cumulative counts, below 序时进度; the period is still open.
``missed`` (red)
    ``final=True`` (the period has ended) and the target is not met — or the failure can no
    longer be undone: a cumulative count above its "at most" ceiling, or above the tolerance
    band of an "about" target.

Which side of the value is good is the target's ``sense``: ``floor`` (>=, and "=" — a target
printed with no qualifier is met when reached), ``ceiling`` (<=, and 控制在…左右), ``band``
("about" with no direction: symmetric within ``tolerance``). An "about" growth target
(增长15.5%左右) is a floor softened by the tolerance, since growing faster is never a failure.
``tolerance`` is in percentage points for percentages and in per cent of the target for counts.

Time is an argument: ``elapsed`` is computed by the caller (``elapsed_share``) from dates it
passes in; nothing here reads the clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ducha.docparse.indicators import Target
from ducha.docparse.measures import PERCENT, reconcile

VERDICTS: tuple[str, ...] = ("met", "on_pace", "behind", "missed")
VERDICT_RANK: dict[str, int] = {"missed": 0, "behind": 1, "on_pace": 2, "met": 3}
LIGHTS: dict[str, str] = {"met": "green", "on_pace": "green", "behind": "yellow",
                          "missed": "red"}
_EPS = 1e-9
_SUFFIX = {">=": "以上", "<=": "以内", "~": "左右", "=": ""}
_STOCK_WORDS = ("总数", "总量", "产量", "比例", "保有量", "存量", "率")


@dataclass(frozen=True)
class Evaluation:
    """The judgement of one indicator in one period.

    ``share`` is actual / target (1.0 = the whole target; None for growth and rate kinds);
    ``pace`` is the elapsed share a cumulative count was judged against (None otherwise).
    """

    verdict: str
    light: str
    explanation: str
    share: float | None
    pace: float | None


def quarter_elapsed(quarter: int) -> float:
    """序时进度 at the end of quarter q: q/4."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"季度应为1至4,收到“{quarter}”,请检查督办周期")
    return quarter / 4


def month_elapsed(month: int) -> float:
    """序时进度 at the end of month m: m/12."""
    if not 1 <= month <= 12:
        raise ValueError(f"月份应为1至12,收到“{month}”,请检查督办周期")
    return month / 12


def elapsed_share(year: int, *, quarter: int | None = None, month: int | None = None,
                  as_of: date | None = None) -> float:
    """The share of ``year`` elapsed at the end of a quarter or month, or on a given day.

    Exactly one of ``quarter``, ``month`` and ``as_of`` is passed; ``as_of`` counts days
    (inclusive) and is clamped to 0 before the year and 1 after it.
    """
    given = [x for x in (quarter, month, as_of) if x is not None]
    if len(given) != 1:
        raise ValueError("请只指定季度、月份或日期中的一项来计算序时进度")
    if quarter is not None:
        return quarter_elapsed(quarter)
    if month is not None:
        return month_elapsed(month)
    assert as_of is not None
    if as_of.year != year:
        return 0.0 if as_of.year < year else 1.0
    days = 366 if calendar.isleap(year) else 365
    return as_of.timetuple().tm_yday / days


def is_cumulative(target: Target) -> bool:
    """Default for a count: flows (新增, 新建, 引进 …) accumulate; stocks and rates do not."""
    return target.kind == "count" and not any(w in target.name for w in _STOCK_WORDS)


def target_sense(target: Target) -> str:
    """The target's sense, or the one its kind and comparator imply (module docstring)."""
    if target.sense:
        return target.sense
    if target.comparator == "<=":
        return "ceiling"
    if target.comparator == "~" and target.kind != "growth":
        return "band"
    return "floor"


def _fmt(value: float, digits: int = 2) -> str:
    """A number as a bulletin prints it: 23.6, 1000, -0.9 (no trailing zeros, no -0)."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _target_text(target: Target, value: float, measure: str) -> str:
    """The target as printed: 10.5%以上, 4.5%以内, 1000座."""
    return f"{_fmt(value)}{measure}{_SUFFIX.get(target.comparator or '=', '')}"


@dataclass(frozen=True)
class _Case:
    """One evaluation's numbers, in the target's measure and in the one displayed."""

    target: Target
    actual: float  # in the target's measure
    value: float  # the target value, in the target's measure
    shown_actual: float
    shown_value: float
    measure: str
    sense: str
    tolerance: float
    final: bool


def _case(target: Target, actual_value: float | Decimal, measure: str | None,
          tolerance: float, final: bool) -> _Case:
    """Check the inputs and put actual and target in comparable measures."""
    if target.kind == "qualitative" or target.value is None:
        raise ValueError(f"“{target.name}”是定性目标,没有数值可比,请按文字进展评定")
    if tolerance < 0:
        raise ValueError("允许偏差不能为负数")
    shown_measure = measure if measure is not None else (target.measure or "")
    value = float(target.value)
    actual = float(actual_value)
    shown_value = value
    if measure is not None and measure != target.measure:
        actual = reconcile(actual_value, measure, target.measure)
        shown_value = reconcile(target.value, target.measure, measure)
    return _Case(target, actual, value, float(actual_value), shown_value, shown_measure,
                 target_sense(target), tolerance, final)


def evaluate(target: Target, actual_value: float | Decimal, *, elapsed: float,
             cumulative: bool, tolerance: float = 0.5, final: bool = False,
             measure: str | None = None) -> Evaluation:
    """Judge ``actual_value`` against ``target`` (see the module docstring for the rules).

    ``measure`` is the measure ``actual_value`` is printed in when it differs from the
    target's (5193 人 against 3.7 万人); it must be convertible (``MeasureMismatch``).
    ``cumulative`` applies to counts only; growths and rates are always levels.
    """
    if not 0 <= elapsed <= 1:
        raise ValueError(f"序时进度应在0到1之间,收到“{elapsed}”")
    case = _case(target, actual_value, measure, tolerance, final)
    if cumulative and target.kind == "count":
        verdict, text, share = _cumulative(case, elapsed)
        return Evaluation(verdict, LIGHTS[verdict], text, share, elapsed)
    verdict, text, share = _level(case)
    return Evaluation(verdict, LIGHTS[verdict], text, share, None)


def _pace_phrase(share_pct: float, elapsed: float) -> str:
    """Position against 序时进度, from the rounded figures the sentence prints."""
    gap = round(round(share_pct, 1) - round(elapsed * 100, 1), 1)
    if gap > 0:
        return f"超过序时进度{_fmt(gap, 1)}个百分点"
    if gap < 0:
        return f"低于序时进度{_fmt(-gap, 1)}个百分点"
    return "与序时进度持平"


def _cumulative(case: _Case, elapsed: float) -> tuple[str, str, float | None]:
    """Verdict for a count that accumulates over the period."""
    a, v = case.actual, case.value
    share = a / v if v else None
    share_pct = share * 100 if share is not None else 0.0
    done = f"完成{_fmt(case.shown_actual)}{case.measure}"
    if share is not None:
        done += f",占年度{'上限' if case.sense == 'ceiling' else '目标'}{_fmt(share_pct, 1)}%"
    band = case.tolerance / 100 * abs(v)
    if case.sense == "ceiling":
        if a > v + _EPS:
            return "missed", f"{done},已超过年度上限", share
        if case.final:
            return "met", f"{done},未超过年度上限", share
        verdict = "on_pace" if a <= v * elapsed + _EPS else "behind"
        return verdict, f"{done},{_pace_phrase(share_pct, elapsed)}", share
    if case.sense == "band" and a > v + band + _EPS:
        return "missed", f"{done},超出目标允许范围(±{_fmt(case.tolerance)}%)", share
    reached = a >= v - (band if case.sense == "band" else 0) - _EPS
    if reached:
        return "met", f"{done},已完成全年目标", share
    if case.final:
        return "missed", f"{done},未完成年度目标", share
    verdict = "on_pace" if share is not None and share >= elapsed - _EPS else "behind"
    return verdict, f"{done},{_pace_phrase(share_pct, elapsed)}", share


def _level(case: _Case) -> tuple[str, str, float | None]:
    """Verdict for a growth, a rate or a stock: does the latest figure satisfy the target?"""
    a, v = case.actual, case.value
    percent = case.measure in {PERCENT, "个百分点"}
    unit = "个百分点" if percent else case.measure
    tol = case.tolerance if percent else case.tolerance / 100 * abs(v)
    about = case.target.comparator == "~"
    if case.sense == "band":
        ok = abs(a - v) <= tol + _EPS
    elif case.sense == "ceiling":
        ok = a <= v + (tol if about else 0) + _EPS
    else:
        ok = a >= v - (tol if about else 0) - _EPS
    verdict = "met" if ok else ("missed" if case.final else "behind")
    head = (f"实际{_fmt(case.shown_actual)}{case.measure},"
            f"目标{_target_text(case.target, case.shown_value, case.measure)}")
    diff = case.shown_actual - case.shown_value
    if case.sense == "band":
        where = "在允许范围内" if ok else "超出允许范围"
        allowed = f"±{_fmt(case.tolerance)}{unit if percent else '%'}"
        tail = f"偏离{_fmt(abs(diff))}{unit},{where}({allowed})"
    elif abs(diff) < _EPS:
        tail = "与目标持平"
    else:
        tail = f"{'高于' if diff > 0 else '低于'}目标{_fmt(abs(diff))}{unit}"
    share = None if percent or not v else a / v
    return verdict, f"{head},{tail}", share


# ---------------------------------------------------------------------------------------------
# Forecasts (下期预计值) against what came true

FORECAST_TOLERANCE = 0.10  # a forecast within 10% of what came true counts as accurate


@dataclass(frozen=True)
class ForecastCheck:
    """Last period's forecast against this period's actual, both in the actual's measure.

    ``error`` is measured against the forecast — what the unit said it would reach — as the
    report form prints it (预计250座, 实际236座 → -5.6%); it is None when the forecast was 0
    and the actual is not, since no percentage says how far off that was.
    """

    forecast: float
    actual: float
    measure: str
    difference: float  # actual − forecast
    error: float | None
    accurate: bool
    given: float = 0.0  # the forecast as the unit wrote it, in its own measure
    given_measure: str = ""

    @property
    def text(self) -> str:
        """"上期预计 250座,实际 236座,差 14座(-5.6%)"; built on demand: summaries of
        thousands of checks (the cockpit) never need it."""
        unit = "个百分点" if self.measure in {PERCENT, "个百分点"} else self.measure
        head = (f"上期预计 {_fmt(self.given)}{self.given_measure},"
                f"实际 {_fmt(self.actual)}{self.measure}")
        if abs(self.difference) < _EPS:
            return f"{head},与预计一致"
        tail = f"{'超' if self.difference > 0 else '差'} {_fmt(abs(self.difference))}{unit}"
        if self.error is not None:
            tail += f"({'+' if self.error > 0 else '-'}{_fmt(abs(self.error) * 100, 1)}%)"
        return f"{head},{tail}"


def check_forecast(forecast: float | Decimal, forecast_measure: str | None,
                   actual: float | Decimal, actual_measure: str | None, *,
                   tolerance: float = FORECAST_TOLERANCE) -> ForecastCheck:
    """Compare a forecast with the actual that followed; ``MeasureMismatch`` if they cannot
    be put in one measure (a figure is never reinterpreted silently)."""
    if tolerance < 0:
        raise ValueError("允许偏差不能为负数")
    measure = actual_measure or ""
    f = reconcile(forecast, forecast_measure or None, actual_measure or None)
    a = float(actual)
    diff = a - f
    if abs(f) > _EPS:
        error: float | None = diff / abs(f)
    else:
        error = 0.0 if abs(diff) < _EPS else None
    accurate = abs(diff) < _EPS or (error is not None and abs(error) <= tolerance + _EPS)
    return ForecastCheck(f, a, measure, diff, error, accurate, float(forecast),
                         forecast_measure or "")


@dataclass(frozen=True)
class ForecastAccuracy:
    """How well a set of forecasts came true: ``share`` within tolerance and the mean absolute
    percentage error (``mape``, over the forecasts that have a percentage error)."""

    count: int
    within: int
    share: float | None
    mape: float | None


def summarise_forecasts(checks: Iterable[ForecastCheck]) -> ForecastAccuracy:
    """Share of accurate forecasts and their mean absolute percentage error."""
    checks = list(checks)
    within = sum(1 for c in checks if c.accurate)
    errors = [abs(c.error) for c in checks if c.error is not None]
    return ForecastAccuracy(
        count=len(checks), within=within,
        share=within / len(checks) if checks else None,
        mape=sum(errors) / len(errors) if errors else None)
