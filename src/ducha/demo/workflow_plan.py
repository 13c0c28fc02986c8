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
from ducha.reporting.similarity import similarity

LOCAL = ZoneInfo("Asia/Shanghai")
PACE_FACTOR = {"early": 1.25, "steady": 1.0, "late": 0.85, "ongoing": 1.0, "lagging": 0.7,
               "stuck": 0.5}


ReportKey = tuple[int, int, int]  # unit, task, period


@dataclass
class PlannedWorkflow:
    """Rows as dicts keyed by column attname, so they can be written with or without models."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    actuals: list[tuple[ReportKey, Indicator, Decimal]] = field(default_factory=list)
    forecasts: list[tuple[ReportKey, Indicator, Decimal]] = field(default_factory=list)
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


def _forecast(key: ReportKey, ind: Indicator, quarter: int, trajectory: str) -> Decimal:
    """Next quarter's value as the unit expects it: near its pace, hopeful when behind (a slow
    task expects to catch up). Its own generator, seeded by the report, so adding forecasts
    leaves every other demo figure as it was."""
    rng = random.Random(f"forecast:{key}:{ind.pk}")
    target = float(ind.value or 0)
    hope = PACE_FACTOR[trajectory] ** 0.5
    if ind.cumulative:
        value = target * (quarter + 1) / 4 * hope * rng.uniform(0.9, 1.15)
    else:
        value = target * rng.uniform(0.9, 1.15) * hope
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


@dataclass
class WorkflowContext:
    """What every copy's workflow plan needs besides the tasks."""

    periods: list[Period]
    units: dict[str, Unit]
    today: dt.date
    indicators: dict[int, list[Indicator]]
    liaisons: dict[int, int] = field(default_factory=dict)  # unit id → its reporter's id
    causes: list[int] = field(default_factory=list)  # LagCause ids


CONFIDENCE = {"early": "high", "steady": "high", "late": "medium", "ongoing": "medium",
              "lagging": "low", "stuck": "low"}


def _report_row(rng: random.Random, ctx: WorkflowContext, *, unit: Unit, task: Task,
                period: Period, state: str, text: str, previous: str | None,
                plan: PlannedTask, topic: str) -> dict[str, Any]:
    submitted = (_at(period.due_date - dt.timedelta(days=rng.randint(0, 6)), 16)
                 if state != ReportState.DRAFT else None)
    score = similarity(text, previous) if previous else None
    milestone_month = min(12, 3 * period.index + rng.randint(1, 3))
    return {
        "unit_id": unit.pk, "task_id": task.pk, "period_id": period.pk, "text": text,
        "state": state, "submitted_at": submitted,
        "accepted_at": _at(period.due_date + dt.timedelta(days=5), 10)
        if state == ReportState.ACCEPTED else None,
        "submitted_by_id": ctx.liaisons.get(unit.pk) if submitted else None,
        "confidence": CONFIDENCE[plan.trajectory],
        "next_milestone": f"{milestone_month}月底前完成{topic}阶段性任务",
        "next_milestone_date": dt.date(period.year, milestone_month, 28),
        "similarity": score, "near_duplicate": bool(score and score >= 0.9),
    }


def _assessment_row(rng: random.Random, ctx: WorkflowContext, task: Task, period: Period,
                    status: str) -> dict[str, Any]:
    return {
        "task_id": task.pk, "period_id": period.pk, "status": status,
        "light": STATUS_BY_CODE[status].light, "note": "",
        "decided_at": _at(period.due_date + dt.timedelta(days=10), 10),
        "cause_id": rng.choice(ctx.causes) if status in ("lagging", "problem") and ctx.causes
        else None,
        "evidence_citation": f"示政发〔{period.year}〕{rng.randint(2, 40)}号"
        if status == "done" else "",
    }


def plan_reports(pairs: list[tuple[PlannedTask, Task]], rng: random.Random,
                 ctx: WorkflowContext) -> PlannedWorkflow:
    """Reports of every assigned unit for closed periods and the current one; verdicts for
    closed periods. Future periods get nothing. Units of slow tasks sometimes send last
    period's text again, as offices complain, and the report is flagged as a near-duplicate."""
    out = PlannedWorkflow()
    current = _current(ctx.periods, ctx.today)
    for plan, task in pairs:
        topic = _topic(plan)
        previous: dict[int, str] = {}
        for period in ctx.periods:
            closed = period.due_date < ctx.today
            if not closed and period != current:
                continue
            status = texts.TRAJECTORIES[plan.trajectory][period.index - 1]
            lead_text = progress_text(rng, status, topic, period.year, period.index)
            names = [(n, True) for n in plan.lead] + [(n, False) for n in plan.responsible]
            for name, is_lead in names:
                unit = ctx.units.get(name)
                state = _report_state(rng, closed)
                if unit is None or state is None:
                    continue
                text = lead_text if is_lead else f"配合做好{topic}相关工作。" + lead_text
                repeat = (plan.trajectory in ("lagging", "stuck") and unit.pk in previous
                          and rng.random() < 0.5)
                text = previous[unit.pk] if repeat else text
                out.reports.append(_report_row(rng, ctx, unit=unit, task=task, period=period,
                                               state=state, text=text,
                                               previous=previous.get(unit.pk), plan=plan,
                                               topic=topic))
                previous[unit.pk] = text
                key = (unit.pk, task.pk, period.pk)
                out.actuals += [(key, i, _actual(rng, i, period.index, plan.trajectory))
                                for i in ctx.indicators.get(task.pk, [])
                                if is_lead and i.value is not None]
                if period.index < 4:  # the last quarter has no next period in the year
                    out.forecasts += [(key, i, _forecast(key, i, period.index, plan.trajectory))
                                      for i in ctx.indicators.get(task.pk, [])
                                      if is_lead and i.value is not None]
            if closed:
                out.assessments.append(_assessment_row(rng, ctx, task, period, status))
    return out
