"""Access is decided in one place; reporters see only their own unit's work."""

from __future__ import annotations

import contextlib

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from ducha.accounts.models import User
from ducha.accounts.permissions import Action, can, get_task_for_user, visible_tasks
from ducha.choices import UserRole

pytestmark = pytest.mark.django_db


def test_reporter_sees_only_tasks_where_its_unit_is_lead_or_responsible(world):
    assert set(visible_tasks(world.reporter_a)) == {world.task_a, world.task_shared}
    assert set(visible_tasks(world.reporter_b)) == {world.task_b, world.task_shared}


def test_office_and_leader_see_every_task(world):
    everything = {world.task_a, world.task_b, world.task_shared}
    assert set(visible_tasks(world.supervisor)) == everything
    assert set(visible_tasks(world.leader)) == everything


def test_reporter_asking_for_other_units_task_by_id_gets_404(world):
    assert get_task_for_user(world.reporter_a, world.task_a.pk) == world.task_a
    with pytest.raises(Http404):
        get_task_for_user(world.reporter_a, world.task_b.pk)


@pytest.mark.parametrize(("persona", "action", "allowed"), [
    ("supervisor", Action.DECIDE_ASSESSMENT, True),
    ("supervisor", Action.EDIT_LEDGER, True),
    ("leader", Action.VIEW_COCKPIT, True),
    ("leader", Action.DECIDE_ASSESSMENT, False),
    ("leader", Action.SUBMIT_REPORT, False),
    ("reporter_a", Action.SUBMIT_REPORT, True),
    ("reporter_a", Action.DECIDE_ASSESSMENT, False),
    ("reporter_a", Action.EDIT_LEDGER, False),
])
def test_permission_matrix(world, persona, action, allowed):
    assert can(getattr(world, persona), action) is allowed


def test_reporter_must_have_exactly_one_unit(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nounit", role=UserRole.REPORTER)


def test_supervisor_cannot_be_bound_to_a_unit(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="boss", role=UserRole.SUPERVISOR, unit=world.unit_a)


def test_report_lists_and_by_id_access_agree_for_every_persona(world):
    """A list never shows a report that opening it refuses, nor hides one it would show."""
    from ducha.accounts.permissions import get_report_for_user, visible_reports
    from ducha.reporting.models import Report

    reports = [Report.objects.create(period=world.period, task=task, unit=unit, text="进展")
               for task, unit in ((world.task_a, world.unit_a), (world.task_b, world.unit_b),
                                  (world.task_shared, world.unit_a),
                                  (world.task_shared, world.unit_b))]
    for user in (world.supervisor, world.leader, world.reporter_a, world.reporter_b):
        listed = set(visible_reports(user).values_list("pk", flat=True))
        opened = set()
        for report in reports:
            with contextlib.suppress(Http404):
                opened.add(get_report_for_user(user, report.pk).pk)
        assert listed == opened, user.username
    # unit A leads the shared task: it reads unit B's input there, but not B's own task
    shown = set(visible_reports(world.reporter_a).values_list("task_id", "unit_id"))
    assert (world.task_shared.pk, world.unit_b.pk) in shown
    assert (world.task_b.pk, world.unit_b.pk) not in shown
