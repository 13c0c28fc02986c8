"""``ducha evaluate --targets FILE --actuals FILE --quarter N``: judge a bulletin's actuals
against a decomposition's targets without a database (how 序时进度 tables are checked)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.docparse.indicators import match_actual, parse_actuals, parse_targets
from ducha.docparse.measures import MeasureMismatch
from ducha.docparse.pace import evaluate, is_cumulative, quarter_elapsed
from ducha.ledger.management.commands.parse import parse_files

VERDICT_LABELS = {"met": "已达标", "on_pace": "符合序时进度", "behind": "低于序时进度",
                  "missed": "未完成"}
LIGHT_LABELS = {"green": "绿", "yellow": "黄", "red": "红"}


def _fmt(value: float | None, measure: str | None) -> str:
    if value is None:
        return ""
    return f"{value:g}{measure or ''}"


class Command(BaseCommand):
    help = "用进展通报中的完成值对照分解文件中的目标,按序时进度评定(不写数据库)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--targets", required=True, help="含目标的分解文件")
        parser.add_argument("--actuals", required=True, help="含完成值的通报或进展文字")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        (_, target_docs), (_, actual_docs) = parse_files([opts["targets"], opts["actuals"]])
        targets = [t for d in target_docs for task in d.tasks for t in parse_targets(task.text)]
        actuals = [a for d in actual_docs for a in parse_actuals(d.body_text)]
        if not targets:
            raise CommandError(f"文件 {opts['targets']} 中没有找到量化目标。")
        rows = []
        final = opts["quarter"] == 4
        for target in targets:
            actual = match_actual(target, actuals)
            if actual is None or actual.actual is None:
                continue
            try:
                ev = evaluate(target, actual.actual, elapsed=quarter_elapsed(opts["quarter"]),
                              cumulative=is_cumulative(target), final=final,
                              measure=actual.measure)
            except MeasureMismatch as exc:
                raise CommandError(str(exc)) from None
            rows.append({"name": target.name, "target": _fmt(target.value, target.measure),
                         "comparator": target.comparator, "actual": _fmt(actual.actual,
                                                                         actual.measure),
                         "verdict": ev.verdict, "light": ev.light,
                         "explanation": ev.explanation})
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"第{opts['quarter']}季度指标评定(序时进度 "
                          f"{quarter_elapsed(opts['quarter']):.0%}),共 {len(rows)} 项")
        for r in rows:
            self.stdout.write(f"{LIGHT_LABELS[r['light']]}  {r['name']}  目标{r['target']}  "
                              f"完成{r['actual']}  {VERDICT_LABELS[r['verdict']]}  "
                              f"{r['explanation']}")
