"""Composing bulletins from the ledger, and reading them back with the bulletin parser."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone

from ducha.base import DuchaError
from ducha.bulletins.compose_meetings import MeetingScope, compose_meetings, month_range
from ducha.bulletins.compose_other import compose_special, compose_work_report
from ducha.bulletins.document import SubHeading
from ducha.bulletins.models import BulletinVersion, IssuedVersionImmutableError, OfficeProfile
from ducha.bulletins.render_docx import render_docx
from ducha.bulletins.render_text import render_text
from ducha.bulletins.services import bulletin_draft, bulletin_issue, bulletin_section_update
from ducha.choices import PeriodKind, ReportState, Role, SourceKind, UnitKind
from ducha.docparse.bulletin import parse_bulletin
from ducha.ledger.models import Assignment, Indicator, Meeting, Source, Task
from ducha.org.models import Unit
from ducha.reporting.models import Assessment, IndicatorActual, Period, Report

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 20)
NOW = dt.datetime(2026, 4, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


class Ledger:
    """A small meeting ledger: units, meetings, items, a period, verdicts and progress."""

    def __init__(self) -> None:
        self.units = {n: Unit.objects.create(name=n, kind=UnitKind.DEPARTMENT)
                      for n in ("市发改委", "市财政局", "咸宁职教(集团)学校", "市交通运输局")}
        self.source = Source.objects.create(kind=SourceKind.MEETING_MINUTES, title="纪要汇编",
                                            content_hash="m" * 64)
        self.period, _ = Period.objects.get_or_create(
            year=2026, kind=PeriodKind.QUARTER, index=1,
            defaults={"due_date": dt.date(2026, 3, 31)})
        self.n = 0

    def item(self, date: dt.date, number: int, title: str, units: list[str], status: str,
             progress: str) -> Task:
        meeting, _ = Meeting.objects.get_or_create(date=date, number=number)
        task = Task.objects.create(source=self.source, meeting=meeting, title=title,
                                   position=self.n)
        self.n += 1
        for k, name in enumerate(units):
            Assignment.objects.create(task=task, unit=self.units[name], printed_name=name,
                                      role=Role.LEAD if k == 0 else Role.RESPONSIBLE)
        Report.objects.create(unit=self.units[units[0]], task=task, period=self.period,
                              text=progress, state=ReportState.ACCEPTED)
        Assessment.objects.create(task=task, period=self.period, status=status, light="green",
                                  decided_at=timezone.now())
        return task


@pytest.fixture
def ledger(world) -> Ledger:
    led = Ledger()
    led.item(dt.date(2026, 1, 10), 1, "审议《示例市停车设施建设三年行动方案》有关议定事项的落实情况",
             ["市发改委", "市财政局"], "done", "2月3日,市政府印发了该方案(示政发〔2026〕2号)。")
    led.item(dt.date(2026, 1, 10), 1, "听取关于职业教育产教融合工作情况的汇报有关议定事项的落实情况",
             ["咸宁职教(集团)学校"], "in_progress", "正在推进实训基地建设,计划于6月底前完工。")
    led.item(dt.date(2026, 2, 15), 2, "研究城区公交线网优化有关事项的落实情况",
             ["市交通运输局"], "done", "新线网已于3月1日正式运行。")
    led.item(dt.date(2026, 2, 15), 2, "审议《示例市公共停车场收费管理办法》有关议定事项的落实情况",
             ["市发改委"], "done", "3月10日,印发了该办法。")
    return led


def _structure(text: str) -> list[tuple[str, list[tuple[str | None, int | None, list]]]]:
    parsed = parse_bulletin(text).to_dict()
    return [(s["status"], [(m["date"], m["number"], [(i["number"], i["units"])
                                                     for i in m["items"]])
                           for m in s["meetings"]]) for s in parsed["sections"]]


def test_meetings_bulletin_has_the_seeds_structure(ledger):
    doc = compose_meetings(period=ledger.period, scope=MeetingScope(until=dt.date(2026, 3, 31)),
                           today=TODAY)
    assert [s.heading for s in doc.sections] == ["一、已落实事项", "二、正在推进事项"]
    done = doc.sections[0].blocks
    assert done[0].text == "(一)2026年1月10日市政府第1次常务会议"
    assert done[1].number is None  # a meeting with one item in the section is not numbered
    assert done[1].units_note == "(责任单位:市发改委、市财政局)"
    assert done[2].text == "(二)2026年2月15日市政府第2次常务会议"
    assert [b.number for b in done[3:]] == [1, 2]
    assert doc.opening[0].text.startswith("2026年1-2月,市政府共召开2次常务会议并印发纪要。")
    assert doc.title == "关于2026年1-2月市政府常务会议纪要确定有关事项落实情况的督查通报"


def test_generated_bulletin_reads_back_to_the_same_structure(ledger):
    doc = compose_meetings(period=ledger.period, scope=MeetingScope(until=dt.date(2026, 3, 31)),
                           today=TODAY)
    assert _structure(render_text(doc)) == [
        ("done", [("2026-01-10", 1, [(None, ["市发改委", "市财政局"])]),
                  ("2026-02-15", 2, [("1", ["市交通运输局"]), ("2", ["市发改委"])])]),
        ("in_progress", [("2026-01-10", 1, [(None, ["咸宁职教(集团)学校"])])]),
    ]


def test_section_order_is_configurable(ledger):
    doc = compose_meetings(period=ledger.period, scope=MeetingScope(until=dt.date(2026, 3, 31)),
                           today=TODAY, order=["in_progress", "done"])
    assert [s.heading for s in doc.sections] == ["一、正在推进事项", "二、已落实事项"]


def test_unfinished_items_of_earlier_meetings_are_carried_over(ledger):
    doc = compose_meetings(period=ledger.period,
                           scope=MeetingScope(until=dt.date(2026, 3, 31),
                                              since=dt.date(2026, 2, 1)), today=TODAY)
    titles = [b.title for s in doc.sections for b in s.blocks if hasattr(b, "title")]
    assert any("职业教育" in t for t in titles)  # unfinished, from January: carried over
    assert not any("停车设施" in t for t in titles)  # finished in January: not repeated
    assert doc.title == ("关于2026年1月市政府常务会议纪要尚未落实事项及2026年2月"
                         "市政府常务会议纪要确定有关事项落实情况的督查通报")


def test_month_ranges_print_as_the_seeds_do():
    assert month_range(dt.date(2020, 9, 1), dt.date(2021, 8, 5)) == "2020年9月-2021年8月"
    assert month_range(dt.date(2020, 5, 1), dt.date(2020, 6, 5)) == "2020年5-6月"


def test_work_report_bulletin_prints_actuals_against_targets(world):
    source = world.task_a.source
    world.task_a.chapter = "一、主要预期目标"
    world.task_a.position = 0
    world.task_a.save()
    gdp = Indicator.objects.create(task=world.task_a, name="地区生产总值增长", kind="growth",
                                   comparator=">=", value=Decimal("7"), measure="%")
    report = Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period,
                                   text="一季度经济运行平稳。", state=ReportState.ACCEPTED)
    IndicatorActual.objects.create(report=report, indicator=gdp, value=Decimal("7.6"),
                                   measure="%")
    doc = compose_work_report(period=world.period, source=source, today=TODAY)
    first = doc.sections[0].blocks[1].text
    assert first == "一季度,我市实现地区生产总值增长7.6%(目标7%以上)。"
    assert doc.title == "关于《政府工作报告》确定的2026年重点工作一季度完成情况的通报"


def test_special_summary_totals_read_back(ledger):
    doc = compose_special(period=ledger.period, tasks=list(Task.objects.filter(meeting__isnull=False)),
                          subject="常务会议议定事项", today=TODAY)
    assert doc.sections[0].blocks[0].text == "4项工作中,3项已完成,1项有序推进。"
    totals = parse_bulletin(render_text(doc)).to_dict()["totals"]
    assert totals["total"] == 4


def test_draft_edit_issue_and_reissue(ledger, world):
    bulletin = bulletin_draft(kind="meetings", period=ledger.period, by=world.supervisor,
                              today=TODAY)
    bulletin_section_update(bulletin=bulletin, index=1, heading="二、正在推进事项",
                            text="(一)2026年1月10日市政府第1次常务会议\n"
                                 "听取关于职业教育产教融合的汇报。(责任单位:咸宁职教(集团)学校)\n"
                                 "实训基地主体已封顶。", by=world.supervisor)
    bulletin.refresh_from_db()
    item = bulletin.content["sections"][1]["blocks"][1]
    assert item["units_note"] == "(责任单位:咸宁职教(集团)学校)"
    assert item["paragraphs"] == ["实训基地主体已封顶。"]
    v1 = bulletin_issue(bulletin=bulletin, by=world.supervisor, now=NOW)
    assert (v1.version, v1.doc_number) == (1, "示政督〔2026〕1号")
    other = bulletin_draft(kind="special", period=ledger.period, by=world.supervisor,
                           today=TODAY)
    assert bulletin_issue(bulletin=other, by=world.supervisor, now=NOW).doc_number == \
        "示政督〔2026〕2号"
    v2 = bulletin_issue(bulletin=bulletin, by=world.supervisor, now=NOW)
    assert (v2.version, v2.doc_number) == (2, "示政督〔2026〕1号")
    v1.content["title"] = "改动"
    with pytest.raises(IssuedVersionImmutableError):
        v1.save()
    assert BulletinVersion.objects.get(pk=v1.pk).content["title"] != "改动"


def test_periodical_issue_numbers_count_per_year(ledger, world):
    OfficeProfile.current()
    b = bulletin_draft(kind="meetings", period=ledger.period, by=world.supervisor, today=TODAY,
                       layout="periodical")
    v = bulletin_issue(bulletin=b, by=world.supervisor, now=NOW)
    assert v.doc_number == "第1期" and v.content["masthead"]["issue"] == 1


def test_empty_section_text_is_refused(ledger, world):
    b = bulletin_draft(kind="meetings", period=ledger.period, by=world.supervisor, today=TODAY)
    with pytest.raises(DuchaError):
        bulletin_section_update(bulletin=b, index=0, heading="一、", text="  ",
                                by=world.supervisor)


def test_composed_docx_opens_and_holds_the_items(ledger):
    doc = compose_meetings(period=ledger.period, scope=MeetingScope(until=dt.date(2026, 3, 31)),
                           today=TODAY)
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "\uff08责任单位\uff1a市发改委、市财政局\uff09" in text  # printed full-width
    assert "一、已落实事项" in text


def test_bulletin_command_writes_a_docx(ledger, tmp_path):
    out = tmp_path / "q1.docx"
    call_command("bulletin", period="2026Q1", kind="meetings", out=str(out),
                 stdout=io.StringIO())
    assert docx.Document(str(out)).paragraphs


def test_bulletin_command_refuses_an_unknown_period(ledger):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2025Q1"):
        call_command("bulletin", period="2025Q1", kind="meetings", stdout=io.StringIO())


def test_opening_counts_every_executive_meeting_held_and_names_other_kinds(ledger):
    Meeting.objects.create(date=dt.date(2026, 3, 5), number=3)  # decided nothing
    ledger.item(dt.date(2026, 3, 12), 1, "研究示例湖专题工作", ["市发改委"], "done",
                "已完成。")
    Meeting.objects.filter(date=dt.date(2026, 3, 12)).update(kind="special")
    doc = compose_meetings(period=ledger.period, scope=MeetingScope(until=dt.date(2026, 3, 31)),
                           today=TODAY)
    assert doc.opening[0].text.startswith("2026年1-3月,市政府共召开3次常务会议并印发纪要。")
    headings = [b.text for b in doc.sections[0].blocks if isinstance(b, SubHeading)]
    assert headings[-1] == "(三)2026年3月12日市政府专题会议"


def test_a_bulletin_of_carried_over_items_only_says_no_meeting_was_held(ledger):
    doc = compose_meetings(period=ledger.period,
                           scope=MeetingScope(until=dt.date(2026, 3, 31),
                                              since=dt.date(2026, 3, 1)), today=TODAY)
    assert doc.title == "关于2026年1月市政府常务会议纪要尚未落实事项落实情况的督查通报"
    assert doc.opening[0].text.startswith("2026年1-3月,市政府共召开2次常务会议并印发纪要。")
    assert "及市政府" not in doc.opening[0].text
