"""Integrity is enforced by the database itself, not only by forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ducha.base import HardDeleteError
from ducha.choices import Light, PeriodKind, Role, Status
from ducha.ledger.models import Assignment, Indicator
from ducha.reporting.models import Assessment, Period, Report

pytestmark = pytest.mark.django_db


def test_second_report_for_same_unit_task_period_is_rejected_by_database(world):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period, text="一")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period,
                              text="二")
    assert Report.objects.count() == 1


def test_invalid_status_is_rejected_by_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(task=world.task_a, period=world.period, status="finished",
                                  light=Light.GREEN, decided_at=timezone.now())
    assert not Assessment.objects.exists()


def test_invalid_status_written_by_raw_sql_is_rejected(world):
    a = Assessment.objects.create(task=world.task_a, period=world.period, status=Status.DONE,
                                  light=Light.GREEN, decided_at=timezone.now())
    table = Assessment._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET status = %s WHERE id = %s", ["whatever", a.pk])
    a.refresh_from_db()
    assert a.status == Status.DONE


def test_second_assessment_for_same_task_period_is_rejected(world):
    Assessment.objects.create(task=world.task_a, period=world.period, status=Status.DONE,
                              light=Light.GREEN, decided_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(task=world.task_a, period=world.period,
                                  status=Status.LAGGING, light=Light.YELLOW,
                                  decided_at=timezone.now())


@pytest.mark.parametrize(("field", "value"), [("light", "purple"), ("status", "")])
def test_invalid_light_or_empty_status_is_rejected(world, field, value):
    kwargs = {"status": Status.DONE, "light": Light.GREEN, field: value}
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(task=world.task_a, period=world.period,
                                  decided_at=timezone.now(), **kwargs)


def test_invalid_role_is_rejected(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=world.task_a, unit=world.unit_b, role="helper",
                                  printed_name="乙局")


def test_duplicate_assignment_of_unit_and_role_is_rejected(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=world.task_a, unit=world.unit_a, role=Role.LEAD,
                                  printed_name="甲局")


def test_quarter_index_out_of_range_is_rejected(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=5,
                              due_date=dt.date(2026, 12, 31))


def test_quantitative_indicator_needs_a_value(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(task=world.task_a, name="新建基站", kind="count",
                                 comparator="=", measure="座")


def test_records_cannot_be_hard_deleted(world):
    report = Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period)
    with pytest.raises(HardDeleteError):
        report.delete()
    with pytest.raises(HardDeleteError):
        Report.objects.all().delete()
    with pytest.raises(HardDeleteError):
        world.task_a.delete()
    assert Report.objects.filter(pk=report.pk).exists()


def test_every_edit_is_kept_in_history_with_who(world):
    report = Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period,
                                   text="初稿")
    report.text = "修改稿"
    report._history_user = world.reporter_a
    report.save()
    history = list(report.history.order_by("history_date"))
    assert [h.text for h in history] == ["初稿", "修改稿"]
    assert history[-1].history_user == world.reporter_a
    assert history[-1].history_type == "~"
