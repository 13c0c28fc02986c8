"""The sheet's rows: requests, deadlines in force and releases, read in one go."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.choices import PeriodKind
from ducha.reporting.models import ChangeRequest, Period, RequestKind, RequestState
from ducha.reporting.selectors import previous_periods
from ducha.reporting.sheet import reporter_sheet

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _request(world, unit, kind, state, *, days: int, decided: int | None = None,
             new_deadline: dt.date | None = None, task=None) -> ChangeRequest:
    task = task or world.task_shared
    return ChangeRequest.objects.create(
        kind=kind, task=task, assignment=task.assignments.get(unit=unit), unit=unit,
        reason="理由", state=state, new_deadline=new_deadline,
        requested_by=world.reporter_a if unit == world.unit_a else world.reporter_b,
        requested_at=NOW + dt.timedelta(days=days),
        decided_at=NOW + dt.timedelta(days=decided) if decided is not None else None)


def _rows(world, user):
    return {row.task.pk: row for row in reporter_sheet(user=user, period=world.period).rows}


def test_the_deadline_in_force_is_the_latest_decided_extension_of_any_unit(world):
    world.task_shared.deadline = dt.date(2026, 6, 30)
    world.task_shared.save()
    _request(world, world.unit_b, RequestKind.EXTENSION, RequestState.APPROVED, days=1,
             decided=5, new_deadline=dt.date(2026, 12, 31))
    _request(world, world.unit_a, RequestKind.EXTENSION, RequestState.APPROVED, days=2,
             decided=3, new_deadline=dt.date(2026, 9, 30))
    _request(world, world.unit_a, RequestKind.EXTENSION, RequestState.REJECTED, days=3,
             decided=9, new_deadline=dt.date(2027, 3, 31))
    row = _rows(world, world.reporter_a)[world.task_shared.pk]
    assert row.deadline == dt.date(2026, 12, 31)  # decided last, although asked first
    assert _rows(world, world.reporter_a)[world.task_a.pk].deadline is None


def test_a_row_lists_only_its_units_requests_in_the_order_asked(world):
    late = _request(world, world.unit_a, RequestKind.EXTENSION, RequestState.PENDING, days=4,
                    new_deadline=dt.date(2026, 9, 30))
    early = _request(world, world.unit_a, RequestKind.DISPUTE, RequestState.REJECTED, days=1,
                     decided=2)
    _request(world, world.unit_b, RequestKind.DISPUTE, RequestState.PENDING, days=2)
    row = _rows(world, world.reporter_a)[world.task_shared.pk]
    assert row.requests == [early, late] and row.pending_requests == [late]
    assert not row.released


def test_an_approved_dispute_releases_only_that_unit(world):
    _request(world, world.unit_b, RequestKind.DISPUTE, RequestState.APPROVED, days=1, decided=2)
    assert _rows(world, world.reporter_b)[world.task_shared.pk].released
    assert not _rows(world, world.reporter_a)[world.task_shared.pk].released


def test_previous_periods_among_given_periods_match_the_read_ones(world):
    earlier = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                    due_date=dt.date(2025, 12, 31))
    Period.objects.create(year=2026, kind=PeriodKind.MONTH, index=2,
                          due_date=dt.date(2026, 2, 28))
    active = list(Period.objects.active().order_by("due_date", "id"))
    assert previous_periods([world.period], among=active) == previous_periods([world.period])
    assert previous_periods([world.period])[world.period.pk] == earlier
    sheet = reporter_sheet(user=world.reporter_a, period=world.period, active_periods=active)
    assert {row.last_period_id for row in sheet.rows} == {earlier.pk}
