"""Indicators against target and 序时进度 for the cockpit, a page at a time.

The judging is ``ledger.indicators.indicator_evaluations`` (the same the bulletins read); this
module only pages the indicators, picks the period's cell and lays out the trend across the
year's periods. A page costs a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef

from ducha.choices import LIGHT_COLOURS, IndicatorKind, Light, Role
from ducha.cockpit import totals
from ducha.cockpit.filters import CockpitFilters
from ducha.cockpit.selectors import Page, _page_number, tally_scope
from ducha.ledger.indicators import IndicatorRow, elapsed_share, indicator_evaluations
from ducha.ledger.models import Assignment, Indicator
from ducha.reporting.models import Period
from ducha.reporting.sheet import target_text

VERDICT_LABELS = {"met": "已达标", "on_pace": "符合序时进度", "behind": "落后序时进度",
                  "missed": "未完成"}
LIGHT_LABELS = dict(Light.choices)
INDICATOR_PAGE = 25


@dataclass
class IndicatorLine:
    """One indicator in the chosen period, with its trend over the year's periods."""

    indicator_id: int
    name: str
    task_id: int
    task_label: str
    target: str
    leads: list[str]
    actual: str = ""
    pace_target: str = ""
    verdict: str = ""
    light: str = ""
    explanation: str = ""
    revised: bool = False
    trend: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, "尚无完成值" if not self.actual else "不评定")

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS.get(self.light, "")

    @property
    def light_colour(self) -> str:
        return LIGHT_COLOURS.get(self.light, "#9e9e9e")


def _number(value: Any) -> str:
    if value is None:
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def _year_periods(period: Period) -> list[Period]:
    return list(Period.objects.active()
                .filter(year=period.year, kind=period.kind, due_date__lte=period.due_date)
                .order_by("due_date"))


def _pace_value(indicator: Indicator, period: Period) -> float | None:
    """What a cumulative count should have reached by the end of the period (序时目标)."""
    if not indicator.cumulative or indicator.value is None:
        return None
    return round(float(indicator.value) * elapsed_share(indicator, period), 2)


def _line(indicator: Indicator, rows: list[IndicatorRow], period: Period,
          leads: list[str]) -> IndicatorLine:
    task = indicator.task
    line = IndicatorLine(indicator.pk, indicator.name, indicator.task_id,
                         f"{task.number} {task.title[:40]}".strip(), target_text(indicator),
                         leads)
    trend: dict[str, Any] = {"periods": [], "actual": [], "pace": [], "lights": [],
                             "measure": indicator.measure,
                             "target": None if indicator.value is None
                             else float(indicator.value)}
    for row in rows:
        verdict = row.revised or row.original
        trend["periods"].append(row.period.label.removeprefix(f"{row.period.year}年"))
        trend["actual"].append(None if row.actual is None else float(row.actual))
        trend["pace"].append(_pace_value(indicator, row.period))
        trend["lights"].append(verdict.light if verdict else "")
        if row.period.pk == period.pk:
            line.actual = _number(row.actual) + (row.measure or indicator.measure
                                                 if row.actual is not None else "")
            pace = _pace_value(indicator, period)
            line.pace_target = "" if pace is None else _number(pace) + indicator.measure
            line.revised = row.revised is not None
            if verdict is not None:
                line.verdict, line.light = verdict.verdict, verdict.light
                line.explanation = verdict.explanation
    line.trend = trend
    return line


def indicator_board(*, period: Period, filters: CockpitFilters, page: int = 1,
                    size: int = INDICATOR_PAGE) -> Page:
    """Quantitative indicators of the tasks in scope, with this period's verdict and light
    and their trend across the year; paged."""
    qs = (Indicator.objects.active().filter(filters.task_q("task__"))
          .exclude(kind=IndicatorKind.QUALITATIVE).filter(task__archived_at__isnull=True))
    if filters.unit:  # the unit leads the task (its indicators are its targets)
        qs = qs.filter(Exists(Assignment.objects.active().filter(
            task_id=OuterRef("task_id"), unit_id=filters.unit, role=Role.LEAD)))
    ordered = qs.select_related("task", "task__source").order_by("task__source_id",
                                                                  "task__position", "id")
    unit = tally_scope(filters)
    if unit is None:  # narrowed by source or chapter: few rows, read directly
        total = qs.count()
        number = _page_number(page, total, size)
        start = (number - 1) * size
        indicators = list(ordered[start:start + size])
    else:  # the running totals say how many, and which sources hold the page
        total = totals.count("in", 0, unit)
        number = _page_number(page, total, size)
        start = (number - 1) * size
        indicators = []
        for part in totals.locate("in", 0, unit, [""], start, size):
            indicators += list(ordered.filter(task__source_id__in=part.sources)
                               [part.skip:part.skip + size - len(indicators)])
    periods = _year_periods(period)
    by_indicator: dict[int, list[IndicatorRow]] = {}
    for row in indicator_evaluations(indicators=indicators, periods=periods):
        by_indicator.setdefault(row.indicator.pk, []).append(row)
    leads: dict[int, list[str]] = {}
    for task_id, name in (Assignment.objects.active()
                          .filter(task_id__in={i.task_id for i in indicators}, role=Role.LEAD)
                          .order_by("id").values_list("task_id", "printed_name")):
        leads.setdefault(task_id, []).append(name)
    lines = [_line(i, by_indicator.get(i.pk, []), period, leads.get(i.task_id, []))
             for i in indicators]
    return Page(lines, total, number, size)


def light_summary(lines: list[IndicatorLine]) -> list[dict[str, Any]]:
    """How many indicators on the page show each light (and how many have no verdict)."""
    counts = {code: 0 for code, _label in Light.choices}
    none = 0
    for line in lines:
        if line.light in counts:
            counts[line.light] += 1
        else:
            none += 1
    rows = [{"code": code, "label": label, "count": counts[code],
             "colour": LIGHT_COLOURS[code]} for code, label in Light.choices]
    rows.append({"code": "none", "label": "未评定", "count": none, "colour": "#9e9e9e"})
    return rows
