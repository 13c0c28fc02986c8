"""The whole-text pre-scans give exactly what testing every line would.

``text_lines``, the splitter and the task grammar look only at the lines a pre-scan names
(see ``docparse.linescan``). These properties compare them with the plain line-by-line
reading on texts built from furniture, metadata, full-width forms and annotations.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.docparse.furniture import is_furniture, parse_meta_line
from ducha.docparse.linescan import LineScan, between, line_indexes, lines_hit
from ducha.docparse.model import Document, Line
from ducha.docparse.normalize import normalize_line
from ducha.docparse.parse import text_lines
from ducha.docparse.tasks import TaskHints, extract_tasks

FRAGMENTS = [
    "字号: 分享到:", "责任编辑:某某", "附件:", "• 文 号:示政办发〔2021〕1号", "发布日期:2021年3月5日",
    "索 引 号 : 7641/2021-1 文 号 : 无", "打印", "一、总体要求", "(一)加强治理。", "1.推进建设。",
    "(牵头单位:市发改委;责任单位:市财政局、各县(市、区)人民政府)", "(牵头单位:市住建局,",
    "责任单位:市城管局)", "ＡＢＣ：全角", "两  个空格", "\t制表", "　全角空格", "2021年6月底前完成。",
    "示政发〔2021〕3号", "各县市区人民政府:", "示例市人民政府", "2021年1月5日", "以下均需各县市区负责落实,不再列出。",
    "市发改委牵头,市财政局配合", "",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet="单位号日附件:: (一)1.、", max_size=8),
                 max_size=30).map("\n".join)


def _reference_lines(text: str) -> tuple[list[Line], dict[str, str]]:
    """text_lines as it was written before the pre-scans: every line through every check."""
    lines: list[Line] = []
    meta: dict[str, str] = {}
    for number, raw in enumerate(re.sub(r"\r\n?|\u2028|\u2029|\x85", "\n", text).split("\n"), 1):
        line = normalize_line(raw)
        if not line or is_furniture(line):
            continue
        found = parse_meta_line(line)
        if found is not None:
            for key, value in found.items():
                meta.setdefault(key, value)
            continue
        lines.append(Line(number, line))
    return lines, meta


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_text_lines_agrees_with_reading_every_line(text: str) -> None:
    assert text_lines(text) == _reference_lines(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="甲乙号日:附件 ", max_size=6), max_size=20))
def test_line_scan_hits_are_the_lines_that_match(lines: list[str]) -> None:
    for pattern in (re.compile("号"), re.compile(r":(?=\n|\Z)"), re.compile("附件")):
        expected = {i for i, line in enumerate(lines) if pattern.search(line)}
        assert LineScan(lines).hits(pattern) == expected
        assert lines_hit(lines, pattern) == expected
        assert line_indexes("\n".join(lines), pattern) == expected


def test_between_takes_the_hits_of_a_range() -> None:
    assert between([1, 4, 7, 9], 4, 9) == [4, 7]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_tasks_with_shared_hints_equal_tasks_with_their_own(text: str) -> None:
    lines = text_lines(text)[0]
    document = Document(title="示例", body=lines)
    assert extract_tasks(document, hints=TaskHints.of(lines)) == extract_tasks(document)
