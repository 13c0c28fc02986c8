"""One input and one output schema per route; enums and labels come from ``ducha.choices``.

Output schemas read model instances (``from_attributes``); a ``resolve_<field>`` turns a
prefetched relation into its list, so serialising never runs a query of its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from ducha.choices import (
    Comparator,
    Confidence,
    IndicatorKind,
    Light,
    PeriodKind,
    PeriodState,
    ReportState,
    Role,
    SourceKind,
    Status,
    TaskCategory,
    UnitKind,
)

MAX_PAGE = 1000


class Input(Schema):
    """A request body: unknown fields are refused (422), so a typo is never silently lost."""

    model_config = ConfigDict(extra="forbid")


class Page(Schema):
    """Paging of a list (query string)."""

    limit: int = Field(100, ge=1, le=MAX_PAGE, description="每页条数(1—1000)")
    offset: int = Field(0, ge=0, description="跳过的条数")


class ListOut(Schema):
    count: int = Field(description="符合条件的总数")
    limit: int
    offset: int


# ---------------------------------------------------------------------------------------------
# Errors


class FieldError(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str = Field(description="机器可读的错误代码,如 not_found、stale")
    message: str = Field(description="中文说明:错在哪里、该怎么办")
    fields: list[FieldError] | None = Field(None, description="422 时逐项列出有误的字段")


class ErrorOut(Schema):
    """The one error shape of every error response."""

    error: ErrorBody


# ---------------------------------------------------------------------------------------------
# Units


class UnitFilters(Schema):
    kind: UnitKind | None = Field(None, description="单位类别")


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: UnitKind
    kind_label: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return UnitKind(obj.kind).label


class UnitListOut(Schema):
    count: int
    items: list[UnitOut]


# ---------------------------------------------------------------------------------------------
# Tasks


class TaskFilters(Page):
    """The ledger page's filters (督办台账), passed to the same selector."""

    source: int | None = Field(None, description="来源文件编号")
    chapter: str | None = Field(None, max_length=200, description="章节,如“二、重点任务”")
    unit: int | None = Field(None, description="单位编号(牵头或责任)")


class SourceRef(Schema):
    id: int
    kind: SourceKind
    title: str
    doc_number: str


class MeetingRef(Schema):
    id: int
    number: int
    date: dt.date
    title: str


class AssignmentRef(Schema):
    """A unit on a task as the document prints it; unit_id or group_id when resolved."""

    unit_id: int | None
    group_id: int | None
    printed_name: str


def _by_role(obj: Any, role: str) -> list[Any]:
    return [a for a in obj.assignments.all() if a.role == role]


class TaskItem(Schema):
    id: int
    number: str
    outline_path: str
    chapter: str
    section: str
    title: str
    deadline: dt.date | None
    deadline_text: str
    category: TaskCategory
    source: SourceRef
    lead_units: list[AssignmentRef] = Field(description="牵头单位")
    responsible_units: list[AssignmentRef] = Field(description="责任单位")

    @staticmethod
    def resolve_lead_units(obj: Any) -> list[Any]:
        return _by_role(obj, Role.LEAD)

    @staticmethod
    def resolve_responsible_units(obj: Any) -> list[Any]:
        return _by_role(obj, Role.RESPONSIBLE)


class TaskListOut(ListOut):
    items: list[TaskItem]


class AssignmentOut(Schema):
    id: int
    role: Role
    unit_id: int | None
    group_id: int | None
    printed_name: str
    implicit: bool


class IndicatorOut(Schema):
    id: int
    name: str
    kind: IndicatorKind
    comparator: Comparator | None
    value: Decimal | None
    measure: str
    cumulative: bool

    @staticmethod
    def resolve_comparator(obj: Any) -> str | None:
        return obj.comparator or None


class TaskOut(TaskItem):
    text: str
    lead_leaders: str
    meeting: MeetingRef | None
    assignments: list[AssignmentOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_assignments(obj: Any) -> list[Any]:
        return list(obj.assignments.all())

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())


# ---------------------------------------------------------------------------------------------
# Periods


class PeriodFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: PeriodKind | None = None
    state: PeriodState | None = None


class PeriodOut(Schema):
    id: int
    code: str = Field(description="如 2026Q1、2026M07")
    label: str = Field(description="如 2026年一季度")
    year: int
    kind: PeriodKind
    index: int
    due_date: dt.date
    state: PeriodState
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None


class PeriodListOut(Schema):
    count: int
    items: list[PeriodOut]


# ---------------------------------------------------------------------------------------------
# Reports


class ReportFilters(Page):
    period: int = Field(description="督办周期编号(必填)")
    task: int | None = Field(None, description="督办事项编号")
    state: ReportState | None = None


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class ReportItem(Schema):
    id: int
    period_id: int
    task_id: int
    unit: UnitRef
    state: ReportState
    state_label: str
    text: str
    confidence: Confidence | None = Field(description="按期完成把握")
    next_milestone: str
    next_milestone_date: dt.date | None
    near_duplicate: bool = Field(description="与上期内容雷同")
    similarity: float | None
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_note: str

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return ReportState(obj.state).label

    @staticmethod
    def resolve_confidence(obj: Any) -> str | None:
        return obj.confidence or None


class ReportListOut(ListOut):
    items: list[ReportItem]


class ActualOut(Schema):
    indicator_id: int
    value: Decimal
    measure: str


class ForecastOut(Schema):
    """下期预计值: what the unit expects the indicator to reach by the end of the next period."""

    indicator_id: int
    value: Decimal
    measure: str


class ForecastCheckOut(Schema):
    """上期预计 against 本期实际, both in the actual's measure."""

    indicator_id: int
    forecast_period_id: int
    forecast: Decimal = Field(description="上期填报的本期预计值(按其计量单位)")
    forecast_measure: str
    actual: Decimal
    measure: str
    difference: float = Field(description="实际减预计(按实际的计量单位)")
    error: float | None = Field(description="相对预计值的偏差比例;预计为0时为空")
    accurate: bool = Field(description="偏差在允许范围(10%)以内")
    text: str = Field(description="如“上期预计 250座,实际 236座,差 14座(-5.6%)”")

    @staticmethod
    def resolve_forecast_period_id(obj: Any) -> int:
        return int(obj.forecast_period.pk)

    @staticmethod
    def resolve_forecast(obj: Any) -> Decimal:
        return obj.forecast.value  # type: ignore[no-any-return]

    @staticmethod
    def resolve_forecast_measure(obj: Any) -> str:
        return obj.forecast.measure  # type: ignore[no-any-return]

    @staticmethod
    def resolve_actual(obj: Any) -> Decimal:
        return obj.actual.value  # type: ignore[no-any-return]

    @staticmethod
    def resolve_measure(obj: Any) -> str:
        return obj.actual.measure  # type: ignore[no-any-return]

    @staticmethod
    def resolve_difference(obj: Any) -> float:
        return float(obj.check.difference)

    @staticmethod
    def resolve_error(obj: Any) -> float | None:
        return obj.check.error  # type: ignore[no-any-return]

    @staticmethod
    def resolve_accurate(obj: Any) -> bool:
        return bool(obj.check.accurate)

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return obj.check.text  # type: ignore[no-any-return]


class EvidenceOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int
    uploaded_at: dt.datetime


class ReportOut(ReportItem):
    actuals: list[ActualOut]
    forecasts: list[ForecastOut]
    forecast_checks: list[ForecastCheckOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_actuals(obj: Any) -> list[Any]:
        return list(obj.actuals.all())

    @staticmethod
    def resolve_forecasts(obj: Any) -> list[Any]:
        return [f for f in obj.forecasts.all() if f.archived_at is None]

    @staticmethod
    def resolve_forecast_checks(obj: Any) -> list[Any]:
        return list(getattr(obj, "forecast_checks", []))  # set by the route (a selector)

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return [e for e in obj.evidence.all() if e.archived_at is None]


class ActualIn(Input):
    indicator_id: int
    value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    measure: str = Field("", max_length=20, description="填报所用计量单位,如 亿元、%")
    forecast_value: Decimal | None = Field(
        None, max_digits=20, decimal_places=4,
        description="下期预计值;不传则保持原值,传 null 则撤回本期已填的预计值")
    forecast_measure: str = Field("", max_length=20, description="下期预计值的计量单位")


class ReportIn(Input):
    """Save the caller's unit's report on a task as a draft, or submit it (submit=true)."""

    period_id: int
    task_id: int
    text: str = Field("", description="本期进展情况")
    confidence: Confidence | None = None
    next_milestone: str = Field("", max_length=300)
    next_milestone_date: dt.date | None = None
    actuals: list[ActualIn] = Field(default_factory=list, max_length=200)
    submit: bool = Field(False, description="true 为报送,false 为保存草稿")
    confirm_duplicate: bool = Field(False, description="确认与上期雷同仍报送")


class ReviewIn(Input):
    note: str = Field("", max_length=2000, description="审核意见(退回时必填)")


# ---------------------------------------------------------------------------------------------
# Assessments


class AssessmentFilters(Page):
    period: int = Field(description="督办周期编号(必填)")
    status: Status | None = None
    light: Light | None = None


class CauseRef(Schema):
    id: int
    name: str


class AssessmentOut(Schema):
    id: int
    task_id: int
    period_id: int
    status: Status
    status_label: str
    light: Light
    note: str
    cause: CauseRef | None
    evidence_citation: str
    decided_by: str | None
    decided_at: dt.datetime
    version: int = Field(description="下次评定时作为 expected_version 提交")

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(Status(obj.status).label)

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return str(obj.decided_by) if obj.decided_by_id else None


class AssessmentListOut(ListOut):
    items: list[AssessmentOut]


class AssessmentDecideIn(Input):
    """The office's judgement; ``expected_version`` is the version read (0 when none)."""

    period_id: int
    task_id: int
    status: Status
    light: Light
    expected_version: int = Field(ge=0)
    note: str = Field("", max_length=2000)
    cause_id: int | None = Field(None, description="滞后原因编号;需要加大力度、存在突出问题时必填")
    evidence_citation: str = Field("", max_length=300, description="佐证(文号或材料)")
    accept_submitted: bool = Field(False, description="同时采纳该事项本期已报送的进展")
