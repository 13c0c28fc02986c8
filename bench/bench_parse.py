"""Parse throughput (MB/s, tasks/s) against bare regex passes over the same corpus, same run.

The corpus repeats our own fixtures (tests/docparse/cases, tests/fixtures) to about 8 MB.
Two floors are measured: one regex over the whole text (the cheapest possible scan) and a
line split with one annotation regex per line (the least a line grammar must do). A third
reference, a toy grammar, reads just one task form (a numbered line with a bracketed key) into
one object per task: it shows how much of the 3x goal the bare minimum of a Python line grammar
already spends, before documents, headings, other forms, bulletins or indicators.
``--stages`` adds the time of each stage of ``parse_text`` as a multiple of the per-line floor,
to show where the remaining cost is. On a shared machine wall-clock ratios drift by 2x between
runs; compare several runs (or instruction counts under ``valgrind --tool=cachegrind``).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from ducha.docparse.linescan import LineScan
from ducha.docparse.parse import parse_text, text_lines
from ducha.docparse.split import split_documents
from ducha.docparse.tasks import TaskHints, extract_tasks

ROOT = Path(__file__).resolve().parents[1]
TARGET_BYTES = 8 * 1024 * 1024
ANNOTATION = re.compile(r"[((](?:牵头单位|责任单位)[::]")
TOY_NUMBER = re.compile(r"[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\)"
                        r"|[①-⑳]")
TOY_KEYED = re.compile(r"\((?:牵头单位|责任单位):([^)]*)\)")
TOY_UNITS = re.compile(r"[、,]")


def corpus() -> str:
    files = sorted((ROOT / "tests" / "docparse" / "cases").glob("*.txt"))
    files += sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    one = "\n\n".join(texts)
    return "\n\n".join([one] * max(1, TARGET_BYTES // len(one.encode("utf-8"))))


def best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def toy_grammar(text: str) -> list[tuple[str, str, list[str]]]:
    """One task form only: a numbered line with "(牵头单位:…)" gives (number, title, units)."""
    tasks = []
    for line in text.split("\n"):
        number = TOY_NUMBER.match(line)
        if number is None:
            continue
        keyed = TOY_KEYED.search(line)
        if keyed is not None:
            tasks.append((number.group(), line[number.end():keyed.start()],
                          TOY_UNITS.split(keyed.group(1))))
    return tasks


def main() -> None:
    text = corpus()
    mb = len(text.encode("utf-8")) / 1024 / 1024
    tasks = sum(len(d.tasks) for d in parse_text(text))
    t_parse = best(lambda: parse_text(text), repeat=2)
    t_whole = best(lambda: ANNOTATION.findall(text))
    t_lines = best(lambda: [ANNOTATION.search(line) for line in text.split("\n")])
    toy_tasks = len(toy_grammar(text))
    t_toy = best(lambda: toy_grammar(text))
    print(f"corpus {mb:.1f} MB, {tasks} tasks")
    print(f"parse_text           {t_parse:8.3f} s  {mb / t_parse:8.1f} MB/s  "
          f"{tasks / t_parse:10.0f} tasks/s")
    print(f"floor: whole-text re {t_whole:8.3f} s  {mb / t_whole:8.1f} MB/s  "
          f"ratio {t_parse / t_whole:6.1f}x")
    print(f"floor: per-line re   {t_lines:8.3f} s  {mb / t_lines:8.1f} MB/s  "
          f"ratio {t_parse / t_lines:6.1f}x")
    print(f"toy grammar          {t_toy:8.3f} s  {toy_tasks} tasks of one form, "
          f"{t_toy / t_lines:.1f}x the per-line floor")


def stages(text: str, floor: float) -> None:
    """Each stage of parse_text, timed alone, as a multiple of the per-line floor."""
    lines, _ = text_lines(text)
    scan = LineScan([line.text for line in lines])
    documents = split_documents(lines, scan=scan)
    hints = TaskHints.of(lines, scan)
    timed = {
        "text_lines (normalise, furniture)": lambda: text_lines(text),
        "pre-scan (join, offsets, hints)": lambda: TaskHints.of(lines),
        "split_documents (heads, signatures)": lambda: split_documents(lines, scan=scan),
        "extract_tasks (outline, annotations)": lambda: [
            extract_tasks(d, hints=hints) for d in documents],
    }
    for name, fn in timed.items():
        print(f"  {name:38s} {best(fn) / floor:6.1f}x per-line floor")


if __name__ == "__main__":
    main()
    if "--stages" in sys.argv:
        corpus_text = corpus()
        stages(corpus_text, best(lambda: [ANNOTATION.search(line)
                                          for line in corpus_text.split("\n")]))
