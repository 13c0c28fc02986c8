"""Precision and recall per field of the document parser against ../shared/eval (make eval).

Items are matched by their identity (tasks by 文号 and line; bulletin items by meeting date and
number); a field counts as predicted when the parser gives a value and as true when the truth
file has one. List fields (units) are scored element by element.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from ducha.docparse.bulletin import parse_bulletin
from ducha.docparse.indicators import parse_targets
from ducha.docparse.load import load_file
from ducha.docparse.parse import parse_file
from ducha.docparse.suggest import suggest_status

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


class Score:
    """Counts per field: true positives, predicted, expected."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(self, field: str, predicted: object, expected: object) -> None:
        c = self.counts[field]
        if isinstance(expected, list) or isinstance(predicted, list):
            p, e = list(predicted or []), list(expected or [])
            c[0] += sum(1 for x in p if x in e)
            c[1] += len(p)
            c[2] += len(e)
            return
        c[0] += predicted is not None and predicted == expected
        c[1] += predicted is not None
        c[2] += expected is not None

    def print(self, title: str) -> None:
        print(f"\n{title}\n{'field':<28}{'precision':>10}{'recall':>10}{'tp/pred/true':>16}")
        for field, (tp, pred, true) in self.counts.items():
            precision = tp / pred if pred else 1.0
            recall = tp / true if true else 1.0
            print(f"{field:<28}{precision:>10.3f}{recall:>10.3f}{f'{tp}/{pred}/{true}':>16}")


def eval_seed004() -> None:
    truth = json.loads((SHARED / "eval" / "seed004.truth.json").read_text(encoding="utf-8"))
    documents = parse_file(SHARED / "seeds" / truth["source"])
    found = {(d.doc_number, t.line): t for d in documents for t in d.tasks}
    score = Score()
    for expected in truth["tasks"]:
        got = found.pop((expected["doc"], expected["line"]), None)
        score.add("task", got is not None or None, True)
        for field in ("number", "chapter", "section", "deadline", "scope"):
            score.add(field, getattr(got, field, None), expected.get(field))
        for field in ("lead_units", "responsible_units", "implicit_responsible_units"):
            score.add(field, getattr(got, field, None), expected.get(field, []))
        score.add("text_start", got.text[:len(expected["text_start"])] if got else None,
                  expected["text_start"])
    for _extra in found:
        score.add("task", True, None)
    score.print("seed 004: tasks of the gazette (152 in the truth)")


def eval_bulletins() -> None:
    score = Score()
    for name in ("seed000", "seed001"):
        truth = json.loads((SHARED / "eval" / f"{name}.truth.json").read_text(encoding="utf-8"))
        bulletin = parse_bulletin(load_file(SHARED / "seeds" / truth["source"]))
        items = [] if bulletin is None else [
            (s, m, i) for s in bulletin.to_dict()["sections"] for m in s["meetings"]
            for i in m["items"]]
        for k, expected in enumerate(truth["items"]):
            got = items[k] if k < len(items) else None
            s, m, i = got if got else ({}, {}, {})
            score.add("status", s.get("status"), expected["status"])
            score.add("meeting_date", m.get("date"), expected["meeting_date"])
            score.add("meeting_number", m.get("number"), expected["meeting_number"])
            score.add("number", i.get("number"), expected["number"])
            score.add("units", i.get("units"), expected["units"])
            score.add("title_start", (i.get("title") or "")[:len(expected["title_start"])] or None,
                      expected["title_start"])
            progress = i.get("progress") or ""
            progress = progress if isinstance(progress, str) else "".join(progress)
            score.add("progress_start", progress[:len(expected["progress_start"])] or None,
                      expected["progress_start"])
            score.add("suggested_status", suggest_status(progress).status if progress else None,
                      expected["status"])
            allowed = {i["status"] for i in truth["items"]}  # the bulletin's own sections
            score.add("suggested_status_in_vocabulary",
                      suggest_status(progress, allowed=allowed).status if progress else None,
                      expected["status"])
    score.print("seeds 000 + 001: meeting-decision bulletin items (29 in the truth)")


def eval_seed003() -> None:
    truth = json.loads((SHARED / "eval" / "seed003.truth.json").read_text(encoding="utf-8"))
    data = parse_bulletin(load_file(SHARED / "seeds" / truth["source"])).to_dict()
    score = Score()
    score.add("total", data["totals"].get("total"), truth["total"])
    for label, count in truth["by_status"].items():
        score.add("by_status", data["totals"]["by_status"].get(label), count)
    for label, names in truth["items_named"].items():
        score.add("items_named", data["items_named"].get(label, []), names)
    score.add("highlights", len(data["highlights"]), truth["highlights"])
    score.add("recommendations", [r["heading"] for r in data["recommendations"]],
              truth["recommendations"])
    score.print("seed 003: special-supervision summary")


def eval_indicators() -> None:
    truth = json.loads((SHARED / "eval" / "indicators.truth.json").read_text(encoding="utf-8"))
    documents = parse_file(SHARED / "seeds" / "004_6d7190e0f15b7232.txt")
    parsed = [t for d in documents if d.doc_number == "咸政办发〔2021〕1号"
              for task in d.tasks for t in parse_targets(task.text)]
    by_name = {t.name: t for t in parsed}
    score = Score()
    for expected in truth["targets"]:
        got = by_name.get(expected["name"])
        score.add("target", got is not None or None, True)
        for field, key in (("kind", "kind"), ("comparator", "comparator"), ("value", "value"),
                           ("measure", "unit")):
            score.add(field, getattr(got, field, None) if got else None, expected.get(key))
    score.print("indicators: targets of the 2021 decomposition (26 in the truth)")


def main() -> int:
    if not (SHARED / "eval").is_dir():
        print(f"{SHARED} is absent: the evaluation needs ../shared beside the repository.")
        return 0
    eval_seed004()
    eval_bulletins()
    eval_seed003()
    eval_indicators()
    return 0


if __name__ == "__main__":
    sys.exit(main())
