"""The three grades of 督办单 and the rules that decide them, as pure functions of their facts.

Offices grade their reminders in three steps (see ``bulletins.notices``):

``blue`` 提醒
    a period's due date or a task's (effective) deadline is within ``days`` days;
``yellow`` 预警
    behind pace (an indicator below 序时进度) or poor in quality (the report was returned, or
    flagged 与上期内容雷同);
``red`` 督办
    overdue: the period's due date passed without a submitted report, or the task's deadline
    passed and the task is not done; and an indicator that has missed its target or lags far
    behind 序时进度 (below half of it).

Warnings are recomputed every night from the facts, never only escalated: an indicator that
catches up from far behind moves from red back to yellow, and one that reaches its pace drops
out. Nothing here reads the clock or the database; ``today`` is an argument
(``ducha.reminders.selectors`` gathers the facts, ``ducha.reminders.services`` records them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ducha.bulletins.notices import REMINDER_GRADES

BLUE, YELLOW, RED = "blue", "yellow", "red"
GRADES: tuple[str, ...] = (BLUE, YELLOW, RED)  # mildest first
GRADE_RANK: dict[str, int] = {grade: rank for rank, grade in enumerate(GRADES)}
# grade -> label as the office prints it: 蓝色提醒, 黄色预警, 红色督办
GRADE_LABELS: dict[str, str] = {g: "".join(REMINDER_GRADES[g]) for g in GRADES}
GRADE_COLOURS: dict[str, str] = {BLUE: "#1565c0", YELLOW: "#f9a825", RED: "#c62828"}
DEFAULT_DAYS = 3
# An indicator below this share of 序时进度 (e.g. 20% done when 50% of the year has passed)
# is treated as overdue work, not a mere lag: red 督办 rather than yellow 预警.
SEVERE_LAG = 0.5

SUBMITTED_STATES = frozenset({"submitted", "accepted"})


@dataclass(frozen=True)
class Finding:
    """One reason for a warning: its grade, the Chinese sentence, and the date it is about."""

    grade: str
    reason: str
    due_on: dt.date | None = None


@dataclass(frozen=True)
class Verdict:
    """The combined warning of one task × unit × period: the worst grade and every reason."""

    grade: str
    reason: str
    due_on: dt.date | None

    @property
    def label(self) -> str:
        return GRADE_LABELS[self.grade]


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_due_findings(*, today: dt.date, due: dt.date, label: str, report_state: str | None,
                        days: int = DEFAULT_DAYS) -> list[Finding]:
    """Blue when the due date is near and nothing is submitted yet; red once it has passed."""
    if report_state in SUBMITTED_STATES:
        return []
    left = (due - today).days
    if left < 0:
        what = "报送被退回后逾期未重新报送" if report_state == "returned" else "逾期未报送"
        return [Finding(RED, f"{label}进展{what}(截止{_date(due)},已逾期{-left}天)", due)]
    if left <= days:
        when = "今天" if left == 0 else f"还有{left}天"
        return [Finding(BLUE, f"{label}进展报送截止日期为{_date(due)},{when},尚未报送", due)]
    return []


def deadline_findings(*, today: dt.date, deadline: dt.date | None, done: bool,
                      extended: bool = False, days: int = DEFAULT_DAYS) -> list[Finding]:
    """Blue when the task's deadline in force is near, red once it passed and it is not done."""
    if deadline is None or done:
        return []
    which = "延期后的完成时限" if extended else "完成时限"
    left = (deadline - today).days
    if left < 0:
        return [Finding(RED, f"已超过{which}({_date(deadline)}){-left}天,事项尚未办结",
                        deadline)]
    if left <= days:
        when = "今天到期" if left == 0 else f"还有{left}天"
        return [Finding(BLUE, f"距{which}({_date(deadline)}){when}", deadline)]
    return []


def quality_findings(*, label: str, report_state: str | None, near_duplicate: bool,
                     review_note: str = "") -> list[Finding]:
    """Yellow when the office returned the report, or its text repeats the last period's."""
    found = []
    if report_state == "returned":
        note = " ".join(review_note.split())
        found.append(Finding(YELLOW, f"{label}进展报送被督查室退回" + (f":{note}" if note else "")))
    elif near_duplicate and report_state in SUBMITTED_STATES:
        found.append(Finding(YELLOW, f"{label}进展与上期内容雷同"))
    return found


def pace_findings(*, name: str, verdict: str, explanation: str, share: float | None,
                  pace: float | None) -> list[Finding]:
    """An indicator against 序时进度: behind is yellow; missed, or far behind, is red."""
    if verdict == "missed":
        return [Finding(RED, f"指标“{name}”{explanation}")]
    if verdict != "behind":
        return []
    if share is not None and pace and share < pace * SEVERE_LAG:
        return [Finding(RED, f"指标“{name}”严重滞后于序时进度({explanation})")]
    return [Finding(YELLOW, f"指标“{name}”低于序时进度({explanation})")]


def combine(findings: Iterable[Finding]) -> Verdict | None:
    """The worst grade wins; its reasons come first, the milder ones follow."""
    found = sorted(findings, key=lambda f: -GRADE_RANK[f.grade])
    if not found:
        return None
    top = found[0].grade
    reasons = list(dict.fromkeys(f.reason for f in found))
    due = [f.due_on for f in found if f.grade == top and f.due_on is not None]
    return Verdict(top, ";".join(reasons), min(due) if due else None)


def days_overdue(*, due_on: dt.date | None, today: dt.date) -> int:
    """Whole days past ``due_on`` (0 when it has not passed or there is no date)."""
    return max((today - due_on).days, 0) if due_on else 0
