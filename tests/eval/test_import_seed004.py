"""Importing seed 004 into an empty database creates 4 sources and 152 tasks; a second import
changes nothing; every printed unit name resolves or is queued (skips without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ducha.docparse.parse import parse_file
from ducha.ledger.importing import documents_import
from ducha.ledger.models import Assignment, Indicator, Source, Task
from ducha.org.models import UnknownUnitName

SEED = (Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
        / "004_6d7190e0f15b7232.txt")
pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (Source.objects.count(), Task.objects.count(), Assignment.objects.count(),
            Indicator.objects.count(), UnknownUnitName.objects.count())


def test_seed004_import_is_complete_and_idempotent():
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: the seeds live beside the repository in ../shared")
    documents = parse_file(SEED)
    outcomes = documents_import(documents=documents, by=None)
    assert sum(o.state == "created" for o in outcomes) == 4
    assert (Source.objects.count(), Task.objects.count()) == (4, 152)
    assert Indicator.objects.filter(task__source__doc_number="咸政办发〔2021〕1号").count() == 26
    unresolved = Assignment.objects.filter(unit__isnull=True, group__isnull=True)
    queued = set(UnknownUnitName.objects.values_list("printed_name", flat=True))
    assert {a.printed_name.removesuffix("等") for a in unresolved} <= queued
    before = _counts()
    again = documents_import(documents=parse_file(SEED), by=None)
    assert all(o.state in ("unchanged", "skipped") for o in again)
    assert _counts() == before
