"""Two supervisors deciding the same task at the same moment: exactly one wins, the other is
told the record changed (optimistic locking holds under real concurrency, on both engines)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ducha.base import DuchaError
from ducha.choices import Status
from ducha.reporting.models import Assessment
from ducha.reporting.services import assessment_decide

from .conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)


def _shared_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.parametrize("existing", [False, True])
def test_simultaneous_decisions_from_the_same_version_let_exactly_one_through(world,
                                                                             existing):
    if _shared_memory_sqlite():
        pytest.skip("SQLite's in-memory test database uses shared-cache table locks that ignore "
                    "the busy timeout; the file database in WAL mode (production) and "
                    "PostgreSQL serialise these writers. Runs on PostgreSQL.")
    version = 0
    if existing:
        version = assessment_decide(task=world.task_a, period=world.period,
                                    status=Status.IN_PROGRESS, light="green",
                                    by=world.supervisor, expected_version=0, now=NOW).version
    barrier = threading.Barrier(2)
    results: list[str] = []

    def decide(status: str) -> None:
        try:
            barrier.wait(timeout=10)
            assessment_decide(task=world.task_a, period=world.period, status=status,
                              light="green", by=world.supervisor, expected_version=version,
                              now=NOW)
            results.append("ok")
        except DuchaError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(s,))
               for s in (Status.ONGOING, Status.BASICALLY_DONE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["ok", "stale"]
    assessment = Assessment.objects.get()
    assert assessment.version == version + 1
    assert assessment.history.count() == version + 1
