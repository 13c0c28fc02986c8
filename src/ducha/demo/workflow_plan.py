"""Plan the demo workflow in memory: each unit's reports per period and the office's verdicts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ducha.choices import ReportState
from ducha.demo import texts
from ducha.demo.ledger_plan import PlannedTask
from ducha.docparse.vocab import STATUS_BY_CODE
from ducha.ledger.models import Indicator, Task
from ducha.org.models import Unit
from ducha.reporting.models import Period

LOCAL = ZoneInfo("Asia/Shanghai")
PACE_FACTOR = {"early": 1.25, "steady": 1.0, "late": 0.85, "ongoing": 1.0, "lagging": 0.7,
               "stuck": 0.5}


ReportKey = tuple[int, int, int]  # unit, task, period


@dataclass
class PlannedWorkflow:
    """Rows as dicts keyed by column attname, so they can be written with or without models."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    actuals: list[tuple[ReportKey, Indicator, Decimal]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)


def _at(date: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour, 0), tzinfo=LOCAL)


def progress_text(rng: random.Random, status: str, topic: str, year: int, quarter: int) -> str:
    """One progress paragraph for a status, filled with plausible dates and figures."""
    template = rng.choice(texts.PROGRESS[status])
    month = 3 * (quarter - 1) + rng.randint(1, 3)
    return template.format(t=topic, y=year, n=rng.randint(2, 40), m=month,
                           d=rng.randint(1, 28), m2=min(12, month + rng.randint(1, 3)),
                           p=rng.randint(20, 95))


def _actual(rng: random.Random, ind: Indicator, quarter: int, trajectory: str) -> Decimal:
    """An actual that follows the trajectory: counts accumulate with pace, rates wobble."""
    target = float(ind.value or 0)
    if ind.cumulative:
        value = target * quarter / 4 * PACE_FACTOR[trajectory] * rng.uniform(0.9, 1.1)
    else:
        value = target * rng.uniform(0.8, 1.25) * (PACE_FACTOR[trajectory] ** 0.5)
    return Decimal(f"{value:.2f}")


def _topic(plan: PlannedTask) -> str:
    for verb in texts.TASK_VERBS:
        if plan.title.startswith(verb):
            return plan.title[len(verb):]
    return plan.title.removesuffix("的落实情况")


def _current(periods: list[Period], today: dt.date) -> Period | None:
    return next((p for p in periods if p.due_date >= today), None)


def _report_state(rng: random.Random, closed: bool) -> str | None:
    if closed:
        return ReportState.ACCEPTED
    roll = rng.random()
    return (ReportState.SUBMITTED if roll < 0.55 else ReportState.DRAFT if roll < 0.75
            else None)


def plan_reports(pairs: list[tuple[PlannedTask, Task]], periods: list[Period],
                 units: dict[str, Unit], rng: random.Random, today: dt.date,
                 indicators: dict[int, list[Indicator]]) -> PlannedWorkflow:
    """Reports of every assigned unit for closed periods and the current one; verdicts for
    closed periods. Future periods get nothing."""
    out = PlannedWorkflow()
    current = _current(periods, today)
    for plan, task in pairs:
        topic = _topic(plan)
        task_indicators = indicators.get(task.pk, [])
        for period in periods:
            closed = period.due_date < today
            if not closed and period != current:
                continue
            status = texts.TRAJECTORIES[plan.trajectory][period.index - 1]
            lead_text = progress_text(rng, status, topic, period.year, period.index)
            names = [(n, True) for n in plan.lead] + [(n, False) for n in plan.responsible]
            for name, is_lead in names:
                unit = units.get(name)
                state = _report_state(rng, closed)
                if unit is None or state is None:
                    continue
                text = lead_text if is_lead else f"配合做好{topic}相关工作。" + lead_text
                submitted = (_at(period.due_date - dt.timedelta(days=rng.randint(0, 6)), 16)
                             if state != ReportState.DRAFT else None)
                out.reports.append({
                    "unit_id": unit.pk, "task_id": task.pk, "period_id": period.pk,
                    "text": text, "state": state, "submitted_at": submitted,
                    "accepted_at": _at(period.due_date + dt.timedelta(days=5), 10)
                    if state == ReportState.ACCEPTED else None})
                key = (unit.pk, task.pk, period.pk)
                out.actuals += [(key, i, _actual(rng, i, period.index, plan.trajectory))
                                for i in task_indicators if is_lead and i.value is not None]
            if closed:
                out.assessments.append({
                    "task_id": task.pk, "period_id": period.pk, "status": status,
                    "light": STATUS_BY_CODE[status].light, "note": "",
                    "decided_at": _at(period.due_date + dt.timedelta(days=10), 10)})
    return out
