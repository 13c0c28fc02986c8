"""延期申请 and 退办申请: before the deadline, decided by the office, baseline kept."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from ducha.base import DuchaError
from ducha.ledger.models import Assignment
from ducha.reporting.models import ChangeRequest, RequestState
from ducha.reporting.services import (
    change_request_create,
    change_request_decide,
    effective_deadline,
    report_save,
)

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadline(world):
    world.task_a.deadline = dt.date(2026, 6, 30)
    world.task_a.save()
    return world.task_a.deadline


def _ask(world, kind, **kwargs):
    kwargs.setdefault("today", TODAY)
    return change_request_create(task=world.task_a, unit=world.unit_a, kind=kind,
                                 by=world.reporter_a, now=NOW, **kwargs)


def test_extension_approved_moves_the_effective_deadline_but_not_the_baseline(world, deadline):
    request = _ask(world, "extension", reason="用地审批未完成", new_deadline=dt.date(2026, 9, 30))
    assert request.original_deadline == deadline
    change_request_decide(request=request, approve=True, by=world.supervisor, now=NOW)
    world.task_a.refresh_from_db()
    assert world.task_a.deadline == deadline  # the baseline is never edited
    assert effective_deadline(world.task_a) == dt.date(2026, 9, 30)
    states = [h.state for h in request.history.order_by("history_date")]
    assert states == ["pending", "approved"]
    body = Client()
    body.force_login(world.leader)
    page = body.get(f"/duban/tasks/{world.task_a.pk}/").content.decode()
    assert "已批准延期" in page and "延期申请" in page


def test_extension_after_the_deadline_is_refused(world, deadline):
    with pytest.raises(DuchaError, match="已过"):
        _ask(world, "extension", reason="来不及", new_deadline=dt.date(2026, 9, 30),
             today=dt.date(2026, 7, 1))
    assert not ChangeRequest.objects.exists()


def test_extension_needs_a_later_date_and_a_reason(world, deadline):
    with pytest.raises(DuchaError, match="须晚于"):
        _ask(world, "extension", reason="理由", new_deadline=dt.date(2026, 5, 1))
    with pytest.raises(DuchaError, match="理由"):
        _ask(world, "extension", reason="", new_deadline=dt.date(2026, 9, 1))


def test_only_one_pending_request_of_a_kind(world, deadline):
    _ask(world, "dispute", reason="不属本单位职能")
    with pytest.raises(DuchaError, match="待审批"):
        _ask(world, "dispute", reason="再次申请")


def test_rejecting_needs_a_note(world):
    request = _ask(world, "dispute", reason="不属本单位职能")
    with pytest.raises(DuchaError, match="意见"):
        change_request_decide(request=request, approve=False, by=world.supervisor, now=NOW)
    change_request_decide(request=request, approve=False, note="职责清单明确由甲局牵头",
                          by=world.supervisor, now=NOW)
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED


def test_approved_dispute_releases_the_unit_but_keeps_the_assignment(world):
    request = _ask(world, "dispute", reason="不属本单位职能")
    change_request_decide(request=request, approve=True, by=world.supervisor, now=NOW)
    assert Assignment.objects.active().filter(task=world.task_a, unit=world.unit_a).exists()
    with pytest.raises(DuchaError, match="退办"):
        report_save(period=world.period, task=world.task_a, unit=world.unit_a, text="x",
                    by=world.reporter_a, now=NOW)
    client = Client()
    client.force_login(world.supervisor)
    body = client.get(f"/duban/periods/{world.period.pk}/missing/").content.decode()
    assert "甲局独办事项" not in body.split('data-testid="missing-table"')[1].split("</table>")[0]


@time_machine.travel(NOW, tick=False)
def test_request_through_the_page_and_decision_by_the_office(world, deadline):
    client = Client()
    client.force_login(world.reporter_a)
    response = client.post(f"/duban/tasks/{world.task_a.pk}/requests/", {
        "kind": "extension", "reason": "资金未到位", "new_deadline": "2026-10-31",
        "next": f"/duban/periods/{world.period.pk}/report/"})
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    office = Client()
    office.force_login(world.supervisor)
    assert "资金未到位" in office.get("/duban/requests/").content.decode()
    office.post(f"/duban/requests/{request.pk}/decide/", {"decision": "approve"})
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED and request.decided_by == world.supervisor
