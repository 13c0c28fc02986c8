"""`ducha remind`: warnings recomputed night after night, with the clock pinned around month,
quarter and year ends — no duplicates, escalation and de-escalation, resolution on arrival."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from tests.reminders.conftest import (
    at,
    close,
    night,
    open_reminders,
    quarter,
    report,
    set_actual,
    submit_all,
)

from ducha.audit.models import AuditEvent
from ducha.choices import PeriodKind, ReportState, Status
from ducha.reminders.models import Reminder, RemindRun
from ducha.reminders.selectors import effective_deadlines, warnings_due
from ducha.reporting.models import Assessment, ChangeRequest, Period, RequestKind, RequestState
from ducha.reporting.services import effective_deadline, report_return, report_save

pytestmark = pytest.mark.django_db


def test_nothing_four_days_before_the_quarter_end_blue_three_days_before(world):
    assert night(dt.date(2026, 3, 27)).created == 0
    run = night(dt.date(2026, 3, 28))
    found = open_reminders()
    assert run.created == len(found) == 4  # every unit × task assignment of the world
    assert {r.grade for r in found.values()} == {"blue"}
    mine = found[(world.task_a.pk, world.unit_a.pk, world.period.pk)]
    assert mine.reason == "2026年一季度进展报送截止日期为2026年3月31日,还有3天,尚未报送"
    assert mine.due_on == dt.date(2026, 3, 31)


def test_no_duplicates_night_after_night_then_red_the_day_after_the_quarter_end(world):
    night(dt.date(2026, 3, 28))
    second = night(dt.date(2026, 3, 29))
    assert (second.created, second.resolved, second.kept) == (0, 0, 4)
    assert Reminder.objects.count() == 4
    assert {r.runs for r in open_reminders().values()} == {2}
    night(dt.date(2026, 3, 29))  # a restart on the same day does not count as another night
    assert {r.runs for r in open_reminders().values()} == {2}
    red = night(dt.date(2026, 4, 1))
    assert (red.created, red.resolved) == (4, 4)
    assert {r.grade for r in open_reminders().values()} == {"red"}
    blue = Reminder.objects.filter(grade="blue")
    assert {b.resolution for b in blue} == {"调整为红色督办"}
    assert all(b.resolved_at == at(dt.date(2026, 4, 1)) for b in blue)
    again = night(dt.date(2026, 4, 2))
    assert again.created == 0 and Reminder.objects.count() == 8
    reason = open_reminders()[(world.task_a.pk, world.unit_a.pk, world.period.pk)].reason
    assert reason == "2026年一季度进展逾期未报送(截止2026年3月31日,已逾期2天)"


def test_the_warning_is_resolved_when_the_report_arrives(world):
    night(dt.date(2026, 4, 1))
    report_save(period=world.period, task=world.task_a, unit=world.unit_a,
                text="已完成一季度目标任务,新建基站120座。", by=world.reporter_a,
                now=at(dt.date(2026, 4, 2), 9), submit=True)
    run = night(dt.date(2026, 4, 2))
    assert run.resolved == 1
    gone = Reminder.objects.get(task=world.task_a, unit=world.unit_a)
    assert gone.resolved_at is not None and gone.resolution == "情况已消除"
    assert (world.task_a.pk, world.unit_a.pk, world.period.pk) not in open_reminders()
    assert len(open_reminders()) == 3


def test_a_returned_report_is_yellow_before_the_due_date_and_red_after(world):
    rep = report(task=world.task_a, unit=world.unit_a, period=world.period)
    report_return(report=rep, note="请补充完成数据", by=world.supervisor,
                  now=at(dt.date(2026, 3, 10), 10))
    night(dt.date(2026, 3, 10))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, world.period.pk)]
    assert mine.grade == "yellow"
    assert mine.reason == "2026年一季度进展报送被督查室退回:请补充完成数据"
    night(dt.date(2026, 3, 29))  # near the due date: blue is milder, yellow stays
    assert open_reminders()[(world.task_a.pk, world.unit_a.pk, world.period.pk)].grade == "yellow"
    night(dt.date(2026, 4, 1))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, world.period.pk)]
    assert mine.grade == "red"
    assert mine.reason.startswith("2026年一季度进展报送被退回后逾期未重新报送")
    assert "请补充完成数据" in mine.reason  # the milder reason is kept after the worst


def test_a_report_repeating_last_period_is_yellow(world):
    report(task=world.task_b, unit=world.unit_b, period=world.period, near_duplicate=True)
    night(dt.date(2026, 3, 10))
    (only,) = open_reminders().values()
    assert (only.unit_id, only.grade) == (world.unit_b.pk, "yellow")
    assert only.reason == "2026年一季度进展与上期内容雷同"


def test_month_end_of_a_monthly_period(world):
    close(world.period)
    feb = Period.objects.create(year=2026, kind=PeriodKind.MONTH, index=2,
                                due_date=dt.date(2026, 2, 28))
    with time_machine.travel(at(dt.date(2026, 2, 24)), tick=False):
        call_command("remind", "--no-send", stdout=io.StringIO())
    assert open_reminders() == {}
    with time_machine.travel(at(dt.date(2026, 2, 25)), tick=False):
        call_command("remind", "--no-send", stdout=io.StringIO())
    assert {(k[2], r.grade) for k, r in open_reminders().items()} == {(feb.pk, "blue")}
    with time_machine.travel(at(dt.date(2026, 3, 1), 1), tick=False):
        call_command("remind", "--no-send", stdout=io.StringIO())
    assert {r.grade for r in open_reminders().values()} == {"red"}
    assert RemindRun.objects.order_by("-id").first().today == dt.date(2026, 3, 1)


def test_the_clock_is_read_once_as_the_local_date(world):
    # 2026-03-31 17:00 UTC is already 1 April in Asia/Shanghai: the quarter is overdue.
    with time_machine.travel(dt.datetime(2026, 3, 31, 17, 0, tzinfo=dt.UTC), tick=False):
        call_command("remind", "--no-send", stdout=io.StringIO())
    assert {r.grade for r in open_reminders().values()} == {"red"}


def test_year_end_deadline_and_the_final_quarter(world):
    close(world.period)
    q4 = quarter(2026, 4)
    world.task_a.deadline = dt.date(2026, 12, 31)
    world.task_a.save()
    night(dt.date(2026, 12, 28))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, q4.pk)]
    assert mine.grade == "blue"
    assert "距完成时限(2026年12月31日)还有3天" in mine.reason
    night(dt.date(2027, 1, 1))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, q4.pk)]
    assert mine.grade == "red"
    assert mine.reason == ("2026年四季度进展逾期未报送(截止2026年12月31日,已逾期1天);"
                           "已超过完成时限(2026年12月31日)1天,事项尚未办结")


def test_an_approved_extension_moves_the_deadline(world):
    close(world.period)
    q2 = quarter(2026, 2)
    submit_all(world, q2)
    world.task_b.deadline = dt.date(2026, 5, 31)
    world.task_b.save()
    assignment = world.task_b.assignments.get()
    night(dt.date(2026, 6, 2))
    assert open_reminders()[(world.task_b.pk, world.unit_b.pk, q2.pk)].grade == "red"
    ChangeRequest.objects.create(
        kind=RequestKind.EXTENSION, task=world.task_b, assignment=assignment, unit=world.unit_b,
        reason="用地审批延迟", original_deadline=dt.date(2026, 5, 31),
        new_deadline=dt.date(2026, 6, 4), state=RequestState.APPROVED,
        requested_by=world.reporter_b, requested_at=at(dt.date(2026, 5, 20)),
        decided_by=world.supervisor, decided_at=at(dt.date(2026, 6, 2), 23))
    assert effective_deadlines([(world.task_b.pk, world.task_b.deadline)]) == {
        world.task_b.pk: (effective_deadline(world.task_b), True)}
    night(dt.date(2026, 6, 3))
    mine = open_reminders()[(world.task_b.pk, world.unit_b.pk, q2.pk)]
    assert mine.grade == "blue"
    assert mine.reason == "距延期后的完成时限(2026年6月4日)还有1天"


def test_a_task_assessed_done_gets_no_more_warnings(world):
    world.task_a.deadline = dt.date(2026, 3, 1)
    world.task_a.save()
    night(dt.date(2026, 3, 10))
    assert (world.task_a.pk, world.unit_a.pk, world.period.pk) in open_reminders()
    Assessment.objects.create(task=world.task_a, period=world.period, status=Status.DONE,
                              light="green", decided_by=world.supervisor,
                              decided_at=at(dt.date(2026, 3, 11), 9))
    night(dt.date(2026, 3, 11))
    assert (world.task_a.pk, world.unit_a.pk, world.period.pk) not in open_reminders()


def test_a_released_assignment_is_not_chased(world):
    assignment = world.task_shared.assignments.get(unit=world.unit_b)
    ChangeRequest.objects.create(
        kind=RequestKind.DISPUTE, task=world.task_shared, assignment=assignment,
        unit=world.unit_b, reason="不属于本单位职责", state=RequestState.APPROVED,
        requested_by=world.reporter_b, requested_at=at(dt.date(2026, 3, 1)),
        decided_by=world.supervisor, decided_at=at(dt.date(2026, 3, 2)))
    night(dt.date(2026, 4, 1))
    assert (world.task_shared.pk, world.unit_b.pk, world.period.pk) not in open_reminders()
    assert len(open_reminders()) == 3


def test_closing_the_period_resolves_its_warnings(world):
    night(dt.date(2026, 4, 1))
    close(world.period)
    run = night(dt.date(2026, 4, 2))
    assert run.resolved == 4 and open_reminders() == {}
    assert set(Reminder.objects.filter(grade="red").values_list("resolution", flat=True)) == {
        "督办周期已关闭"}


def test_an_indicator_far_behind_is_red_and_moves_back_to_yellow_when_it_catches_up(
        world, indicator):
    close(world.period)
    q2 = quarter(2026, 2)
    submit_all(world, q2)
    rep = q2.reports.get(task=world.task_a, unit=world.unit_a)
    set_actual(rep, indicator, 200)  # 20% of the year's target at half-year: far behind
    night(dt.date(2026, 6, 10))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, q2.pk)]
    assert mine.grade == "red"
    assert mine.reason.startswith("指标“新建5G基站”严重滞后于序时进度(完成200座")
    assert len(open_reminders()) == 1  # only the lead unit answers for the indicator
    set_actual(rep, indicator, 400)  # caught up part of the way: still behind 序时进度
    night(dt.date(2026, 6, 11))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, q2.pk)]
    assert mine.grade == "yellow"
    assert mine.reason == ("指标“新建5G基站”低于序时进度(完成400座,占年度目标40%,"
                           "低于序时进度10个百分点)")
    red = Reminder.objects.get(grade="red")
    assert red.resolution == "调整为黄色预警"
    set_actual(rep, indicator, 520)  # ahead of 序时进度: the warning ends
    night(dt.date(2026, 6, 12))
    assert open_reminders() == {}


def test_an_indicator_missed_in_the_final_quarter_is_red(world, indicator):
    close(world.period)
    q4 = quarter(2026, 4)
    submit_all(world, q4)
    set_actual(q4.reports.get(task=world.task_a, unit=world.unit_a), indicator, 900)
    night(dt.date(2027, 1, 5))
    mine = open_reminders()[(world.task_a.pk, world.unit_a.pk, q4.pk)]
    assert mine.grade == "red"
    assert mine.reason == "指标“新建5G基站”完成900座,占年度目标90%,未完成年度目标"


def test_every_run_is_audited(world):
    run = night(dt.date(2026, 3, 28))
    event = AuditEvent.objects.get(action="remind_run")
    assert event.object_id == str(run.pk)
    assert event.detail["created"] == 4 and event.detail["today"] == "2026-03-28"


def test_the_command_takes_the_date_as_an_argument(world):
    out = io.StringIO()
    call_command("remind", "--today", "2026-04-01", "--no-send", stdout=out)
    assert "2026-04-01 督办提醒:新发 4 件,解除 0 件,仍有效 0 件。" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--today", "2026/04/01")
    with pytest.raises(CommandError, match="督查室用户"):
        call_command("remind", "--by", "nobody")


def test_warnings_are_computed_in_a_constant_number_of_queries(world, indicator,
                                                               django_assert_max_num_queries):
    from tests.conftest import make_task

    source = world.task_a.source
    for n in range(20):
        make_task(source, f"新增事项{n}", 10 + n, [world.unit_a], [world.unit_b])
    with django_assert_max_num_queries(12):
        found = warnings_due(today=dt.date(2026, 4, 1), days=3)
    assert len(found) == 44


def _shared_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_two_runs_started_together_never_duplicate_a_reminder(world):
    if _shared_memory_sqlite():
        pytest.skip("SQLite's in-memory test database uses shared-cache table locks that ignore "
                    "the busy timeout; on a file database every recompute is one IMMEDIATE "
                    "transaction, so SQLite runs them one after the other. Runs on PostgreSQL.")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def go(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            night(dt.date(2026, 4, 1), runner=name)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(n,)) for n in ("night-1", "night-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Reminder.objects.count() == 4
    assert sorted(RemindRun.objects.values_list("created", flat=True)) == [0, 4]


def test_reports_state_constants_match_the_workflow():
    assert {ReportState.SUBMITTED, ReportState.ACCEPTED} == {"submitted", "accepted"}
