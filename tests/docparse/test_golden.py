"""Golden files: each ``cases/<name>.txt`` parses to exactly ``cases/<name>.expected.json``.

The cases are written by the project (a fictional 示例市) to cover every grammar rule: a
gazette with a table of contents and titles broken over lines, a red-header layout with the
title below the 文号 and a joint signature, a scraped single page with metadata, furniture,
short-form and wrapped annotations, a policy without tasks, and the layouts of other cities (keys
one per line or bare after the sentence, a lead marked in the responsible list, minutes whose
decided items assign work in prose under an issue line). ``indicators`` belong to
docparse.indicators and are left out of the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ducha.docparse.parse import documents_to_json, parse_file

CASES = Path(__file__).parent / "cases"
NAMES = sorted(path.stem for path in CASES.glob("*.txt"))


def _parsed(name: str) -> dict:
    data = documents_to_json(parse_file(CASES / f"{name}.txt"))
    for document in data["documents"]:
        for task in document["tasks"]:
            task.pop("indicators", None)
    return data


def test_there_are_golden_cases() -> None:
    assert len(NAMES) >= 4


@pytest.mark.parametrize("name", NAMES)
def test_case_parses_to_its_expected_json(name: str) -> None:
    expected = json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert _parsed(name) == expected
