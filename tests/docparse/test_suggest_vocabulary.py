"""``suggest_status(text, allowed=…)``: the best-scoring status among an office's own statuses.

The same words are filed differently by offices with different vocabularies (a bulletin with
no 已落实 section files "印发了《…》" as 已基本完成), so when the vocabulary is known the
suggestion is chosen within it. The last test measures this on seeds 000 and 001 with the
statuses of their own section headings (skipped, saying so, when ../shared is absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.docparse.bulletin import parse_bulletin
from ducha.docparse.load import load_file
from ducha.docparse.suggest import NEUTRAL_ORDER, suggest_many, suggest_status
from ducha.docparse.vocab import STATUS_CODES

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ISSUED = "示例市人民政府办公室于3月15日印发了《示例市城市更新实施方案》(示政办发〔2023〕7号)。"


def test_issued_document_is_done_without_a_vocabulary() -> None:
    assert suggest_status(ISSUED).status == "done"


def test_office_without_done_files_an_issued_document_as_basically_done() -> None:
    got = suggest_status(ISSUED, allowed=("not_done", "basically_done"))
    assert got.status == "basically_done"
    assert {e.rule for e in got.evidence} == {e.rule for e in suggest_status(ISSUED).evidence}


def test_no_evidence_picks_the_allowed_status_nearest_to_work_under_way() -> None:
    assert suggest_status("情况如下。").status == "in_progress"
    assert suggest_status("情况如下。", allowed={"done", "ongoing"}).status == "ongoing"
    assert NEUTRAL_ORDER[0] == "in_progress" and set(NEUTRAL_ORDER) == set(STATUS_CODES)


def test_a_single_allowed_status_is_always_the_answer() -> None:
    got = suggest_status("项目进展缓慢,存在资金缺口问题。", allowed=["done"])
    assert (got.status, got.confidence) == ("done", 0.0)


@pytest.mark.parametrize("allowed", [[], ["finished"], ["done", "已落实"]])
def test_unknown_or_empty_vocabulary_is_refused(allowed: list[str]) -> None:
    with pytest.raises(ValueError, match="allowed statuses"):
        suggest_status(ISSUED, allowed=allowed)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="已完成印发正在推进尚未滞后存在问题持续计划于年月日〔〕号,。0123456789",
               max_size=60))
def test_the_full_vocabulary_changes_nothing(text: str) -> None:
    assert suggest_status(text, allowed=STATUS_CODES) == suggest_status(text)


def test_cli_contract_without_vocabulary_still_holds() -> None:
    got = suggest_many([ISSUED, "正在推进。"])
    assert [s.status for s in got] == ["done", "in_progress"]


def _seed_cases(name: str) -> tuple[frozenset[str], list[tuple[str, str]]]:
    """The seed's own section statuses, and (truth status, progress) per item."""
    path = SHARED / "eval" / f"{name}.truth.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the seeds and truth files live outside the repository")
    truth = json.loads(path.read_text(encoding="utf-8"))
    bulletin = parse_bulletin(load_file(SHARED / "seeds" / truth["source"]))
    assert bulletin is not None
    items = [i for s in bulletin.sections for m in s.meetings for i in m.items]
    assert len(items) == len(truth["items"])
    vocabulary = frozenset(s.status for s in bulletin.sections if s.status)
    return vocabulary, [(t["status"], i.progress) for t, i in zip(truth["items"], items,
                                                                   strict=True)]


def test_seed_accuracy_with_each_bulletins_own_vocabulary() -> None:
    plain = restricted = total = 0
    for name in ("seed000", "seed001"):
        vocabulary, cases = _seed_cases(name)
        for expected, progress in cases:
            plain += suggest_status(progress).status == expected
            restricted += suggest_status(progress, allowed=vocabulary).status == expected
            total += 1
    print(f"\nsuggest_status on seeds 000+001 ({total} items): "
          f"{plain / total:.1%} with no vocabulary, "
          f"{restricted / total:.1%} with each bulletin's own section statuses")
    assert total == 29
    assert restricted >= plain
