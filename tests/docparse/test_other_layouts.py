"""Layouts other cities print that the seeds do not show, in text we write (a fictional 示例市).

Each test names one grammar rule: keys printed bare after the sentence or one per line, the
prose of executive-meeting minutes, a bulletin whose items carry bare unit brackets and number
straight through its sections, and tables that print a status or a 分解表 title.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as WordDocument

from ducha.docparse.annotations import parse_annotation, prose_form
from ducha.docparse.bulletin import parse_bulletin
from ducha.docparse.bulletin_text import split_annotation
from ducha.docparse.minutes import minutes_meeting
from ducha.docparse.model import Document, Line
from ducha.docparse.parse import parse_file, parse_text
from ducha.docparse.tasks import extract_tasks


def _tasks(*texts: str, kind: str = "policy") -> list:
    body = [Line(number, text) for number, text in enumerate(texts, start=1)]
    return extract_tasks(Document(kind=kind, body=body))


def _word_table(tmp_path: Path, title: str, rows: list[tuple[str, ...]],
                after: tuple[str, ...] = ()) -> Path:
    """A .docx of a title, one table and the paragraphs ``after`` it."""
    word = WordDocument()
    word.add_paragraph(title)
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    for text in after:
        word.add_paragraph(text)
    path = tmp_path / "table.docx"
    word.save(str(path))
    return path


def test_keys_after_the_sentence_without_a_bracket_annotate_the_item() -> None:
    (task,) = _tasks("一、稳增长", "2.工业增加值增长8%。牵头单位:甲局;责任单位:乙局、丙局;完成时限:12月底")
    assert (task.number, task.title) == ("2.", "工业增加值增长8%")
    assert (task.lead_units, task.responsible_units) == (["甲局"], ["乙局", "丙局"])
    assert task.deadline == "12月底"


def test_keys_in_running_prose_are_no_tail() -> None:
    assert parse_annotation("各地要明确牵头单位:由甲局负责协调") is None


def test_keys_one_per_line_make_one_task() -> None:
    (task,) = _tasks("一、稳增长", "1.产值增长6%左右。", "牵头单位:甲局", "责任单位:乙局,丙区政府",
                     "完成时限:2030年12月底")
    assert (task.lead_units, task.responsible_units) == (["甲局"], ["乙局", "丙区政府"])
    assert task.deadline == "2030年12月底"
    assert task.title == "产值增长6%左右"
    assert task.text.splitlines()[-1] == "完成时限:2030年12月底"


def test_a_keyed_line_below_a_bracket_annotation_adds_to_that_task() -> None:
    tasks = _tasks("一、降成本", "4.降低用电成本。(责任单位:甲局)", "完成时限:9月底前",
                   "5.降低物流成本。(责任单位:乙局)")
    assert [(t.number, t.responsible_units, t.deadline) for t in tasks] == [
        ("4.", ["甲局"], "9月底前"), ("5.", ["乙局"], None)]


def test_a_deadline_line_above_the_units_is_kept_for_the_task() -> None:
    (task,) = _tasks("一、降成本", "(一)降低用电成本", "完成时限:9月底前", "责任单位:甲局")
    assert (task.responsible_units, task.deadline) == (["甲局"], "9月底前")


def test_minutes_assign_decided_items_in_prose() -> None:
    tasks = _tasks(
        "一、关于垃圾分类工作",
        "会议听取了甲市城管局关于垃圾分类工作的汇报。",
        "(一)由甲市城管局牵头,甲市财政局、各区人民政府配合,年底前实现全覆盖。",
        "(二)甲市财政局要统筹安排专项资金,9月底前下达到位。",
        "二、关于重大项目建设",
        "会议原则通过《方案》。会议要求,甲市发展改革委要抓紧修改完善后印发。",
        kind="meeting_minutes")
    assert [(t.number, t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        ("(一)", ["甲市城管局"], ["甲市财政局", "各区人民政府"], "年底前"),
        ("(二)", ["甲市财政局"], [], "9月底前"),
        ("二、", ["甲市发展改革委"], [], None),
    ]


def test_prose_that_names_no_unit_assigns_nothing() -> None:
    assert prose_form("由各地负责组织实施。") is None
    assert prose_form("会议要求,各方面要形成合力。") is None


def test_prose_outside_minutes_is_a_standing_arrangement_not_a_task() -> None:
    assert _tasks("一、组织机构", "(一)保障组:由甲局牵头,乙局、丙局等单位参加。") == []


_BULLETIN = """关于示例市重点工作落实情况的督查通报
各区人民政府,市政府各部门:
现将有关情况通报如下:
一、已办结事项(1项)
1.主干道改造工程。(甲局)
已全面完工。
二、正在推进事项(2项)
2.新建城市公园。(乙局、各区人民政府)
已开工8个。
3.印发停车管理办法(试行)。(丁局)
三、进展滞后事项(1项)
4.老旧小区改造。(丙局)
仅完成45%。
示例市政府督查室
2030年10月12日
"""


def test_bulletin_items_with_bare_unit_brackets_numbered_straight_through() -> None:
    bulletin = parse_bulletin(_BULLETIN)
    assert bulletin is not None
    items = [(s.status, i.number, i.title, i.units) for s in bulletin.sections
             for m in s.meetings for i in m.items]
    assert items == [
        ("done", "1", "主干道改造工程。", ["甲局"]),
        ("in_progress", "2", "新建城市公园。", ["乙局", "各区人民政府"]),
        ("in_progress", "3", "印发停车管理办法(试行)。", ["丁局"]),
        ("lagging", "4", "老旧小区改造。", ["丙局"]),
    ]


def test_a_bracket_that_names_no_unit_is_part_of_the_title() -> None:
    assert split_annotation("印发实施办法(试行)") == ("印发实施办法(试行)", None)
    assert split_annotation("完成投资(3.5亿元)") == ("完成投资(3.5亿元)", None)
    assert split_annotation("实现雨污分流(全市)") == ("实现雨污分流(全市)", None)


def test_a_status_column_gives_a_word_table_its_bulletin_sections(tmp_path: Path) -> None:
    path = _word_table(tmp_path, "关于示例市督办事项办理情况的通报", [
        ("序号", "督办事项", "责任单位", "办理情况", "办理状态"),
        ("1", "建设停车场", "甲局", "已建成5处。", "已办结"),
        ("2", "改造农贸市场", "乙局、丙区政府", "完成3个。", "正在推进"),
        ("3", "建设口袋公园", "丁局", "已建成2个。", "已办结")])
    (document,) = parse_file(path)
    sections = document.bulletin["sections"]
    assert [(s["status"], s["heading"]) for s in sections] == [
        ("done", "已办结事项"), ("in_progress", "正在推进事项")]
    done = sections[0]["meetings"][0]["items"]
    assert [(i["number"], i["title"], i["units"], i["progress"]) for i in done] == [
        ("1", "建设停车场", ["甲局"], "已建成5处。"), ("3", "建设口袋公园", ["丁局"], "已建成2个。")]
    assert [t.title for t in document.tasks] == ["建设停车场", "建设口袋公园", "改造农贸市场"]


def test_a_decomposition_table_titled_as_a_table_is_a_policy() -> None:
    (document,) = parse_text("示例区2030年民生实事项目责任分解表\n1.改造小区(牵头单位:甲局)\n")
    assert (document.title, document.kind) == ("示例区2030年民生实事项目责任分解表", "policy")
    assert document.tasks[0].lead_units == ["甲局"]


def test_an_annotation_is_no_part_of_a_title() -> None:
    (task,) = _tasks("一、民生", "1.加快农贸市场改造(责任单位:甲局)")
    assert task.title == "加快农贸市场改造"


def test_a_unit_marked_lead_in_the_responsible_list_leads() -> None:
    tasks = _tasks("一、抓发展", "(一)产值增长7%左右。责任单位:甲局(牵头),乙局,各区人民政府。",
                   "(二)投资增长10%。(责任单位:丙局〔牵头〕、丁局)")
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [
        (["甲局"], ["乙局", "各区人民政府"]), (["丙局"], ["丁局"])]
    assert split_annotation("审议方案。(责任单位:甲局(牵头)、乙局)")[1] == ["甲局", "乙局"]


def test_the_short_form_printed_bare_after_the_sentence() -> None:
    (task,) = _tasks("一、抓发展", "(三)消费品零售总额增长8%。甲市商务局牵头,甲市统计局配合。")
    assert (task.lead_units, task.responsible_units) == (["甲市商务局"], ["甲市统计局"])
    assert _tasks("一、抓发展", "(三)坚持党委领导、政府牵头。") == []


def test_an_item_whose_annotation_went_below_its_line_is_no_section_heading() -> None:
    (task,) = _tasks("一、抓发展", "(四)利用外资2亿美元。", "责任单位:甲局", "配合单位:乙局")
    assert (task.chapter, task.section, task.title) == ("一、抓发展", None, "利用外资2亿美元")
    assert task.responsible_units == ["甲局", "乙局"]


def test_minutes_name_the_meeting_with_its_date_before_or_after_the_number() -> None:
    def meeting(opening: str) -> dict | None:
        return minutes_meeting(Document(title="示例市人民政府常务会议纪要", body=[Line(1, opening)]))
    assert meeting("2030年6月16日上午,市长主持召开市政府第十二次常务会议,研究了以下事项。") == {
        "heading": "2030年6月16日市政府第十二次常务会议", "date": "2030-06-16", "number": 12,
        "kind": "executive"}
    assert meeting("市政府第5次常务会议于2030年3月2日召开。") == {
        "heading": "市政府第5次常务会议", "date": "2030-03-02", "number": 5, "kind": "executive"}
    assert meeting("2030年2月30日召开市政府第3次常务会议。")["date"] is None
    assert meeting("现将会议议定事项纪要如下:") is None


def test_short_forms_in_other_brackets_with_a_deadline_or_no_lead() -> None:
    tasks = _tasks("一、稳增长",
                   "1.培育企业30家。〔甲市工信局牵头,甲市科技局配合;长期坚持〕",
                   "2.培育企业30家。(甲市工信局牵头,甲市科技局配合,2030年6月底前)",
                   "3.开展以旧换新。(甲市商务局、甲市财政局按职责分工负责)",
                   "4.开展以旧换新。(各地负责)")
    assert [(t.number, t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        ("1.", ["甲市工信局"], ["甲市科技局"], "长期坚持"),
        ("2.", ["甲市工信局"], ["甲市科技局"], "2030年6月底前"),
        ("3.", [], ["甲市商务局", "甲市财政局"], None),
    ]


def test_short_keys_for_deadline_and_leaders() -> None:
    (task,) = _tasks("一、促消费", "(3)打造集聚区3个。(责任单位:甲局;时限:2030年10月底;牵头市领导:王某)")
    assert (task.responsible_units, task.deadline, task.lead_leaders) == (
        ["甲局"], "2030年10月底", ["王某"])


def test_annotations_opening_an_item_are_no_part_of_its_title() -> None:
    tasks = _tasks("一、教育",
                   "1.【牵头单位:乙区教育局;责任单位:乙区财政局】新建学校3所。完成时限:2030年8月底前。",
                   "2.(乙区卫健局牵头,乙区医保局配合)建成服务中心2个。",
                   "3.〔牵头区领导:钱某〕〔牵头单位:乙区市场监管局〕改造农贸市场5个。")
    assert [(t.title, t.lead_units, t.deadline) for t in tasks] == [
        ("新建学校3所", ["乙区教育局"], "2030年8月底前"),
        ("建成服务中心2个", ["乙区卫健局"], None),
        ("改造农贸市场5个", ["乙区市场监管局"], None),
    ]
    assert tasks[2].lead_leaders == ["钱某"]


def test_minutes_prose_in_other_wordings() -> None:
    tasks = _tasks(
        "一、关于城市更新",
        "1.原则通过《方案》,由甲市住房和城乡建设局根据会议意见修改完善后印发。",
        "二、关于示例河治理",
        "会议同意立项。请甲市水利局牵头,甲市生态环境局配合,力争8月底前开工。",
        "三、关于安全生产",
        "会议强调,各地各部门要绷紧安全生产这根弦。甲市应急管理局要会同市有关部门开展排查。",
        "四、关于植树",
        "会议要求,甲市林业局牵头,各区人民政府配合,4月底前完成。",
        kind="meeting_minutes")
    assert [(t.number, t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        ("1.", ["甲市住房和城乡建设局"], [], None),
        ("二、", ["甲市水利局"], ["甲市生态环境局"], "8月底前"),
        ("三、", ["甲市应急管理局"], [], None),
        ("四、", ["甲市林业局"], ["各区人民政府"], "4月底前"),
    ]


def test_a_note_naming_units_as_responsible_for_all_later_items() -> None:
    tasks = _tasks("一、基层治理", "(以下各项任务,各街道办事处均为责任单位,不再单独列出)",
                   "1.建设便民服务站10个。(牵头单位:甲局)")
    assert tasks[0].implicit_responsible_units == ["各街道办事处"]


_BULLETIN_LAYOUTS = """关于示例县重点项目推进情况的督查通报
现将有关情况通报如下:
一、进展滞后事项(2项)
(一)城东污水处理厂建设项目。(县住建局、城关镇)
目前仅完成60%。
(二)农村黑臭水体治理。(县生态环境局)
已完成排查。
二、未启动事项(1项)
1.城西供水厂建设项目。(县水利局)尚未开工。
2.建设人才公寓。(县工商联、县科协)已完成选址。
三、已完成事项
3.关于供水管网改造事项
责任单位:示例水务集团
进展情况:已完成改造12公里。
4.关于路灯改造事项
责任单位:县城管局
进展情况:已全部完工。
"""


def test_bulletin_items_numbered_by_section_with_progress_on_their_line() -> None:
    bulletin = parse_bulletin(_BULLETIN_LAYOUTS)
    assert bulletin is not None
    assert [(s.status, i.number, i.title, i.units, i.progress) for s in bulletin.sections
            for m in s.meetings for i in m.items] == [
        ("lagging", "1", "城东污水处理厂建设项目。", ["县住建局", "城关镇"], "目前仅完成60%。"),
        ("lagging", "2", "农村黑臭水体治理。", ["县生态环境局"], "已完成排查。"),
        ("not_done", "1", "城西供水厂建设项目。", ["县水利局"], "尚未开工。"),
        ("not_done", "2", "建设人才公寓。", ["县工商联", "县科协"], "已完成选址。"),
        ("done", "3", "关于供水管网改造事项", ["示例水务集团"], "进展情况:已完成改造12公里。"),
        ("done", "4", "关于路灯改造事项", ["县城管局"], "进展情况:已全部完工。"),
    ]


def test_status_words_other_offices_print() -> None:
    from ducha.docparse.vocab import status_from_label
    assert [status_from_label(w) for w in ("未启动", "序时推进", "按计划推进", "未按期完成")] == [
        "not_done", "in_progress", "in_progress", "not_done"]


def test_a_word_task_table_with_merged_cells_leaders_and_units_one_per_line(
        tmp_path: Path) -> None:
    word = WordDocument()
    word.add_paragraph("示例市2030年重点任务分解表")
    rows = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "牵头市领导"],
            ["一、扩大投资"] * 6,
            ["1", "新开工项目100个", "甲局", "各区人民政府", "12月底", "王某"],
            ["2", "争取国债项目20个", "甲局", "乙局", "10月底前", "王某"],
            ["3", "改造小区120个", "丙局", "丁局\n各区人民政府", "11月底前", "赵某"]]
    table = word.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text if r != 1 or c == 0 else ""
    table.cell(1, 0).merge(table.cell(1, 5)).text = "一、扩大投资"
    for column in (2, 5):  # 甲局 and 王某 printed once for rows 1 and 2
        table.cell(3, column).text = ""
        table.cell(2, column).merge(table.cell(3, column)).text = rows[2][column]
    word.add_paragraph("注:各县(市、区)人民政府为所有任务的责任单位,不再一一列出。")
    path = tmp_path / "table.docx"
    word.save(str(path))
    (document,) = parse_file(path)
    assert [(t.number, t.chapter, t.title, t.lead_units, t.responsible_units, t.lead_leaders)
            for t in document.tasks] == [
        ("1.", "一、扩大投资", "新开工项目100个", ["甲局"], ["各区人民政府"], ["王某"]),
        ("2.", "一、扩大投资", "争取国债项目20个", ["甲局"], ["乙局"], ["王某"]),
        ("3.", "一、扩大投资", "改造小区120个", ["丙局"], ["丁局", "各区人民政府"], ["赵某"]),
    ]
    assert {tuple(t.implicit_responsible_units) for t in document.tasks} == {("各县(市、区)人民政府",)}


def test_a_supervision_notice_is_one_task_named_by_its_matter() -> None:
    (document,) = parse_text(
        "示例市人民政府督查室\n督办通知单\n示督办〔2030〕27号\n甲局、乙局、丙区人民政府:\n"
        "近期市民反映路口拥堵严重。现将有关事项督办如下:\n督办事项:示例大道路口拥堵综合治理\n"
        "承办单位:甲局(牵头),乙局、丙区人民政府(配合)\n办理时限:2030年8月20日前将办理情况书面报送\n"
        "示例市人民政府督查室\n2030年7月30日\n")
    assert (document.kind, document.doc_number) == ("instruction", "示督办〔2030〕27号")
    (task,) = document.tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == (
        "示例大道路口拥堵综合治理", ["甲局"], ["乙局", "丙区人民政府"], "2030年8月20日前")


def test_a_unit_line_ending_in_a_government_is_no_signature() -> None:
    bulletin = parse_bulletin("关于议定事项落实情况的通报\n一、正在办理事项\n1.关于园区污水处理事项\n"
                              "责任单位:甲局、乙县人民政府\n进展情况:尚未开工。\n")
    assert bulletin is not None
    (item,) = bulletin.sections[0].meetings[0].items
    assert (item.title, item.units) == ("关于园区污水处理事项", ["甲局", "乙县人民政府"])


def test_a_gazette_contents_entry_is_no_title() -> None:
    documents = parse_text(
        "示例市人民政府公报\n目录\n"
        "示例市人民政府关于印发若干措施的通知(示政发〔2030〕4号)……………(2)\n"
        "示例市人民政府关于印发若干措施的通知\n示政发〔2030〕4号\n各区人民政府:\n现印发给你们。\n"
        "示例市人民政府\n2030年2月26日\n")
    assert [(d.title, d.kind) for d in documents] == [("示例市人民政府关于印发若干措施的通知", "policy")]


@pytest.mark.parametrize(("text", "title", "date"), [
    ("督查通报\n2030年第6期\n示例市人民政府督查室 2030年9月10日\n关于议定事项落实情况的通报\n"
     "一、已办结事项\n1.建设停车场。(甲局)\n已建成。\n", "关于议定事项落实情况的通报", "2030-09-10"),
    # with an addressee line under the title, the masthead still signs the document
    ("督查通报\n第5期\n示例市人民政府督查室 2030年8月12日\n关于重点事项办理情况的通报\n"
     "各区人民政府,市直各单位:\n一、正在办理事项\n1.疏港铁路建设。(乙局)\n", "关于重点事项办理情况的通报",
     "2030-08-12"),
])
def test_a_masthead_is_no_title_but_gives_issuer_and_date(text: str, title: str, date: str) -> None:
    (document,) = parse_text(text)
    assert (document.title, document.issuer, document.date) == (title, "示例市人民政府督查室", date)


def test_a_web_page_breadcrumb_and_header_table_keys_on_their_own_lines() -> None:
    (document,) = parse_text("首页 > 政务公开 > 文件\n文号:\n乙政办发〔2030〕6号\n成文日期:\n2030年03月08日\n"
                             "乙区人民政府办公室关于印发任务清单的通知\n1.推行网办。(牵头单位:甲局)\n")
    assert (document.title, document.doc_number, document.issuer, document.date) == (
        "乙区人民政府办公室关于印发任务清单的通知", "乙政办发〔2030〕6号", "乙区人民政府办公室",
        "2030-03-08")


def test_totals_read_from_a_count_the_statuses_add_up_to() -> None:
    bulletin = parse_bulletin("关于重点工作推进情况的督查通报\n"
                              "我局承担重点工作6项,截至6月底,已完成2项,正在推进3项,进展滞后1项。\n")
    assert bulletin is not None and bulletin.totals.total == 6


def test_a_regulation_style_outline_of_parts_chapters_and_articles() -> None:
    tasks = _tasks("第一部分 主要目标", "1.产值增长6%。(牵头单位:甲局)", "第二部分 重点任务", "第一章 产业发展",
                   "第一条 新增企业20家。(牵头单位:乙局;责任单位:各乡镇)",
                   "第二条 新改建农村公路80公里。丙局牵头,各乡镇人民政府负责,年底前完成。")
    assert [(t.number, t.chapter, t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        ("1.", "第一部分主要目标", ["甲局"], [], None),
        ("第一条", "第一章产业发展", ["乙局"], ["各乡镇"], None),
        ("第二条", "第一章产业发展", ["丙局"], ["各乡镇人民政府"], "年底前完成"),
    ]
    assert tasks[1].outline_path == "第一章.第一条"


def test_keys_towns_and_supervision_notices_print() -> None:
    tasks = _tasks("一、整治",
                   "1.植树800亩。(责任站所:镇农业综合服务中心;包抓领导:陈某)",
                   "2.改造道路。(责任单位:甲局;办结时限:2030年9月30日前;责任人:周某)",
                   "3.改造道路。(责任单位:甲局牵头,乙局、丙局配合)",
                   "4.改造道路。(丁局牵头,戊局配合,副县长钱某负责)",
                   "5.整改扬尘问题。挂牌督办单位:己局;整改时限:2030年9月30日前。")
    assert [(t.lead_units, t.responsible_units, t.lead_leaders, t.deadline) for t in tasks] == [
        ([], ["镇农业综合服务中心"], ["陈某"], None),
        ([], ["甲局"], [], "2030年9月30日前"),
        (["甲局"], ["乙局", "丙局"], [], None),
        (["丁局"], ["戊局"], ["副县长钱某"], None),
        (["己局"], [], [], "2030年9月30日前"),
    ]


def test_a_leader_named_on_a_heading_goes_to_the_items_below() -> None:
    tasks = _tasks("一、推动发展(牵头区领导:区长周某)", "(一)工业增长8%。(牵头单位:甲局)",
                   "二、增进民生", "牵头区领导:副区长吴某", "(一)新增就业4000人。(牵头单位:乙局)")
    assert [(t.chapter, t.lead_leaders) for t in tasks] == [
        ("一、推动发展", ["区长周某"]), ("二、增进民生", ["副区长吴某"])]


def test_minutes_deadlines_in_the_prose_of_a_bracketed_item() -> None:
    tasks = _tasks("一、关于项目建设", "1.力争5月底前开工。(责任单位:甲局、乙局)",
                   "2.乙局要每季度向市政府报告进展。", "列席:甲局、乙局负责同志", kind="meeting_minutes")
    assert [(t.lead_units or t.responsible_units, t.deadline) for t in tasks] == [
        (["甲局", "乙局"], "5月底前"), (["乙局"], "每季度")]


@pytest.mark.parametrize(("text", "expected"), [
    # a leader's instruction slip is named by the letter it forwards
    ("示例市人民政府督查室\n领导批示件交办单\n示督交〔2030〕45号\n来文标题:关于示例河水质异常的情况反映\n"
     "来文单位:甲局\n承办单位:甲局(主办),乙局、丙县人民政府(协办)\n"
     "办理要求:请于2030年6月10日前将办理情况书面报送市政府督查室。\n示例市人民政府督查室\n2030年6月4日\n",
     ("关于示例河水质异常的情况反映", ["甲局"], ["乙局", "丙县人民政府"], "2030年6月10日前")),
    # a hotline notice: its hosts, its matter and the date its request names
    ("示例市12345热线督办单\n示热督〔2030〕356号\n工单编号:203006180123\n承办单位:乙区人民政府\n"
     "协办单位:甲局\n诉求内容:市民反映小区门前长期占道经营。\n"
     "督办要求:请承办单位高度重视,于2030年6月25日前办结并反馈。\n示例市12345热线办公室\n2030年6月20日\n",
     ("市民反映小区门前长期占道经营", ["乙区人民政府"], ["甲局"], "2030年6月25日前")),
])
def test_a_notice_is_one_task_named_by_its_matter(text: str, expected: tuple) -> None:
    (document,) = parse_text(text)
    (task,) = document.tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == expected


_LIGHTS = """关于示例县重点项目推进情况的通报
全县共确定重点项目30个,截至6月底,绿灯项目20个,黄灯项目7个,红灯项目3个。
一、绿灯项目(按序时进度推进,20个)
1.标准厂房项目。(县工信局)
已完成投资2.1亿元。
二、黄灯项目(7个)
2.雨污分流改造项目。(县住建局)
滞后序时进度15个百分点。
三、红灯项目
3.物流园区项目。(县商务局)
尚未开工。
四、存在的问题
(一)要素保障不足。部分项目用地未落实。
(二)推进力度不够。(县发改局)
五、下步要求
(一)各责任单位要倒排工期。
"""


def test_traffic_light_bulletins_problems_found_and_closing_requirements() -> None:
    bulletin = parse_bulletin(_LIGHTS)
    assert bulletin is not None
    assert (bulletin.totals.total, bulletin.totals.by_status) == (30, {"绿灯": 20, "黄灯": 7, "红灯": 3})
    assert [(s.status, [i.title for m in s.meetings for i in m.items]) for s in bulletin.sections] == [
        ("in_progress", ["标准厂房项目。"]), ("lagging", ["雨污分流改造项目。"]),
        ("problem", ["物流园区项目。"]),
        ("problem", ["要素保障不足。部分项目用地未落实。", "推进力度不够。"]),
    ]
    assert [r.heading for r in bulletin.recommendations] == ["各责任单位要倒排工期"]


def test_a_project_table_names_each_task_by_its_project(tmp_path: Path) -> None:
    word = WordDocument()
    word.add_paragraph("甲县2030年重点项目建设计划表")
    rows = [["序号", "项目名称", "建设内容", "总投资(万元)", "责任单位", "责任人"],
            ["1", "城东标准厂房项目", "新建厂房12万平方米", "45000", "县工信局", "局长周某"]]
    table = word.add_table(rows=2, cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "projects.docx"
    word.save(str(path))
    (task,) = parse_file(path)[0].tasks
    assert (task.title, task.responsible_units) == ("城东标准厂房项目", ["县工信局"])
    assert task.text == ("城东标准厂房项目。建设内容:新建厂房12万平方米;总投资(万元):45000"
                         "(责任单位:县工信局;责任人:局长周某)")


def test_minutes_that_report_or_appraise_assign_nothing() -> None:
    assert _tasks("一、其他", "会议肯定了甲局要素保障工作。",
                  "会议指出,由乙中心负责的交易平台运行总体平稳。",
                  "会议听取了丙局关于保障房建设的汇报。会议认为,由丙局牵头的保障房工作成效明显。",
                  "列席:甲局、乙局负责同志", kind="meeting_minutes") == []


def test_regulations_plans_and_summaries_hold_no_keyless_tasks() -> None:
    def tasks_of(title: str, *lines: str) -> list:
        body = [Line(n, text) for n, text in enumerate(lines, start=1)]
        return extract_tasks(Document(title=title, kind="policy", body=body))
    assert tasks_of("示例市政府投资项目管理办法", "第一章 总则",
                    "第三条 甲委负责综合管理。乙局牵头,丙局配合。") == []
    assert tasks_of("示例县防汛应急预案", "(3)转移安置组。丁局牵头,戊局、己局配合。") == []
    assert tasks_of("关于印发《示例县防汛应急预案(修订)》的通知",
                    "(3)转移安置组。丁局牵头,戊局、己局配合。") == []
    assert tasks_of("示例市2030年工作总结", "(一)营商环境优化。出台措施30条。甲委牵头,乙局配合。") == []
    assert tasks_of("关于举办统计业务培训班的通知", "一、组织机构", "承办单位:示例技师学院",
                    "(二)数据质量管理(甲局负责)。") == []
    (task,) = tasks_of("示例县防汛应急预案", "1.修订预案。(牵头单位:丁局)")  # keyed still counts
    assert task.lead_units == ["丁局"]


def test_words_that_are_no_units_assign_nothing() -> None:
    assert _tasks("一、整治", "4.建立保洁制度。(各地牵头,相关方面配合)", "5.开展创建。(妇联系统牵头)") == []
    (task,) = _tasks("一、整治", "6.清理垃圾。(甲局牵头,乙局、丙局等配合)")
    assert task.responsible_units == ["乙局", "丙局等"]


def test_bulletin_lists_starting_past_one_and_problems_without_units() -> None:
    bulletin = parse_bulletin("关于重点工作落实情况的督查通报\n一、正在推进事项\n5.农贸市场改造。(甲局)\n已完成。\n"
                              "6.智慧城市建设。(乙局)\n已完成一期。\n二、存在的问题\n(一)民间投资增长乏力。\n"
                              "(二)项目储备不足。(丙委)\n(1)储备项目仅12个。\n")
    assert bulletin is not None
    assert [(i.number, i.units) for s in bulletin.sections for m in s.meetings for i in m.items] == [
        ("5", ["甲局"]), ("6", ["乙局"]), ("1", []), ("2", ["丙委"])]
    assert bulletin.sections[1].meetings[0].items[1].progress == "(1)储备项目仅12个。"


def test_a_work_summary_is_no_bulletin() -> None:
    (document,) = parse_text("示例市2030年工作总结\n一、已完成事项\n1.建成停车场。(甲局)\n已建成5处。\n")
    assert (document.title, document.bulletin, document.kind) == ("示例市2030年工作总结", None, "other")


def test_a_label_and_value_table_is_one_task(tmp_path: Path) -> None:
    (document,) = parse_file(_write(tmp_path, "page.html",
        "<html><body><h1>乙区城管任务清单</h1><table>"
        "<tr><td>任务名称</td><td>新建口袋公园8个</td></tr>"
        "<tr><td>牵头单位</td><td>甲局</td><td>配合单位</td><td>乙局</td></tr>"
        "<tr><td>完成时限</td><td>2030年10月底前</td></tr></table></body></html>"))
    (task,) = document.tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == (
        "新建口袋公园8个", ["甲局"], ["乙局"], "2030年10月底前")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_schedule_line_gives_its_date_and_a_value_stops_before_the_next_key() -> None:
    tasks = _tasks("一、清单", "1.学校扩容工程", "牵头单位:甲局", "序时进度:8月底前投入使用。",
                   "2.疏港铁路建设。责任单位:乙局;完成时限:2030年6月30日。备注:已完成60%。")
    assert [(t.title, t.deadline) for t in tasks] == [
        ("学校扩容工程", "8月底前"), ("疏港铁路建设", "2030年6月30日")]
    bulletin = parse_bulletin("关于重点事项的通报\n一、正在办理事项\n"
                              "1.疏港铁路建设。责任单位:乙局。办理进展:已完成60%。\n")
    assert bulletin is not None
    (item,) = bulletin.sections[0].meetings[0].items
    assert (item.units, item.progress) == (["乙局"], "办理进展:已完成60%。")


def test_review_cases_leaders_and_keys_around_an_item() -> None:
    tasks = _tasks("一、发展", "1.加快发展。", "牵头单位:甲委", "牵头领导:张副市长",
                   "2.加快转型。完成时限:8月底前", "牵头单位:乙局",
                   "3.扩大投资。", "牵头单位:丙局", "责任人:周某", "完成时限:9月底前")
    assert [(t.lead_units, t.lead_leaders, t.deadline) for t in tasks] == [
        (["甲委"], ["张副市长"], None), (["乙局"], [], "8月底前"), (["丙局"], [], "9月底前")]


def test_review_cases_values_before_keys_and_requests_without_dates() -> None:
    (first, second) = _tasks("一、整治", "1.整治。(牵头单位:甲局督办时限:8月底前)",
                             "2.整治。(责任单位:乙局;办理要求:请认真研究办理并及时反馈)")
    assert first.lead_units == ["甲局"] and first.deadline == "8月底前"
    assert (second.responsible_units, second.deadline) == (["乙局"], None)


def test_review_cases_a_plan_about_training_is_no_event_notice() -> None:
    body = [Line(1, "1.建设实训基地。(甲局牵头,乙局配合)")]
    (task,) = extract_tasks(Document(title="关于做好2030年职业技能培训工作的实施方案", kind="policy",
                                     body=body))
    assert task.lead_units == ["甲局"]


def test_review_cases_a_header_table_with_short_cells_is_a_task_table(tmp_path: Path) -> None:
    word = WordDocument()
    table = word.add_table(rows=2, cols=4)
    for r, row in enumerate([["任务", "牵头单位", "责任单位", "完成时限"], ["新建公园", "甲局", "乙局", "6月底"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "short.docx"
    word.save(str(path))
    (task,) = parse_file(path)[0].tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == (
        "新建公园", ["甲局"], ["乙局"], "6月底")


def test_review_cases_minutes_titled_with_their_number_take_the_opening_date() -> None:
    meeting = minutes_meeting(Document(title="示例市人民政府第12次常务会议纪要",
                                       body=[Line(1, "2030年6月16日,市长主持召开市政府第12次常务会议。")]))
    assert meeting is not None and (meeting["date"], meeting["number"]) == ("2030-06-16", 12)
    assert _tasks("一、就业", "全社会要形成合力。甲局要确保每年新增就业1万人。", kind="meeting_minutes")[0
                  ].deadline is None


def test_a_closing_note_gives_its_deadline_to_the_tasks_above_without_one() -> None:
    tasks = _tasks("一、环境", "1.落实清单制度。(责任单位:甲委)", "2.整治扬尘。(责任单位:乙局;完成时限:6月底前)",
                   "以上任务均需于2030年12月底前完成。")
    assert [t.deadline for t in tasks] == ["2030年12月底前", "6月底前"]
    assert _tasks("一、环境", "1.落实清单制度。(责任单位:甲委)", "以上任务均需提前完成。")[0].deadline is None


def test_a_notice_keeps_its_host_line_and_a_page_drops_its_site_footer() -> None:
    notice = ("关于交办市人大代表建议的通知\n甲市住建局:\n现将代表提出的建议交你单位办理。\n"
              "建议内容:加快老旧小区改造\n主办单位:甲市住建局\n协办单位:甲市财政局\n"
              "办理时限:2030年8月31日前\n甲市人民政府办公室\n2030年3月1日")
    (task,) = parse_text(notice)[0].tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == (
        "加快老旧小区改造", ["甲市住建局"], ["甲市财政局"], "2030年8月31日前")
    page = ("关于做好防汛工作的通知\n字号:大 中 小\n各区人民政府:\n请做好防汛工作。\n"
            "甲市人民政府办公室\n2030年5月1日\n打印本页 关闭窗口\n主办单位:甲市人民政府办公室")
    (document,) = parse_text(page)
    assert "主办单位" not in "\n".join(line.text for line in document.body)


def test_a_document_that_skips_the_second_level_has_its_numbered_headings_as_sections() -> None:
    tasks = _tasks("一、扩大有效投资", "1.推进重大项目建设", "①新开工项目100个。(牵头单位:甲局)",
                   "2.加强要素保障", "①新增建设用地1万亩。(牵头单位:乙局)",
                   "二、促进消费", "(一)培育消费热点", "1.举办消费季活动。(牵头单位:丙局)",
                   "三、稳就业", "1.新增就业1万人。(牵头单位:丁局)")
    assert [(t.number, t.chapter, t.section) for t in tasks] == [
        ("①", "一、扩大有效投资", "1.推进重大项目建设"),
        ("①", "一、扩大有效投资", "2.加强要素保障"),
        ("1.", "二、促进消费", "(一)培育消费热点"),
        ("1.", "三、稳就业", None),
    ]


@pytest.mark.parametrize("head", [
    "示例市人民政府办公室文件\n示政办发〔2030〕3号\n{title}",  # red header: 文号 above the title
    "{title}\n示政办发〔2030〕3号",  # title above its 文号
    "{title}",  # no 文号
])
def test_a_title_wrapped_onto_a_second_line_is_joined(head: str) -> None:
    title = "关于印发示例市2030年政府工作报告\n重点任务分解方案的通知"
    text = head.format(title=title) + "\n各县市区人民政府:\n现印发给你们。\n一、扩大投资\n1.开工项目。(牵头单位:甲局)"
    (document,) = parse_text(text)
    assert document.title == "关于印发示例市2030年政府工作报告重点任务分解方案的通知"
    assert [t.title for t in document.tasks] == ["开工项目"]


def test_roles_keyed_inside_a_unit_cell_or_key(tmp_path: Path) -> None:
    (task,) = _tasks("一、项目", "1.建设产业园。(责任单位:牵头:甲管委会;配合:乙局、丙局)")
    assert (task.lead_units, task.responsible_units) == (["甲管委会"], ["乙局", "丙局"])
    path = _word_table(tmp_path, "示例市2030年重点项目推进任务表", [
        ("序号", "项目名称", "责任单位", "完成时限"),
        ("1", "建设产业园", "牵头:甲管委会\n配合:乙局、丙局", "2030年12月底前"),
        ("2", "改造管网", "丁局", "2030年6月底前")])
    (document,) = parse_file(path)
    assert [(t.title, t.lead_units, t.responsible_units, t.deadline) for t in document.tasks] == [
        ("建设产业园", ["甲管委会"], ["乙局", "丙局"], "2030年12月底前"),
        ("改造管网", [], ["丁局"], "2030年6月底前")]


def test_a_light_column_printed_as_colours_and_the_advice_below_the_table(tmp_path: Path) -> None:
    path = _word_table(tmp_path, "关于第二季度重点督办事项推进情况的通报", [
        ("序号", "督办事项", "责任单位", "推进情况", "亮灯等级"),
        ("1", "水环境治理", "甲局", "已完成80%。", "绿"),
        ("2", "老旧小区改造", "乙局", "已完成80%。", "黄"),
        ("3", "片区开发", "丙公司", "已完成80%。", "红色")],
        after=("下步要求:", "(一)黄灯、红灯事项责任单位要分析原因。"))
    (document,) = parse_file(path)
    bulletin = document.bulletin
    assert [(s["status"], [(i["number"], i["title"], i["units"], i["progress"])
                           for m in s["meetings"] for i in m["items"]])
            for s in bulletin["sections"]] == [
        ("in_progress", [("1", "水环境治理", ["甲局"], "已完成80%。")]),
        ("lagging", [("2", "老旧小区改造", ["乙局"], "已完成80%。")]),
        ("problem", [("3", "片区开发", ["丙公司"], "已完成80%。")]),
    ]
    assert [r["heading"] for r in bulletin["recommendations"]] == ["黄灯、红灯事项责任单位要分析原因"]


def test_bulletin_items_with_units_then_a_colon_and_counts_on_the_headings() -> None:
    bulletin = parse_bulletin(
        "关于常务会议议定事项落实情况的通报\n各县市人民政府:\n现将有关情况通报如下:\n"
        "一、已基本完成事项(2项)\n1.供水管网改造【甲局】:已完成改造28公里。\n"
        "2.机场前期工作(乙委、丙局):可研已获批复。\n"
        "二、存在突出问题事项(1项)\n3.农贸市场改造【丁区人民政府】:仅1个开工。\n"
        "三、下步工作要求\n(一)责任单位要于6月10日前提交整改方案。")
    assert bulletin is not None
    assert [(s.status, i.number, i.title, i.units, i.progress) for s in bulletin.sections
            for m in s.meetings for i in m.items] == [
        ("basically_done", "1", "供水管网改造", ["甲局"], "已完成改造28公里。"),
        ("basically_done", "2", "机场前期工作", ["乙委", "丙局"], "可研已获批复。"),
        ("problem", "3", "农贸市场改造", ["丁区人民政府"], "仅1个开工。"),
    ]
    assert (bulletin.totals.total, bulletin.totals.by_status) == (
        3, {"已基本完成": 2, "存在突出问题": 1})


def test_minutes_prose_assigns_every_unit_it_names() -> None:
    tasks = _tasks(
        "一、关于污水处理厂",
        "1.同意二期扩建工程立项,由甲高新区管委会负责组织实施,甲市发改委、甲市生态环境局做好审批服务,力争8月底前开工。",
        "2.甲市财政局按程序安排道路建设资金1.2亿元,7月15日前拨付到位。",
        "二、关于城区内涝治理",
        "会议议定:甲市水利和湖泊局、甲市住房和城乡建设局按职责分工负责,6月15日前完成泵站检修。",
        "三、关于停车场建设",
        "由甲市住房和城乡建设局牵头,甲区政府、乙区政府具体实施,10月底前完成。",
        "四、关于森林防火",
        "会议要求,各县市区政府要严格落实属地责任,甲市林业局要加强督促指导。",
        "五、关于资金筹措",
        "甲市财政局要会同甲市发改委积极争取专项债券资金。",
        kind="meeting_minutes")
    assert [(t.number, t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        ("1.", ["甲高新区管委会"], ["甲市发改委", "甲市生态环境局"], "8月底前"),
        ("2.", ["甲市财政局"], [], "7月15日前"),
        ("二、", [], ["甲市水利和湖泊局", "甲市住房和城乡建设局"], "6月15日前"),
        ("三、", ["甲市住房和城乡建设局"], ["甲区政府", "乙区政府"], "10月底前"),
        ("四、", ["各县市区政府", "甲市林业局"], [], None),
        ("五、", ["甲市财政局"], ["甲市发改委"], None),
    ]
    assert tasks[0].title == "同意二期扩建工程立项,由甲高新区管委会负责组织实施"


def test_special_minutes_under_a_masthead_signed_with_the_printing_date() -> None:
    (document,) = parse_text(
        "甲市人民政府专题会议纪要\n〔2030〕12号\n关于推进停车设施建设的专题会议纪要\n"
        "2030年5月8日下午,副市长主持召开专题会议,研究停车设施建设。纪要如下:\n"
        "一、关于资金筹措\n甲市财政局要会同甲市发改委积极争取专项债券资金。\n"
        "抄送:市委办公室。\n甲市人民政府办公室 2030年5月10日印发")
    assert (document.title, document.doc_number, document.issuer, document.date) == (
        "关于推进停车设施建设的专题会议纪要", "〔2030〕12号", "甲市人民政府办公室", "2030-05-10")
    assert document.meeting == {"heading": "2030年5月8日专题会议", "date": "2030-05-08",
                                "number": 12, "kind": "special"}
    (task,) = document.tasks
    assert (task.lead_units, task.responsible_units) == (["甲市财政局"], ["甲市发改委"])


def test_review_cases_of_this_round() -> None:
    """Inputs a review found mishandled by this round's rules."""
    from ducha.docparse.tables import table_lines
    assert prose_form("会议原则同意该方案,要求甲市住建局按程序报批,同时甲区政府要做好征地拆迁。"
                      ).lead_units == ["甲市住建局", "甲区政府"]
    assert prose_form("甲局、乙局共同负责的项目已完工。") is None
    assert prose_form("主动为企业做好服务。") is None
    (notice,) = parse_text("关于做好防汛工作的通知\n各区人民政府,市直各部门,:\n请做好防汛工作。")
    assert notice.addressees == ["各区人民政府", "市直各部门"]
    (page,) = parse_text("关于做好值班工作的通知\n各区人民政府:\n1.落实值班制度。(牵头单位:甲局)\n"
                         "甲市人民政府办公室\n2030年5月1日\n主办单位:甲市人民政府办公室\n"
                         "网站标识码:4201000001 鄂ICP备12345号")
    assert [t.lead_units for t in page.tasks] == [["甲局"]]  # the footer is below the task
    titles = [d.title for d in parse_text("本期目录\n关于2029年计划执行情况\n关于做好防汛工作的通知\n"
                                          "示政办发〔2030〕3号\n各区人民政府:\n请做好。")]
    assert titles == ["关于做好防汛工作的通知"]
    lines = list(table_lines([["序号", "督办事项", "责任单位", "办理状态"],
                              ["①", "建设停车场", "甲局", "已办结。"],
                              ["②", "建设公园", "乙局", "正在推进。"]]))
    assert lines[0] == "一、已办结事项" and "二、正在推进事项" in lines
    bulletin = parse_bulletin("关于督办事项落实情况的通报\n一、已完成事项\n1.建设停车场(甲局)\n已建成5处。\n"
                              "下步打算:\n继续巩固提升。\n2.建设口袋公园(乙局)\n已建成2个。")
    assert [(i.number, i.progress) for s in bulletin.sections for m in s.meetings
            for i in m.items] == [("1", "已建成5处。\n下步打算:\n继续巩固提升。"), ("2", "已建成2个。")]


@pytest.mark.parametrize(("opening", "signed", "meeting"), [
    ("12月28日上午,市长主持召开专题会,研究供暖保障。", "2031年1月5日",
     {"heading": "2030年12月28日专题会", "date": "2030-12-28", "number": 3, "kind": "special"}),
    ("2030年3月2日,市长主持召开市政府第3次全体会。", "2030年3月5日",
     {"heading": "2030年3月2日市政府第3次全体会", "date": "2030-03-02", "number": 3,
      "kind": "plenary"}),
])
def test_minutes_meetings_across_a_new_year_and_by_their_short_names(
        opening: str, signed: str, meeting: dict) -> None:
    (document,) = parse_text(f"甲市人民政府会议纪要\n〔2031〕3号\n甲市人民政府办公室 {signed}\n{opening}\n"
                             "一、关于供暖\n甲市住建局要做好供暖保障。")
    assert document.meeting == meeting


def test_project_keys_and_a_proposals_table(tmp_path: Path) -> None:
    (task,) = _tasks("一、产业项目", "1.建设产业园。(责任单位:甲县人民政府;包保市领导:李某;"
                     "开工时间:2030年3月;计划竣工时间:2030年12月)")
    assert (task.responsible_units, task.lead_leaders, task.deadline) == (
        ["甲县人民政府"], ["李某"], "2030年12月")
    path = _word_table(tmp_path, "市人大代表建议交办表", [
        ("序号", "建议编号", "建议标题", "领衔代表", "主办单位", "协办单位", "办理时限"),
        ("1", "第0012号", "关于加快老旧小区改造的建议", "王某", "甲市住建局", "甲市财政局",
         "2030年6月30日前")])
    (document,) = parse_file(path)
    (task,) = document.tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == (
        "关于加快老旧小区改造的建议", ["甲市住建局"], ["甲市财政局"], "2030年6月30日前")


def test_minutes_ask_a_unit_with_qing_and_hui_tong() -> None:
    tasks = _tasks(
        "一、关于城市更新", "请甲市住建局根据会议意见修改完善后印发,5月底前启动。",
        "二、关于资金", "请甲市财政局、甲市农业农村局按程序下达资金,确保6月15日前拨付到位。",
        "三、关于移交", "请甲市文旅局会同甲市国资委于7月底前完成移交工作。",
        "四、关于档案", "甲市档案馆要会同甲市国资委于8月底前完成整理。",
        "五、关于其他", "会议同意该方案。请各地抓紧落实。",
        kind="meeting_minutes")
    assert [(t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        (["甲市住建局"], [], "5月底前"),
        (["甲市财政局", "甲市农业农村局"], [], "6月15日前"),
        (["甲市文旅局"], ["甲市国资委"], "7月底前"),
        (["甲市档案馆"], ["甲市国资委"], "8月底前"),
    ]


def test_bulletin_items_whose_progress_is_keyed_after_the_units() -> None:
    bulletin = parse_bulletin(
        "关于一季度重点任务推进情况的督查通报\n一、已完成事项\n"
        "1.出台若干措施(牵头单位:甲市发改委)完成情况:已于2月28日印发。存在问题:无。\n"
        "二、进展滞后事项\n2.建成管廊12公里(牵头单位:甲市住建局;责任单位:乙区政府)进展情况:已完成2公里。")
    assert [(s.status, i.title, i.units, i.progress) for s in bulletin.sections
            for m in s.meetings for i in m.items] == [
        ("done", "出台若干措施", ["甲市发改委"], "完成情况:已于2月28日印发。存在问题:无。"),
        ("lagging", "建成管廊12公里", ["甲市住建局", "乙区政府"], "进展情况:已完成2公里。"),
    ]


def test_keys_printed_right_after_a_closing_bracket() -> None:
    tasks = _tasks("一、民生", "2.新建学校3所(牵头单位:甲局,责任单位:乙局)完成时限:2030年12月底前",
                   "4.建设道路(建设内容:道路3公里)责任单位:丁局")
    assert [(t.title, t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        ("新建学校3所", ["甲局"], ["乙局"], "2030年12月底前"),
        ("建设道路(建设内容:道路3公里)", [], ["丁局"], None),
    ]


def test_an_instruction_form_with_merged_values_and_a_unit_named_in_a_row(tmp_path: Path) -> None:
    matter = "关于某地块土壤修复进度滞后的情况反映"
    request = "请于2030年4月25日前将办理情况报送市政府督查室。"
    path = _word_table(tmp_path, "领导批示件交办单", [
        ("批示领导", "刘某市长", "批示时间", "2030年4月8日"),
        ("来文名称", matter, matter, matter),
        ("承办单位", "甲市生态环境局(牵头),甲市自然资源和规划局、乙区人民政府(配合)",
         "甲市生态环境局(牵头),甲市自然资源和规划局、乙区人民政府(配合)",
         "甲市生态环境局(牵头),甲市自然资源和规划局、乙区人民政府(配合)"),
        ("办理要求", request, request, request)])
    (task,) = parse_file(path)[0].tasks
    assert (task.title, task.lead_units, task.responsible_units, task.deadline) == (
        matter, ["甲市生态环境局"], ["甲市自然资源和规划局", "乙区人民政府"], "2030年4月25日前")
    two_columns = _word_table(tmp_path, "领导批示件交办单", [
        ("来文名称", matter), ("承办单位", "甲市生态环境局"), ("办理要求", request)])
    (task,) = parse_file(two_columns)[0].tasks
    assert (task.title, task.lead_units, task.deadline) == (
        matter, ["甲市生态环境局"], "2030年4月25日前")


def test_second_review_cases() -> None:
    """Inputs the second review found mishandled by this round's rules."""
    from ducha.docparse.load import load_bytes
    from ducha.docparse.tables import table_lines
    for page in ("<body class='has-sidebar'><p>关于开展整治的通知</p><p>正文。</p></body>",
                 "<div class='content-nav-body'><p>关于开展整治的通知</p><p>正文。</p></div>",
                 "<div id='links'><p>关于开展整治的通知</p><p>正文。</p></div>"):
        assert "正文。" in load_bytes(page.encode(), "page.html")
    form = list(table_lines([["交办事项", "关于某地块的情况反映"], ["承办单位", "甲市生态环境局"],
                             ["办理时限", "2030年4月25日前"]]))
    assert form == ["关于某地块的情况反映(承办单位:甲市生态环境局;完成时限:2030年4月25日前)"]
    status = list(table_lines([["序号", "督办事项", "责任单位", "工作进展情况(截至2030年6月30日)", "办理状态"],
                               ["1", "建设公园", "甲市住建局", "已完成。", "已办结"]]))
    assert status[:2] == ["一、已办结事项", "1.建设公园(责任单位:甲市住建局)"]
    contacts = list(table_lines([["序号", "承办单位", "联系人", "联系电话"],
                                 ["1", "甲市应急管理局", "张三", "13800000000"]]))
    assert contacts == ["序号", "承办单位", "联系人", "联系电话", "1", "甲市应急管理局", "张三",
                        "13800000000"]
    assert list(table_lines([["任务名称", "", ""], ["牵头单位", "", ""]])) == ["任务名称"]
    tasks = _tasks("一、关于人才", "请甲市委组织部会同甲市人社局制定方案,6月底前完成。",
                   "二、关于项目", "请项目所在地政府抓紧办理。",
                   "三、关于资金", "甲区政府要积极申请甲市财政局于7月底前拨付资金。",
                   kind="meeting_minutes")
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [
        (["甲市委组织部"], ["甲市人社局"]), (["甲区政府"], [])]
