"""Compare ``parse_bulletin`` with the hand-checked truth for seeds 000, 001 and 003.

For the meeting-decision bulletins (000, 001) every item is compared field by field: the
status section as printed, the canonical status, the meeting heading, date and number, the
item number, the start of its title, its units and the start of its progress. For the
special-supervision summary (003): totals, the items named under lagging statuses, the number
of highlights and the recommendation headings. ``pytest -s`` prints the agreement per field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ducha.docparse.bulletin import Bulletin, parse_bulletin

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ITEM_FIELDS = ("status_section", "status", "meeting", "meeting_date", "meeting_number",
               "number", "title_start", "units", "progress_start")
PREFIX_FIELDS = {"title_start": "title", "progress_start": "progress"}


def _truth(name: str) -> dict[str, Any]:
    path = SHARED / "eval" / f"{name}.truth.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the seeds and truth files live outside the repository")
    return json.loads(path.read_text(encoding="utf-8"))


def _parsed(truth: dict[str, Any]) -> Bulletin:
    path = SHARED / "seeds" / truth["source"]
    if not path.is_file():
        pytest.skip(f"{path} is absent: the seeds live outside the repository")
    bulletin = parse_bulletin(path.read_text(encoding="utf-8"))
    assert bulletin is not None, f"{truth['source']} was not recognised as a bulletin"
    return bulletin


def _flat_items(bulletin: Bulletin) -> list[dict[str, Any]]:
    """One record per item, in the truth files' shape (prefix fields hold the full text)."""
    rows = []
    for section in bulletin.sections:
        for meeting in section.meetings:
            for item in meeting.items:
                rows.append({
                    "status_section": section.heading, "status": section.status,
                    "meeting": meeting.heading, "meeting_date": meeting.date,
                    "meeting_number": meeting.number, "number": item.number,
                    "title": item.title, "units": item.units, "progress": item.progress,
                })
    return rows


def _agrees(field: str, want: Any, row: dict[str, Any]) -> bool:
    if field in PREFIX_FIELDS:
        return str(row[PREFIX_FIELDS[field]]).startswith(want)
    return row[field] == want


@pytest.mark.parametrize("seed", ["seed000", "seed001"])
def test_meeting_bulletin_has_every_item(seed: str) -> None:
    truth = _truth(seed)
    assert len(_flat_items(_parsed(truth))) == len(truth["items"])


@pytest.mark.parametrize("field", ITEM_FIELDS)
@pytest.mark.parametrize("seed", ["seed000", "seed001"])
def test_meeting_bulletin_field_agrees(seed: str, field: str) -> None:
    truth = _truth(seed)
    rows = _flat_items(_parsed(truth))
    wanted = truth["items"]
    misses = [
        (i, want[field], row.get(PREFIX_FIELDS.get(field, field)))
        for i, (want, row) in enumerate(zip(wanted, rows, strict=False))
        if not _agrees(field, want[field], row)
    ]
    agreed = min(len(rows), len(wanted)) - len(misses)
    print(f"{seed} {field}: {agreed}/{len(wanted)}")
    assert not misses, misses[:3]


def test_special_supervision_totals() -> None:
    truth = _truth("seed003")
    bulletin = _parsed(truth)
    assert bulletin.totals.total == truth["total"]
    assert bulletin.totals.by_status == truth["by_status"]


def test_special_supervision_items_named() -> None:
    truth = _truth("seed003")
    assert _parsed(truth).items_named == truth["items_named"]


def test_special_supervision_highlights_counted() -> None:
    truth = _truth("seed003")
    assert len(_parsed(truth).highlights) == truth["highlights"]


def test_special_supervision_recommendation_headings() -> None:
    truth = _truth("seed003")
    headings = [r.heading for r in _parsed(truth).recommendations]
    assert headings == truth["recommendations"]


def test_quarterly_report_bulletin_parses_without_meetings() -> None:
    """Seed 002 reports quarterly work, not meetings: a Bulletin with no status sections."""
    path = SHARED / "seeds" / "002_d7344a832e05616a.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the seeds live outside the repository")
    bulletin = parse_bulletin(path.read_text(encoding="utf-8"))
    assert bulletin is not None
    assert bulletin.title and "通报" in bulletin.title
    assert bulletin.sections == []
