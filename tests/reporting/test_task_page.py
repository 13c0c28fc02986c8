"""The task page: indicators against pace, reports and assessments by period, full history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from ducha.choices import Status
from ducha.reporting.services import ActualInput, assessment_decide, report_save

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _page(user, task) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/duban/tasks/{task.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_task_page_shows_indicator_pace_status_and_history(world, indicator):
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, text="正在建设",
                by=world.reporter_a, now=NOW,
                actuals=[ActualInput(indicator, Decimal(150), "座")])
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, text="已建成150座",
                by=world.reporter_a, now=NOW, submit=True,
                actuals=[ActualInput(indicator, Decimal(150), "座")])
    assessment_decide(task=world.task_a, period=world.period, status=Status.LAGGING,
                      light="yellow", by=world.supervisor, expected_version=0, now=NOW,
                      cause=__import__("ducha.reporting.models", fromlist=["LagCause"])
                      .LagCause.objects.get_or_create(name="资金")[0])
    body = _page(world.leader, world.task_a)
    assert "落后序时进度" in body  # 150 of 1000 after one quarter is below 25%
    assert 'data-testid="assessment-status">需要加大力度<' in body
    history = body.split('data-testid="history"')[1]
    assert "rep_a" in history and "office" in history
    assert "草稿 → 已报送" in history and "正在建设 → 已建成150座" in history
    assert "评定状态:— → 需要加大力度" in history


def test_lead_sees_responsible_units_report_on_the_task_page(world):
    report_save(period=world.period, task=world.task_shared, unit=world.unit_b,
                text="乙局配合完成调研", by=world.reporter_b, now=NOW)
    assert "乙局配合完成调研" in _page(world.reporter_a, world.task_shared)


def test_reporter_history_leaves_out_reports_it_cannot_read(world):
    report_save(period=world.period, task=world.task_shared, unit=world.unit_a,
                text="甲局牵头的内部材料", by=world.reporter_a, now=NOW)
    body = _page(world.reporter_b, world.task_shared)
    assert "甲局牵头的内部材料" not in body
