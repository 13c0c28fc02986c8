"""Indicators: baselines never overwritten, evaluations against original and revised targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ducha.base import DuchaError
from ducha.choices import PeriodKind
from ducha.ledger.indicators import indicator_evaluations, indicator_revise
from ducha.ledger.models import Indicator, IndicatorRevision
from ducha.reporting.models import IndicatorActual, Period, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def base_stations(world) -> Indicator:
    return Indicator.objects.create(task=world.task_shared, name="新建5G基站", kind="count",
                                    comparator="=", value=Decimal(1000), measure="座",
                                    cumulative=True)


def _actual(world, unit, indicator, value, measure="座", period=None) -> IndicatorActual:
    report, _ = Report.objects.get_or_create(unit=unit, task=indicator.task,
                                             period=period or world.period)
    return IndicatorActual.objects.create(report=report, indicator=indicator,
                                          value=Decimal(value), measure=measure)


def test_cumulative_count_behind_pace_is_explained_in_chinese(world, base_stations):
    _actual(world, world.unit_a, base_stations, 236)
    row, = indicator_evaluations(indicators=[base_stations], periods=[world.period])
    assert row.actual == 236
    assert (row.original.verdict, row.original.light) == ("behind", "yellow")
    assert row.original.explanation == "完成236座,占年度目标23.6%,低于序时进度1.4个百分点"
    assert row.revised is None


def test_the_lead_units_actual_is_the_one_judged(world, base_stations):
    _actual(world, world.unit_b, base_stations, 900)  # responsible unit's own figure
    _actual(world, world.unit_a, base_stations, 236)  # lead unit's consolidated figure
    row, = indicator_evaluations(indicators=[base_stations], periods=[world.period])
    assert row.actual == 236


def test_revision_is_a_new_row_and_both_baselines_are_judged(world, base_stations):
    _actual(world, world.unit_a, base_stations, 236)
    indicator_revise(indicator=base_stations, value=Decimal(800), measure="座",
                     effective_date=dt.date(2026, 3, 1), reason="频率许可延后",
                     approved_by="市政府第3次常务会议同意", by=world.supervisor)
    base_stations.refresh_from_db()
    assert base_stations.value == 1000  # the baseline stays
    row, = indicator_evaluations(indicators=[base_stations], periods=[world.period])
    assert row.original.verdict == "behind"
    assert row.revised.verdict == "on_pace" and "29.5%" in row.revised.explanation
    assert row.revision.history.first().history_user == world.supervisor


def test_revision_effective_after_the_period_does_not_apply(world, base_stations):
    _actual(world, world.unit_a, base_stations, 236)
    indicator_revise(indicator=base_stations, value=Decimal(800), measure="座",
                     effective_date=dt.date(2026, 5, 1), reason="调整", approved_by="会议同意",
                     by=world.supervisor)
    row, = indicator_evaluations(indicators=[base_stations], periods=[world.period])
    assert row.revision is None and row.revised is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"reason": "", "approved_by": "会议"}, "原因"),
    ({"reason": "原因", "approved_by": "会议", "measure": "吨"}, "吨"),
])
def test_bad_revisions_are_refused_and_nothing_is_written(world, base_stations, kwargs,
                                                          message):
    args = {"value": Decimal(800), "measure": "座", "effective_date": dt.date(2026, 3, 1),
            **kwargs}
    with pytest.raises(DuchaError, match=message):
        indicator_revise(indicator=base_stations, by=world.supervisor, **args)
    assert not IndicatorRevision.objects.exists()


def test_a_back_loaded_pace_profile_changes_the_verdict(world, base_stations):
    base_stations.pace_profile = [0.1, 0.3, 0.6, 1]
    base_stations.save()
    _actual(world, world.unit_a, base_stations, 236)
    row, = indicator_evaluations(indicators=[base_stations], periods=[world.period])
    assert row.original.verdict == "on_pace"


def test_actual_in_another_magnitude_is_converted(world):
    jobs = Indicator.objects.create(task=world.task_a, name="新增城镇就业", kind="count",
                                    comparator="=", value=Decimal("3.7"), measure="万人",
                                    cumulative=True)
    _actual(world, world.unit_a, jobs, 12000, measure="人")
    row, = indicator_evaluations(indicators=[jobs], periods=[world.period])
    assert row.original.verdict == "on_pace"


def test_last_period_of_the_year_turns_a_shortfall_into_missed(world, base_stations):
    q4 = Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=4,
                               due_date=dt.date(2026, 12, 31))
    _actual(world, world.unit_a, base_stations, 950, period=q4)
    row, = indicator_evaluations(indicators=[base_stations], periods=[q4])
    assert (row.original.verdict, row.original.light) == ("missed", "red")


def test_evaluations_take_a_constant_number_of_queries(world, base_stations,
                                                       django_assert_max_num_queries):
    indicators = [base_stations] + [
        Indicator.objects.create(task=world.task_a, name=f"指标{i}", kind="count",
                                 comparator="=", value=Decimal(100), measure="个",
                                 cumulative=True) for i in range(20)]
    for ind in indicators:
        _actual(world, world.unit_a, ind, 30, measure=ind.measure)
    with django_assert_max_num_queries(4):
        rows = indicator_evaluations(indicators=indicators, periods=[world.period])
    assert len(rows) == 21 and all(r.original for r in rows)
