"""``ducha suggest``: one suggestion per line, optionally within an office's statuses."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

ISSUED = "3月2日,印发了《示例市关于加快推进试点工作的实施方案》(示政办发〔2026〕11号)。"
SLOW = "项目尚未开工,进展缓慢。"


def _run(tmp_path, capsys, *args: str) -> list[dict]:
    path = tmp_path / "progress.txt"
    path.write_text(f"{ISSUED}\n{SLOW}\n", encoding="utf-8")
    call_command("suggest", str(path), "--json", *args)
    return json.loads(capsys.readouterr().out)


def test_each_line_gets_a_status_with_evidence(tmp_path, capsys):
    issued, slow = _run(tmp_path, capsys)
    assert issued["status"] == "done"
    assert {e["span"] for e in issued["evidence"]} >= {"印发了"}
    assert slow["status"] == "lagging"


def test_statuses_limit_the_suggestion_to_the_office_vocabulary(tmp_path, capsys):
    issued, slow = _run(tmp_path, capsys, "--statuses", "not_done,basically_done")
    assert (issued["status"], slow["status"]) == ("basically_done", "not_done")


def test_an_unknown_status_code_is_a_clear_error(tmp_path):
    path = tmp_path / "progress.txt"
    path.write_text(ISSUED, encoding="utf-8")
    with pytest.raises(CommandError, match="--statuses 只能是这些状态代码"):
        call_command("suggest", str(path), "--statuses", "done,finished")
