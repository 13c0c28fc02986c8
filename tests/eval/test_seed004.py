"""Evaluation: parse seed 004 (a gazette of eleven documents) against its hand-checked truth.

The seeds live in ``../shared`` beside the repository, not in it; without them this test
skips and says so. Every one of the 152 annotated tasks must agree field by field.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ducha.docparse.parse import parse_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seeds" / "004_6d7190e0f15b7232.txt"
TRUTH = SHARED / "eval" / "seed004.truth.json"

FIELDS = ("doc", "number", "chapter", "section", "lead_units", "responsible_units",
          "implicit_responsible_units", "deadline", "scope", "text_start", "line")
_LIST_FIELDS = ("lead_units", "responsible_units", "implicit_responsible_units")


def _expected(record: dict[str, Any], field: str) -> Any:
    if field in _LIST_FIELDS:
        return record.get(field, [])
    return record.get(field)


@cache
def _pairs() -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Truth records paired with the parsed task at the same place of the same document."""
    if not SEED.is_file() or not TRUTH.is_file():
        pytest.skip(f"seed 004 and its truth are not at {SHARED} (the shared folder beside "
                    "the repository); the evaluation needs them")
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))["tasks"]
    parsed: dict[str, list[dict[str, Any]]] = {}
    for document in parse_file(SEED):
        tasks = parsed.setdefault(document.doc_number or "", [])
        for task in document.tasks:
            record = task.to_dict()
            record["doc"] = document.doc_number
            record["text_start"] = task.text
            tasks.append(record)
    seen: dict[str, int] = {}
    pairs = []
    for record in truth:
        position = seen.get(record["doc"], 0)
        seen[record["doc"]] = position + 1
        found = parsed.get(record["doc"], [])
        pairs.append((record, found[position] if position < len(found) else None))
    return pairs


def test_every_annotated_task_is_found() -> None:
    pairs = _pairs()
    assert len(pairs) == 152
    assert all(found is not None for _, found in pairs)


@pytest.mark.parametrize("field", FIELDS)
def test_field_agrees_with_truth(field: str) -> None:
    wrong = []
    for record, found in _pairs():
        expected = _expected(record, field)
        if found is None:
            wrong.append((record["doc"], record["number"], expected, None))
            continue
        actual = found[field]
        ok = actual.startswith(expected) if field == "text_start" else actual == expected
        if not ok:
            wrong.append((record["doc"], record["number"], expected, actual))
    agreed = len(_pairs()) - len(wrong)
    assert not wrong, f"{field}: {agreed}/{len(_pairs())} agree; first misses: {wrong[:5]}"
