"""Importing seed 000 and regenerating it reproduces its structure: sections, meeting headings,
item numbering and unit annotations (skips, saying so, when ../shared is absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ducha.bulletins.compose_meetings import MeetingScope, compose_meetings
from ducha.bulletins.render_text import render_text
from ducha.choices import PeriodKind
from ducha.docparse.bulletin import parse_bulletin
from ducha.docparse.load import load_file
from ducha.docparse.parse import parse_file
from ducha.ledger.importing import documents_import
from ducha.reporting.models import Period

SEED = (Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
        / "000_0b3c27ff75097678.txt")
pytestmark = pytest.mark.django_db


def _structure(data: dict) -> list:
    return [(s["status"], [(m["date"], m["number"], [(i["number"], i["units"])
                                                     for i in m["items"]])
                           for m in s["meetings"]]) for s in data["sections"]]


def test_seed000_imported_and_regenerated_keeps_its_structure():
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: the seeds live beside the repository in ../shared")
    period = Period.objects.create(year=2021, kind=PeriodKind.QUARTER, index=4,
                                   due_date=dt.date(2021, 12, 31))
    outcome, = documents_import(documents=parse_file(SEED), by=None, period=period)
    assert outcome.tasks == 15 and outcome.assessments == 15
    original = parse_bulletin(load_file(SEED)).to_dict()
    order = [s["status"] for s in original["sections"]]
    doc = compose_meetings(period=period, scope=MeetingScope(until=period.due_date),
                           today=dt.date(2021, 11, 30), order=order)
    regenerated = parse_bulletin(render_text(doc)).to_dict()
    assert _structure(regenerated) == _structure(original)
    assert [s["heading"] for s in regenerated["sections"]] == [
        s["heading"] for s in original["sections"]]
