"""Cockpit selectors against the hand-built ledger: every number worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.cockpit.conftest import TODAY

from ducha.base import DuchaError
from ducha.choices import Status
from ducha.cockpit import indicators as ind
from ducha.cockpit import selectors as sel
from ducha.cockpit.filters import CockpitFilters, filters_from_query
from ducha.cockpit.ranking import scoring_weights_current, unit_ranking
from ducha.cockpit.services import scoring_weights_set
from ducha.reporting.selectors import status_counts

pytestmark = pytest.mark.django_db
ALL = CockpitFilters()


def test_status_distribution_is_the_bulletins_status_counts(cockpit):
    for period in (cockpit.q1, cockpit.q2):
        assert sel.status_distribution(period=period) == status_counts(period=period)
        assert sel.status_distribution(period=period, filters=ALL) == status_counts(
            period=period)
    assert sel.status_distribution(period=cockpit.q2) == {
        **dict.fromkeys(Status.values, 0), "lagging": 2, "done": 1, "problem": 1}


def test_status_comparison_sets_this_period_beside_the_last(cockpit):
    rows = {r.code: r for r in sel.status_comparison(period=cockpit.q2, previous=cockpit.q1)}
    assert (rows["lagging"].count, rows["lagging"].previous, rows["lagging"].change) == (2, 1, 1)
    assert (rows["in_progress"].count, rows["in_progress"].previous) == (0, 1)
    assert rows["lagging"].share == 50.0
    assert rows["lagging"].label == "需要加大力度"


def test_period_previous_and_resolution(cockpit):
    assert sel.period_previous(period=cockpit.q2) == cockpit.q1
    assert sel.period_previous(period=cockpit.q1) is None
    assert sel.period_resolve(filters=ALL, today=TODAY) == cockpit.q2
    chosen = filters_from_query({"period": str(cockpit.q1.pk)})
    assert sel.period_resolve(filters=chosen, today=TODAY) == cockpit.q1
    assert sel.period_resolve(filters=filters_from_query({"year": "2031"}), today=TODAY) is None


def test_status_by_chapter_and_by_source_stack_every_status(cockpit):
    chapters = sel.status_by_chapter(period=cockpit.q2)
    assert chapters.categories == ["一、测试章节", "二、第二章"]
    series = {s["code"]: s["data"] for s in chapters.series}
    assert series["lagging"] == [1, 1] and series["problem"] == [1, 0]
    assert series["done"] == [1, 0]
    assert [s["name"] for s in chapters.series] == [label for _c, label in Status.choices]
    assert chapters.series[0]["colour"] == "#2e7d32"
    sources = sel.status_by_source(period=cockpit.q2)
    assert sources.categories == ["测试市重点工作分解", "第二号会议纪要"]
    assert sum(sum(s["data"]) for s in sources.series) == 4


def test_status_by_source_folds_the_smallest_sources_into_the_rest(cockpit):
    chart = sel.status_by_source(period=cockpit.q2, limit=1)
    assert chart.categories == ["测试市重点工作分解", "其他来源"]
    assert chart.keys[-1] == ""
    lagging = next(s for s in chart.series if s["code"] == "lagging")["data"]
    assert lagging == [1, 1]
    counts = sel.status_distribution(period=cockpit.q2)
    assert sel.status_by_source(period=cockpit.q2, limit=1, counts=counts) == chart


def test_filters_narrow_the_overview_to_a_unit_or_chapter(cockpit):
    unit_b = CockpitFilters(unit=cockpit.world.unit_b.pk)
    counts = sel.status_distribution(period=cockpit.q2, filters=unit_b)
    # B is assigned b (done), shared (problem, responsible) and c (lagging)
    assert (counts["done"], counts["problem"], counts["lagging"]) == (1, 1, 1)
    chapter = CockpitFilters(chapter="二、第二章")
    assert sum(sel.status_distribution(period=cockpit.q2, filters=chapter).values()) == 1


def test_confidence_overview_measures_last_periods_forecasts(cockpit):
    rows = {r.code: r for r in sel.confidence_overview(period=cockpit.q2, previous=cockpit.q1)}
    assert rows["high"].count == 1  # B/b this quarter
    assert (rows["high"].forecast, rows["high"].came_true) == (1, 0)  # A/a: still lagging
    assert (rows["low"].forecast, rows["low"].came_true) == (1, 1)  # B/b: done, green


def test_task_board_lists_problem_first_with_lead_units_and_last_progress(cockpit):
    w = cockpit.world
    page = sel.task_board(period=cockpit.q2, filters=ALL)
    assert page.total == 3
    assert [r.task_id for r in page.rows] == [w.task_shared.pk, w.task_a.pk, cockpit.task_c.pk]
    shared, a, c = page.rows
    assert shared.leads == ["测试市甲局"] and shared.status_label == "存在突出问题"
    assert a.progress == "累计建成基站400座,资金缺口较大"
    assert a.progress_period == "2026年二季度" and a.progress_unit == "测试市甲局"
    assert a.cause == "资金"
    assert c.progress.endswith("进展")  # the draft's text is the latest progress there is


def test_task_board_by_status_and_paging(cockpit):
    done = sel.task_board(period=cockpit.q2, filters=CockpitFilters(status="done"))
    assert [r.task_id for r in done.rows] == [cockpit.world.task_b.pk]
    assert done.rows[0].confidence == "高" and done.rows[0].next_milestone == "完成竣工验收"
    paged = sel.task_board(period=cockpit.q2, filters=ALL, page=2, size=2)
    assert (paged.number, paged.pages, len(paged.rows)) == (2, 2, 1)
    assert sel.task_board(period=cockpit.q2, filters=ALL, page=99, size=2).number == 2


def test_recurring_laggards_are_lagging_two_periods_running_with_causes(cockpit):
    w = cockpit.world
    page = sel.recurring_laggards(period=cockpit.q2, filters=ALL)
    assert page.total == 2
    rows = {r.task_id: r for r in page.rows}
    assert set(rows) == {w.task_a.pk, w.task_shared.pk}  # c lagged only this quarter
    assert rows[w.task_a.pk].streak == 2 and rows[w.task_a.pk].causes == ["资金"]
    assert rows[w.task_shared.pk].causes == ["审批"]
    assert sel.recurring_causes(period=cockpit.q2, filters=ALL) == [("审批", 1), ("资金", 1)]
    assert sel.recurring_laggards(period=cockpit.q1, filters=ALL).total == 0


def test_unit_ranking_scores_outcomes_exactly(cockpit):
    w = cockpit.world
    rows = unit_ranking(period=cockpit.q2, filters=ALL, today=TODAY)
    a = next(r for r in rows if r.unit_id == w.unit_a.pk)
    b = next(r for r in rows if r.unit_id == w.unit_b.pk)
    # A: 2 expected, both reported, 1 on time, 1 two days late, 1 near duplicate;
    # leads a (lagging) and shared (problem): 0 of 2 done.
    assert (a.expected, a.reported, a.on_time, a.duplicates) == (2, 2, 1, 1)
    assert (a.led, a.judged, a.done, a.lagging, a.problem) == (2, 2, 0, 1, 1)
    assert a.overdue_days == 2 and a.missing == 0
    assert a.score == 11.6  # 0.5×40 + 0×60 − 2 − 5 − 2×0.2 − 1
    # B: 3 expected (b, shared as responsible, c), 1 reported on time, 2 missing ten days;
    # leads b (done) and c (lagging): 1 of 2 done.
    assert (b.expected, b.reported, b.on_time, b.missing) == (3, 1, 1, 2)
    assert (b.led, b.judged, b.done, b.lagging, b.problem) == (2, 2, 1, 1, 0)
    assert b.overdue_days == 20
    assert b.score == 37.3  # 40/3 + 0.5×60 − 2 − 20×0.2
    assert [r.unit_id for r in rows] == [w.unit_b.pk, w.unit_a.pk]
    assert (b.rank, a.rank) == (1, 2)


def test_unit_ranking_sorts_by_any_column_and_filters_one_unit(cockpit):
    w = cockpit.world
    by_overdue = unit_ranking(period=cockpit.q2, filters=ALL, today=TODAY, sort="overdue_days")
    assert [r.unit_id for r in by_overdue] == [w.unit_a.pk, w.unit_b.pk]
    by_rate = unit_ranking(period=cockpit.q2, filters=ALL, today=TODAY, sort="-on_time_rate")
    assert by_rate[0].unit_id == w.unit_a.pk
    only_a = unit_ranking(period=cockpit.q2, filters=CockpitFilters(unit=w.unit_a.pk),
                          today=TODAY)
    assert [(r.unit_id, r.rank) for r in only_a] == [(w.unit_a.pk, 2)]
    junk = unit_ranking(period=cockpit.q2, filters=ALL, today=TODAY, sort="password")
    assert junk[0].unit_id == w.unit_b.pk


def test_scoring_weights_are_versioned_and_change_the_score(cockpit):
    w = cockpit.world
    values = {**{k: str(v) for k, v in scoring_weights_current().items()},
              "overdue_day_penalty": "0"}
    first = scoring_weights_set(values=values, note="试行", by=w.supervisor,
                                now=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    assert scoring_weights_current()["overdue_day_penalty"] == Decimal("0.00")
    rows = unit_ranking(period=cockpit.q2, filters=ALL, today=TODAY)
    b = next(r for r in rows if r.unit_id == w.unit_b.pk)
    assert b.score == 41.3
    scoring_weights_set(values={**values, "lagging_penalty": "3"}, note="再调",
                        by=w.supervisor, now=dt.datetime(2026, 7, 2, tzinfo=dt.UTC))
    first.refresh_from_db()
    assert first.lagging_penalty == Decimal("2.00")  # the old version is kept as it was


@pytest.mark.parametrize(("change", "message"), [
    ({"lagging_penalty": "-1"}, "0到1000"),
    ({"problem_penalty": "很多"}, "应为数字"),
    ({"on_time_points": "0", "completion_points": "0"}, "不能都为0"),
])
def test_scoring_weights_refuse_bad_values_and_keep_the_old(cockpit, change, message):
    values = {k: str(v) for k, v in scoring_weights_current().items()} | change
    with pytest.raises(DuchaError, match=message):
        scoring_weights_set(values=values, note="试", by=cockpit.world.supervisor,
                            now=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    assert scoring_weights_current()["lagging_penalty"] == Decimal("2")


def test_only_the_office_sets_weights(cockpit):
    values = {k: str(v) for k, v in scoring_weights_current().items()}
    with pytest.raises(Exception, match="无权"):
        scoring_weights_set(values=values, note="试", by=cockpit.world.leader,
                            now=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))


def test_indicator_board_judges_against_pace_with_a_trend(cockpit):
    page = ind.indicator_board(period=cockpit.q2, filters=ALL)
    assert page.total == 1
    line = page.rows[0]
    assert (line.name, line.target) == ("新建5G基站", "不低于1000座")
    assert line.actual == "400座" and line.pace_target == "500座"
    assert (line.verdict, line.light, line.verdict_label) == ("behind", "yellow", "落后序时进度")
    assert line.trend["actual"] == [200.0, 400.0]
    assert line.trend["pace"] == [250.0, 500.0]
    assert line.trend["periods"] == ["一季度", "二季度"]
    assert line.leads == ["测试市甲局"]
    summary = {r["code"]: r["count"] for r in ind.light_summary(page.rows)}
    assert summary == {"green": 0, "yellow": 1, "red": 0, "none": 0}
    none_for_b = ind.indicator_board(period=cockpit.q2,
                                     filters=CockpitFilters(unit=cockpit.world.unit_b.pk))
    assert none_for_b.total == 0


def test_filters_survive_the_url_and_drop_junk():
    f = filters_from_query({"year": "2026", "period": "x", "unit": "-3", "status": "evil",
                            "chapter": "一、测试章节"})
    assert f == CockpitFilters(year=2026, chapter="一、测试章节")
    assert filters_from_query({"year": "1900"}).year is None
    assert f.query() == "year=2026&chapter=%E4%B8%80%E3%80%81%E6%B5%8B%E8%AF%95%E7%AB%A0%E8%8A%82"
    assert f.as_params(chapter="", unit=5) == {"year": "2026", "unit": "5"}


def test_assignments_released_by_an_approved_dispute_are_not_expected(cockpit):
    from ducha.ledger.models import Assignment
    from ducha.reporting.models import ChangeRequest

    w = cockpit.world
    released = Assignment.objects.get(task=w.task_shared, unit=w.unit_b)
    ChangeRequest.objects.create(kind="dispute", task=w.task_shared, assignment=released,
                                 unit=w.unit_b, reason="职能不符", state="approved",
                                 requested_by=w.reporter_b,
                                 requested_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    b = next(r for r in unit_ranking(period=cockpit.q2, filters=ALL, today=TODAY)
             if r.unit_id == w.unit_b.pk)
    assert (b.expected, b.missing, b.overdue_days) == (2, 1, 10)
    assert b.score == 46.0  # 0.5×40 + 0.5×60 − 2 − 10×0.2
