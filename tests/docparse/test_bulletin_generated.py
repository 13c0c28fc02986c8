"""Bulletins Ducha itself generates read back: the 版头, 结束语, signature and 版记 stay out.

``render_text`` prints a ``BulletinDocument`` the way GB/T 9704 orders it: the 版头 (an official
bulletin's issuer and 文号, or a periodical's 刊名, 期号, issuer and date), the title, 主送, the
body, the 结束语, the signature with its date and the 版记 (抄送…, …印发). Reading that text
back must give the outline it was written from, with no frame line taken for the title or
appended to the last item's progress.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Masthead,
    Paragraph,
    Section,
    SubHeading,
)
from ducha.bulletins.render_text import render_text
from ducha.docparse.bulletin import Bulletin, parse_bulletin

ISSUER = "示例市人民政府政务督查室"
TITLE = "关于2026年5月—10月市政府常务会议议定事项落实情况的督查通报"
LAST_PROGRESS = "平台已完成招标,正在部署。\n下一步:年底前上线试运行。"
CLOSING = "请各责任单位对照督办要求,加快推进,确保按期办结。"
LAYOUTS = ["official", "periodical"]


def _sections() -> list[Section]:
    return [
        Section("一、已落实事项", blocks=[
            SubHeading("（一）2026年5月8日市政府第5次常务会议"),
            Item(1, "审议《示例市老旧小区改造实施方案》有关议定事项的落实情况。",
                 "（责任单位：市住建局、市财政局）",
                 [Paragraph("方案已于6月印发，首批12个小区已开工。")]),
            Item(2, "听取示例湖生态治理情况汇报有关议定事项的落实情况。",
                 "（责任单位：市生态环境局）",
                 [Paragraph("一是截污管网建成4.5公里。二是湖区水质稳定达到Ⅳ类。")]),
        ]),
        Section("二、正在推进事项", blocks=[
            SubHeading("（一）2026年7月3日市政府第7次常务会议"),
            Item(1, "审议《示例市智慧停车建设方案》有关议定事项的落实情况。",
                 "（责任单位：市城管局、示例交投（集团）公司）",
                 [Paragraph("平台已完成招标，正在部署。"), Paragraph("下一步：年底前上线试运行。")]),
        ]),
    ]


def _document(layout: str, **changes: object) -> BulletinDocument:
    """A two-section meetings bulletin of 示例市 with every part of the frame filled in."""
    fields: dict[str, object] = {
        "title": TITLE, "date": dt.date(2026, 11, 5), "layout": layout, "issuer": ISSUER,
        "doc_number": "示政督〔2026〕3号", "masthead": Masthead("政务督查", 3, 41),
        "addressees": "各县市区人民政府，市政府各部门：",
        "opening": [Paragraph("2026年5月—10月，市政府共召开6次常务会议并印发纪要。"
                              "市政府政务督查室进行了督办，现通报如下：")],
        "sections": _sections(),
        "closing": [Paragraph("请各责任单位对照督办要求，加快推进，确保按期办结。")],
        "signature": ISSUER, "cc": "市委办公室，市人大常委会办公室", "printer": ISSUER,
    }
    fields.update(changes)
    return BulletinDocument(**fields)  # type: ignore[arg-type]


def _read(document: BulletinDocument) -> Bulletin:
    bulletin = parse_bulletin(render_text(document))
    assert bulletin is not None
    return bulletin


def _last_progress(bulletin: Bulletin) -> str:
    return bulletin.sections[-1].meetings[-1].items[-1].progress


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_bulletin_reads_back_to_its_outline(layout: str) -> None:
    bulletin = _read(_document(layout))
    assert bulletin.title == TITLE
    assert [(s.status, s.heading) for s in bulletin.sections] == [
        ("done", "已落实事项"), ("in_progress", "正在推进事项")]
    meetings = [m for s in bulletin.sections for m in s.meetings]
    assert [(m.date, m.number) for m in meetings] == [("2026-05-08", 5), ("2026-07-03", 7)]
    items = [(i.number, i.title[:6], i.units) for m in meetings for i in m.items]
    assert items == [("1", "审议《示例市", ["市住建局", "市财政局"]),
                     ("2", "听取示例湖生", ["市生态环境局"]),
                     ("1", "审议《示例市", ["市城管局", "示例交投(集团)公司"])]
    assert bulletin.opening.startswith("各县市区人民政府,市政府各部门:\n2026年5月")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_closing_signature_and_imprint_are_not_progress(layout: str) -> None:
    bulletin = _read(_document(layout))
    assert _last_progress(bulletin) == LAST_PROGRESS
    assert bulletin.closing == CLOSING


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("changes", [
    {"closing": []},
    {"closing": [], "signature": ""},
    {"cc": "", "printer": ""},
    {"closing": [], "cc": "", "printer": "", "signature": ""},
    {"closing": [Paragraph("联系人及电话：张三，0000-1234567")]},
], ids=["no-closing", "no-signature", "no-imprint", "bare", "contact"])
def test_last_progress_ends_whichever_frame_parts_are_printed(
        layout: str, changes: dict[str, object]) -> None:
    bulletin = _read(_document(layout, **changes))
    assert bulletin.title == TITLE
    assert _last_progress(bulletin) == LAST_PROGRESS


def test_several_closing_paragraphs_are_kept_together() -> None:
    closing = [Paragraph("各责任单位要对照督办要求，加快推进。"), Paragraph("特此通报。")]
    bulletin = _read(_document("official", closing=closing))
    assert _last_progress(bulletin) == LAST_PROGRESS
    assert bulletin.closing == "各责任单位要对照督办要求,加快推进。\n特此通报。"


def test_head_printed_as_a_red_header_file() -> None:
    bulletin = _read(_document("official", issuer=f"{ISSUER}文件"))
    assert bulletin.title == TITLE


def test_progress_that_reads_like_a_name_or_a_plan_stays_progress() -> None:
    """Only what stands in the frame's place and shape is cut: a unit's last words stay."""
    sections = _sections()
    last = sections[-1].blocks[-1]
    assert isinstance(last, Item)
    last.paragraphs = [Paragraph("已召开工作推进会"), Paragraph("各县市区已完成摸底。")]
    bulletin = _read(_document("official", sections=sections, closing=[], signature=""))
    assert _last_progress(bulletin) == "已召开工作推进会\n各县市区已完成摸底。"


def test_signature_date_dates_meetings_printed_without_a_year() -> None:
    sections = _sections()
    sections[0].blocks[0] = SubHeading("（一）市政府第5次常务会议（5月8日）")
    opening = [Paragraph("市政府政务督查室对常务会议议定事项进行了督办，现通报如下：")]
    bulletin = _read(_document("official", sections=sections, opening=opening,
                               title="关于市政府常务会议议定事项落实情况的督查通报"))
    meeting = bulletin.sections[0].meetings[0]
    assert (meeting.date, meeting.number) == ("2026-05-08", 5)
