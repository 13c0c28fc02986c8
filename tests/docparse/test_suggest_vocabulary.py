"""``suggest_status(text, allowed=…)``: the best-scoring status among an office's own statuses.

The same words are filed differently by offices with different vocabularies (a bulletin with
no 已落实 section files "印发了《…》" as 已基本完成), so when the vocabulary is known the
suggestion is chosen within it. Seeds 000 and 001 measure this in
``tests/eval/test_suggest_seeds.py``; the seeds are read by the evaluation tests only.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.docparse.suggest import NEUTRAL_ORDER, suggest_many, suggest_status
from ducha.docparse.vocab import STATUS_CODES

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
