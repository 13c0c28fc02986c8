"""Fixtures shared by the whole suite: the personas, the three separated administrators and a
small ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from ducha.accounts.models import User
from ducha.choices import PeriodKind, Role, SourceKind, UnitKind, UserRole
from ducha.ledger.models import Assignment, Source, Task
from ducha.org.models import Unit
from ducha.reporting.models import Period

PASSWORD = "Test-Passw0rd-示例"


@dataclass
class World:
    """Two units, a task each, a shared task, a period and a user per persona."""

    unit_a: Unit
    unit_b: Unit
    task_a: Task
    task_b: Task
    task_shared: Task
    period: Period
    supervisor: User
    leader: User
    reporter_a: User
    reporter_b: User


def make_user(username: str, role: str, unit: Unit | None = None) -> User:
    user = User(username=username, role=role, unit=unit, display_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_task(source: Source, title: str, position: int, leads: list[Unit],
              responsible: list[Unit] = ()) -> Task:  # type: ignore[assignment]
    task = Task.objects.create(source=source, title=title, number=f"{position}.",
                               position=position, chapter="一、测试章节")
    for unit in leads:
        Assignment.objects.create(task=task, unit=unit, role=Role.LEAD, printed_name=unit.name)
    for unit in responsible:
        Assignment.objects.create(task=task, unit=unit, role=Role.RESPONSIBLE,
                                  printed_name=unit.name)
    return task


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached pages are keyed by a fingerprint of the data; after a rollback ids repeat."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Tests create many accounts; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    unit_a = Unit.objects.create(name="测试市甲局", short_name="甲局", kind=UnitKind.DEPARTMENT)
    unit_b = Unit.objects.create(name="测试市乙局", short_name="乙局", kind=UnitKind.DEPARTMENT)
    source = Source.objects.create(kind=SourceKind.WORK_REPORT, title="测试市重点工作分解",
                                   content_hash="t" * 64)
    return World(
        unit_a=unit_a, unit_b=unit_b,
        task_a=make_task(source, "甲局独办事项", 1, [unit_a]),
        task_b=make_task(source, "乙局独办事项", 2, [unit_b]),
        task_shared=make_task(source, "甲乙共办事项", 3, [unit_a], [unit_b]),
        period=Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=1,
                                     due_date=dt.date(2026, 3, 31)),
        supervisor=make_user("office", UserRole.SUPERVISOR),
        leader=make_user("leader", UserRole.LEADER),
        reporter_a=make_user("rep_a", UserRole.REPORTER, unit_a),
        reporter_b=make_user("rep_b", UserRole.REPORTER, unit_b),
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


# The three separated administrators (三权分立), beside the supervision personas.
ADMIN_PASSWORD = "Admin-Passw0rd-示例"


@dataclass
class Admins:
    sysadmin: User
    secadmin: User
    auditor: User


def _admin(username: str, role: str) -> User:
    user = User(username=username, role=role, display_name=username)
    user.set_password(ADMIN_PASSWORD)
    user.save()
    return user


@pytest.fixture
def admins(db: None) -> Admins:
    return Admins(sysadmin=_admin("sys1", UserRole.SYSADMIN),
                  secadmin=_admin("sec1", UserRole.SECADMIN),
                  auditor=_admin("aud1", UserRole.AUDITOR))


@pytest.fixture
def login_as():
    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client
    return _login
