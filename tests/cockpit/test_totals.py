"""The cockpit's running totals equal the counts read straight from the base tables, after
every step of random sequences of reports, reviews, assessments and ledger edits made through
the services (the same paths the pages and the API use)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.base import DuchaError
from ducha.choices import ReportState, RequestKind, Role, Status
from ducha.cockpit import ranking as rk
from ducha.cockpit import selectors as sel
from ducha.cockpit import totals
from ducha.cockpit.filters import CockpitFilters
from ducha.cockpit.models import Tally
from ducha.docparse.vocab import STATUS_BY_CODE
from ducha.ledger import services as ledger
from ducha.ledger.models import Assignment
from ducha.reporting import selectors as reporting_selectors
from ducha.reporting import services as rs
from ducha.reporting.models import Assessment, IndicatorForecast, Report

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


class _RollbackError(Exception):
    """Undo one generated example, leaving the fixture's data for the next."""


def _direct(monkeypatch: pytest.MonkeyPatch, read):
    """What a selector returns when it reads the base tables instead of the totals."""
    with monkeypatch.context() as patch:
        patch.setattr(sel, "tally_scope", lambda _filters: None)
        return read()


READS = (
    lambda p, f, _b: sel.status_distribution(period=p, filters=f),
    lambda p, f, _b: sel.status_by_chapter(period=p, filters=f).as_json(),
    lambda p, f, _b: sel.status_by_source(period=p, filters=f, limit=1).as_json(),
    lambda p, f, b: sel.confidence_overview(period=p, previous=b, filters=f),
    lambda p, f, _b: sel.recurring_causes(period=p, filters=f),
    lambda p, f, _b: sel.task_board(period=p, filters=f).total,
)


def _forecast_rows(rows) -> list[tuple]:
    """The figures of forecast-accuracy rows (the mean error summed in millionths: 5 places)."""
    return [(r.unit_id, r.unit, r.period.pk, r.forecast_period.pk, r.count, r.within, r.share,
             None if r.mape is None else round(r.mape, 5), r.unchecked) for r in rows]


def _agree(cockpit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Totals equal a recount, and every selector reads the same numbers both ways."""
    assert totals.verify() == []
    w = cockpit.world
    for period in (cockpit.q1, cockpit.q2):
        previous = sel.period_previous(period=period)
        assert sel.status_distribution(period=period) == \
            reporting_selectors.status_counts(period=period)
        for filters in (CockpitFilters(), CockpitFilters(unit=w.unit_a.pk),
                        CockpitFilters(unit=w.unit_b.pk)):
            for read in READS:
                def both(read=read, period=period, filters=filters, previous=previous):
                    return read(period, filters, previous)
                assert both() == _direct(monkeypatch, both)
            unit_ids = [filters.unit] if filters.unit else None
            assert _forecast_rows(sel.forecast_overview(
                period=period, previous=previous, filters=filters)) == _forecast_rows(
                reporting_selectors.forecast_accuracy(periods=[period], unit_ids=unit_ids))
        assert rk._collect_totals(period, TODAY) == \
            rk._collect_direct(period, CockpitFilters(), TODAY)


STATUSES = [Status.DONE, Status.BASICALLY_DONE, Status.IN_PROGRESS, Status.LAGGING,
            Status.PROBLEM, Status.NOT_DONE]
operation = st.one_of(
    st.tuples(st.just("report"), st.integers(0, 4), st.integers(0, 1), st.booleans(),
              st.sampled_from(["", "high", "medium", "low"]), st.integers(-3, 4)),
    st.tuples(st.just("review"), st.integers(0, 20), st.booleans()),
    st.tuples(st.just("bulk_accept"), st.integers(0, 1)),
    st.tuples(st.just("forecast"), st.integers(0, 1), st.one_of(st.none(), st.integers(0, 900)),
              st.one_of(st.none(), st.integers(0, 900)), st.sampled_from(["座", "万座", "个"])),
    st.tuples(st.just("decide"), st.integers(0, 3), st.integers(0, 1),
              st.sampled_from(STATUSES), st.booleans()),
    st.tuples(st.just("chapter"), st.integers(0, 3), st.sampled_from(["一、第一章", "二、第二章",
                                                                      "三、第三章"])),
    st.tuples(st.just("assign"), st.integers(0, 3), st.integers(0, 1),
              st.sampled_from([Role.LEAD, Role.RESPONSIBLE])),
    st.tuples(st.just("unassign"), st.integers(0, 20)),
    st.tuples(st.just("dispute"), st.integers(0, 20)),
    st.tuples(st.just("close"), st.integers(0, 1)),
)


def _number(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _step(cockpit, op: tuple) -> None:
    w = cockpit.world
    tasks = [w.task_a, w.task_b, w.task_shared, cockpit.task_c]
    units = [w.unit_a, w.unit_b]
    reporters = {w.unit_a.pk: w.reporter_a, w.unit_b.pk: w.reporter_b}
    periods = [cockpit.q1, cockpit.q2]
    now = at(TODAY)
    kind = op[0]
    if kind == "report":
        _, t, u, submit, confidence, day = op
        pairs = list(Assignment.objects.active().filter(unit__isnull=False)
                     .order_by("id").values_list("task_id", "unit_id"))
        task_id, unit_id = pairs[t % len(pairs)]
        task = next(x for x in tasks if x.pk == task_id)
        unit = next(x for x in units if x.pk == unit_id)
        period = periods[u]
        rs.report_save(period=period, task=task, unit=unit, text=f"进展{t}{day}",
                       by=reporters[unit_id], confidence=confidence, submit=submit,
                       confirm_duplicate=True,
                       now=at(period.due_date + dt.timedelta(days=day)))
    elif kind == "forecast":  # the indicator of task a, reported by unit A
        _, p, actual, forecast, measure = op
        period, indicator = periods[p], cockpit.indicator
        rs.report_save(period=period, task=w.task_a, unit=w.unit_a, text=f"基站{actual}",
                       by=w.reporter_a, confirm_duplicate=True, now=now,
                       actuals=[rs.ActualInput(indicator, _number(actual), "座")],
                       forecasts=[rs.ForecastInput(indicator, _number(forecast), measure)])
    elif kind == "review":
        reports = list(Report.objects.filter(state=ReportState.SUBMITTED).order_by("id"))
        if reports:
            report = reports[op[1] % len(reports)]
            if op[2]:
                rs.report_accept(report=report, by=w.supervisor, now=now)
            else:
                rs.report_return(report=report, note="请补充", by=w.supervisor, now=now)
    elif kind == "bulk_accept":
        period = periods[op[1]]
        ids = list(Report.objects.filter(period=period, state=ReportState.SUBMITTED)
                   .values_list("id", flat=True))
        if ids:
            rs.report_bulk_accept(period=period, report_ids=ids, by=w.supervisor, now=now)
    elif kind == "decide":
        _, t, p, status, with_cause = op
        task, period = tasks[t], periods[p]
        current = Assessment.objects.filter(task=task, period=period).first()
        cause = cockpit.causes["资金"] if with_cause else None
        rs.assessment_decide(task=task, period=period, status=status,
                             light=STATUS_BY_CODE[status].light, by=w.supervisor,
                             expected_version=current.version if current else 0, now=now,
                             cause=cause, evidence_citation="文号〔2026〕1号")
    elif kind == "chapter":
        ledger.task_update(task=tasks[op[1]], by=w.supervisor, chapter=op[2])
    elif kind == "assign":
        ledger.assignment_add(task=tasks[op[1]], unit=units[op[2]], role=op[3],
                              by=w.supervisor)
    elif kind == "unassign":
        rows = list(Assignment.objects.active().order_by("id"))
        ledger.assignment_archive(assignment=rows[op[1] % len(rows)], by=w.supervisor,
                                  now=now)
    elif kind == "dispute":
        rows = list(Assignment.objects.active().filter(unit__isnull=False).order_by("id"))
        row = rows[op[1] % len(rows)]
        request = rs.change_request_create(
            task=row.task, unit=row.unit, kind=RequestKind.DISPUTE, reason="非我单位职责",
            by=reporters[row.unit_id], today=dt.date(2026, 1, 5), now=now)
        rs.change_request_decide(request=request, approve=True, by=w.supervisor, now=now)
    elif kind == "close":
        period = periods[op[1]]
        period.refresh_from_db()
        if period.is_closed:
            rs.period_reopen(period=period, reason="补充评定", by=w.supervisor, now=now)
        else:
            rs.period_close(period=period, by=w.supervisor, now=now)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=8))
def test_totals_equal_direct_counts_after_every_step(cockpit, monkeypatch, ops):
    try:
        with transaction.atomic():
            _agree(cockpit, monkeypatch)
            for op in ops:
                try:
                    with transaction.atomic():
                        _step(cockpit, op)
                except DuchaError:
                    pass  # a refusal (closed period, stale version…) changes nothing
                _agree(cockpit, monkeypatch)
            raise _RollbackError
    except _RollbackError:
        pass


def test_rows_saved_one_by_one_need_no_rebuild(cockpit):
    """The fixture writes every row through save(): the totals are exact without a recount,
    and they are not empty."""
    assert totals.verify() == []
    assert sum(n for _s, _k, _r, n in totals.cells("st", cockpit.q2.pk, 0)) == 4


def test_verify_reports_drift_and_rebuild_repairs_it(cockpit):
    Tally.objects.filter(kind="st").update(n=99)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("cockpit", "verify", stdout=out)
    assert "不一致" in out.getvalue()
    call_command("cockpit", "rebuild", stdout=out)
    assert totals.verify() == []
    call_command("cockpit", "verify", stdout=out)
    assert "一致" in out.getvalue().splitlines()[-1]


def test_archiving_a_period_moves_the_recurring_and_forecast_counts(cockpit):
    """Which period comes before which is part of the totals: archiving one recounts."""
    assert sel.recurring_causes(period=cockpit.q2, filters=CockpitFilters())  # a, shared
    q1 = cockpit.q1
    q1.archived_at = at(TODAY)
    q1.save()
    assert totals.verify() == []
    assert sel.recurring_causes(period=cockpit.q2, filters=CockpitFilters()) == []
    assert sel.confidence_overview(period=cockpit.q2, previous=None)[0].came_true == 0


@pytest.mark.parametrize("size", [1, 2, 3])
def test_every_board_page_located_from_the_totals_equals_the_sorted_query(cockpit, monkeypatch,
                                                                           size):
    """Pages found through the per-source counts hold the rows the one sorted query gives,
    page boundaries inside a source and across statuses included."""
    for period in (cockpit.q1, cockpit.q2):
        for filters in (CockpitFilters(), CockpitFilters(unit=cockpit.world.unit_b.pk),
                        CockpitFilters(status=Status.LAGGING)):
            first = sel.task_board(period=period, filters=filters, size=size)
            for number in range(1, first.pages + 1):
                def rows(number=number, period=period, filters=filters):
                    page = sel.task_board(period=period, filters=filters, page=number,
                                          size=size)
                    return [(r.task_id, r.status) for r in page.rows]
                assert rows() == _direct(monkeypatch, rows)
    cells = list(totals._in_source_order("so", cockpit.q2.pk, 0, Status.LAGGING))
    assert cells and list(totals._in_source_order("so", cockpit.q2.pk, 0, Status.LAGGING,
                                                  chunk=1)) == cells


def test_forecasts_are_counted_against_the_actual_that_followed(cockpit):
    """A/a forecast 420座 in Q1 and reported 400座 in Q2: one forecast, within 10% (4.8% off);
    a forecast made in Q2 has no following period yet and counts nowhere; archiving Q1
    takes its forecasts out."""
    w = cockpit.world
    made = Report.objects.get(task=w.task_a, unit=w.unit_a, period=cockpit.q1)
    IndicatorForecast.objects.create(report=made, indicator=cockpit.indicator,
                                     value=Decimal("420"), measure="座")
    latest = Report.objects.get(task=w.task_a, unit=w.unit_a, period=cockpit.q2)
    IndicatorForecast.objects.create(report=latest, indicator=cockpit.indicator,
                                     value=Decimal("0.06"), measure="万座")
    assert totals.verify() == []
    [row] = sel.forecast_overview(period=cockpit.q2, previous=cockpit.q1)
    assert (row.unit_id, row.count, row.within, row.share_text, row.mape_text,
            row.unchecked) == (w.unit_a.pk, 1, 1, "100%", "4.8%", 0)
    assert sel.forecast_overview(period=cockpit.q2, previous=cockpit.q1,
                                 filters=CockpitFilters(unit=w.unit_b.pk)) == []
    cockpit.q1.archived_at = at(TODAY)
    cockpit.q1.save()
    assert totals.verify() == []
    assert not any(held["seen"] for held in totals.metrics("fa", cockpit.q2.pk).values())
