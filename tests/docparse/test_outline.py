"""The numbering grammar: 一、 > (一) > 1. > (1) > ①, headings told from items."""

from __future__ import annotations

import pytest

from ducha.docparse.model import Line
from ducha.docparse.outline import build_outline, looks_like_heading, match_number


@pytest.mark.parametrize(("text", "rank", "printed", "segment", "label"), [
    ("二、重点任务", 1, "二、", "二", "重点任务"),
    ("十一、加大考核力度", 1, "十一、", "十一", "加大考核力度"),
    ("(一)补齐短板。", 2, "(一)", "(一)", "补齐短板。"),
    ("(十二)书证同发。", 2, "(十二)", "(十二)", "书证同发。"),
    ("3.加强垃圾治理。", 3, "3.", "3", "加强垃圾治理。"),
    ("12、规范秩序", 3, "12、", "12", "规范秩序"),
    ("(2)加快建设", 4, "(2)", "(2)", "加快建设"),
    ("③推行一日办结", 5, "③", "③", "推行一日办结"),
])
def test_numbers_of_every_level(text: str, rank: int, printed: str, segment: str,
                                label: str) -> None:
    assert match_number(text) == (rank, printed, segment, label)


@pytest.mark.parametrize("text", ["1.5亿元投资已到位。", "2021年目标", "一是加强领导。", "(注)说明",
                                  "三、"])
def test_not_numbers(text: str) -> None:
    assert match_number(text) is None


def test_heading_shape() -> None:
    assert looks_like_heading("补齐规划设计短板。")
    assert looks_like_heading("积极融入新发展格局,筑牢发展基石")
    assert not looks_like_heading("加强垃圾治理。合理配置垃圾桶。")
    assert not looks_like_heading("财政支出只增不减。(牵头单位:示例市财政局)")


def _lines(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_outline_paths_and_parents() -> None:
    nodes = build_outline(_lines(
        "前言段落。", "二、重点任务", "(一)补齐短板。", "3.加强治理。", "(1)清理垃圾。", "①分类。",
        "(二)完善服务。", "4.建设设施。"))
    paths = [node.path for node in nodes[1:]]
    assert paths == ["二", "二.(一)", "二.(一).3", "二.(一).3.(1)", "二.(一).3.(1).①",
                     "二.(二)", "二.(二).4"]
    assert nodes[0].paragraphs == [Line(1, "前言段落。")]
    assert nodes[-1].ancestor(1) is nodes[1]
    assert nodes[-1].ancestor(2) is nodes[6]


def test_heading_above_its_own_paragraph() -> None:
    nodes = build_outline(_lines("一、支持技改示范", "对获得示范的企业给予奖补。", "二、下一条。"))
    assert nodes[1].heading
    assert nodes[1].paragraphs == [Line(2, "对获得示范的企业给予奖补。")]
    assert not nodes[2].heading  # nothing hangs below it


def test_attachment_mark_starts_a_fresh_outline() -> None:
    nodes = build_outline(_lines("一、甲", "1.乙", "附件", "任务清单", "一、丙"))
    assert nodes[-1].path == "一"
    assert nodes[-1].parent is not None and nodes[-1].parent.rank == 0
