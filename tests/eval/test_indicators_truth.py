"""Measure the indicator grammar against ``indicators.truth.json`` (seeds 004 and 002).

Targets: each truth entry names its task ("(一)", "4.") inside 咸政办发〔2021〕1号 in seed 004.
The test cuts that task's line out of the document (the line that starts with the task number
and contains the target's name, since chapter two reuses "(一)" for section headings), parses
it, and requires the task's targets exactly, in order — no more, no fewer. Every other task of
the decomposition must yield no target at all.

Actuals: seed 002's first-quarter bulletin is parsed whole; each truth actual is found with
``match_actual`` from its target, compared with the truth (in the truth's measure), and judged
with ``pace.evaluate`` at 序时进度 one quarter (0.25). ``pytest -s`` prints the table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ducha.docparse.indicators import Target, match_actual, parse_actuals, parse_targets
from ducha.docparse.measures import reconcile
from ducha.docparse.normalize import normalize_line
from ducha.docparse.pace import elapsed_share, evaluate, is_cumulative

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DOC_NUMBER = "咸政办发〔2021〕1号"

# The verdicts the documented rules give at the end of the first quarter. They follow from
# the truth note ("a target printed with no qualifier is met when the actual reaches it") and
# 序时进度 25%; seed 002 itself says 投资10亿元以上项目 "已完成全年目标". 居民消费价格涨幅
# is printed "控制在3%左右", a ceiling, so -0.9% meets it.
EXPECTED_Q1 = {
    "地区生产总值增长": "met",
    "全社会固定资产投资增长": "met",
    "规模以上工业增加值增长": "met",
    "地方一般公共预算收入增长": "met",
    "社会消费品零售总额增长": "met",
    "进出口总额增长": "met",
    "城镇登记失业率": "met",
    "居民消费价格涨幅": "met",
    "新建5G基站": "behind",
    "新增城镇就业": "behind",
    "新增科创企业": "on_pace",
    "亿元以上项目": "on_pace",
    "投资10亿元以上项目": "met",
    "新开工亿元以上产业项目": "on_pace",
}


@pytest.fixture(scope="module")
def truth() -> dict:
    path = SHARED / "eval" / "indicators.truth.json"
    if not path.is_file():
        pytest.skip(f"indicator truth not found at {path}; this evaluation needs ../shared")
    return json.loads(path.read_text(encoding="utf-8"))


def _seed(prefix: str) -> str:
    found = sorted((SHARED / "seeds").glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found under {SHARED / 'seeds'}")
    return found[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def decomposition() -> list[str]:
    """The normalised lines of 咸政办发〔2021〕1号, up to the next document number."""
    lines = [normalize_line(line) for line in _seed("004").split("\n")]
    start = lines.index(DOC_NUMBER)
    end = next(i for i in range(start + 1, len(lines))
               if lines[i].startswith("咸政") and lines[i].endswith("号"))
    return [line for line in lines[start:end] if line]


@pytest.fixture(scope="module")
def targets(decomposition: list[str]) -> dict[str, Target]:
    tasks = [line for line in decomposition if "牵头单位" in line]
    return {t.name: t for t in parse_targets("\n".join(tasks))}


def _task_line(lines: list[str], task: str, name: str) -> str:
    for line in lines:
        if line.startswith(task) and name in line:
            return line
    raise AssertionError(f"task {task} with {name!r} not found in {DOC_NUMBER}")


def _row(target: Target | dict) -> tuple:
    if isinstance(target, dict):
        return (target["name"], target["kind"], target.get("comparator"), target.get("value"),
                target.get("unit"))
    return (target.name, target.kind, target.comparator, target.value, target.measure)


def test_all_targets_of_the_decomposition_are_parsed_exactly(truth, decomposition):
    by_task: dict[str, list[dict]] = {}
    for entry in truth["targets"]:
        by_task.setdefault(entry["task"], []).append(entry)
    agreed, problems = 0, []
    for task, entries in by_task.items():
        line = _task_line(decomposition, task, entries[0]["name"])
        got = [_row(t) for t in parse_targets(line)]
        want = [_row(e) for e in entries]
        agreed += sum(1 for g, w in zip(got, want, strict=False) if g == w)
        if got != want:
            problems.append(f"{task}: got {got}, want {want}")
    print(f"\nindicator targets: {agreed}/{len(truth['targets'])} agree with the truth")
    assert not problems, "\n".join(problems)
    assert agreed == len(truth["targets"]) == 26


def test_no_other_task_of_the_decomposition_yields_a_target(truth, decomposition):
    truth_lines = {_task_line(decomposition, e["task"], e["name"]) for e in truth["targets"]}
    others = [line for line in decomposition if "牵头单位" in line and line not in truth_lines]
    assert len(others) > 90
    spurious = [(line[:30], [t.name for t in parse_targets(line)]) for line in others]
    assert [s for s in spurious if s[1]] == []


def _table_row(entry: dict, target: Target, actuals: list, elapsed: float) -> tuple:
    actual = match_actual(target, actuals)
    assert actual is not None, f"no actual found for {entry['name']}"
    result = evaluate(target, actual.actual, measure=actual.measure, elapsed=elapsed,
                      cumulative=is_cumulative(target))
    return actual, result


def test_first_quarter_actuals_are_found_and_judged(truth, targets):
    actuals = parse_actuals(_seed("002"))
    elapsed = elapsed_share(2021, quarter=1)
    lines, problems = [], []
    for entry in truth["q1_actuals"]:
        target = targets[entry["name"]]
        actual, result = _table_row(entry, target, actuals, elapsed)
        unit = entry["unit"]
        printed = actual.target if actual.target is not None else reconcile(
            target.value, target.measure, actual.measure)
        got = (reconcile(actual.actual, actual.measure, unit),
               reconcile(printed, actual.measure, unit))
        if got != pytest.approx((entry["actual"], entry["target"])):
            problems.append(f"{entry['name']}: got {got}, want {entry}")
        if "comparator" in entry and actual.comparator != entry["comparator"]:
            problems.append(f"{entry['name']}: comparator {actual.comparator}")
        if result.verdict != EXPECTED_Q1[entry["name"]]:
            problems.append(f"{entry['name']}: verdict {result.verdict}")
        lines.append(f"{entry['name']} | {target.value:g}{target.measure} {target.comparator} | "
                     f"{actual.actual:g}{actual.measure} | {result.verdict} | {result.light} | "
                     f"{result.explanation}")
    print("\nname | target | actual | verdict | light | explanation\n" + "\n".join(lines))
    print(f"first-quarter actuals: {len(lines) - len(problems)}/{len(truth['q1_actuals'])}")
    assert not problems, "\n".join(problems)
    assert len(lines) == len(truth["q1_actuals"]) == 14
