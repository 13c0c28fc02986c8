"""Minutes of an executive meeting: their decided items are filed under the meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.choices import MeetingKind, SourceKind, UnitKind
from ducha.docparse.parse import parse_text
from ducha.ledger.importing import documents_import
from ducha.ledger.models import Meeting, Task
from ducha.org.models import Unit

pytestmark = pytest.mark.django_db

MINUTES = """示例市人民政府常务会议纪要
〔2030〕第7期
2030年4月15日,市长主持召开市政府第七次常务会议,研究了以下事项。现纪要如下:
一、关于农贸市场改造工作
会议议定:
(一)由市住建局牵头,市财政局配合,6月底前完成改造方案。
(二)市财政局要安排专项资金,9月底前下达到位。
"""


@pytest.fixture
def units(db: None) -> None:
    Unit.objects.create(name="市住房和城乡建设局", short_name="市住建局", kind=UnitKind.DEPARTMENT)
    Unit.objects.create(name="市财政局", kind=UnitKind.DEPARTMENT)


def test_minutes_name_their_meeting() -> None:
    (document,) = parse_text(MINUTES)
    assert document.kind == "meeting_minutes"
    assert document.meeting == {"heading": "2030年4月15日市政府第七次常务会议",
                                "date": "2030-04-15", "number": 7, "kind": "executive"}


def test_decided_items_are_filed_under_the_meeting(units: None) -> None:
    (outcome,) = documents_import(documents=parse_text(MINUTES), by=None)
    assert (outcome.state, outcome.tasks, outcome.meetings, outcome.unresolved) == (
        "created", 2, 1, [])
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.number) == (dt.date(2030, 4, 15), 7)
    tasks = list(Task.objects.order_by("position"))
    assert [(t.number, t.meeting_id, t.source.kind) for t in tasks] == [
        ("(一)", meeting.pk, SourceKind.MEETING_MINUTES), ("(二)", meeting.pk,
                                                            SourceKind.MEETING_MINUTES)]
    assert [t.deadline_text for t in tasks] == ["6月底前", "9月底前"]
    again = documents_import(documents=parse_text(MINUTES), by=None)
    assert again[0].state == "unchanged" and Meeting.objects.count() == 1


SPECIAL = """示例市市长办公会议纪要
〔2030〕第6期
示例市人民政府办公室 2030年6月5日
6月3日上午,市长主持召开市长办公会议,专题研究高新区建设。现纪要如下:
一、关于高新区道路建设
市财政局按程序安排道路建设资金,7月15日前拨付到位。
"""


def test_a_meeting_without_a_number_is_numbered_by_its_issue_and_kept_apart(units: None) -> None:
    (document,) = parse_text(SPECIAL)
    assert (document.doc_number, document.meeting) == ("〔2030〕第6期", {
        "heading": "2030年6月3日市长办公会议", "date": "2030-06-03", "number": 6, "kind": "other"})
    executive = parse_text(MINUTES.replace("2030年4月15日", "2030年6月3日")
                           .replace("第七次", "第六次"))
    outcomes = documents_import(documents=[*parse_text(SPECIAL), *executive], by=None)
    assert [o.meetings for o in outcomes] == [1, 1]  # same date and number, two meetings
    assert sorted((m.kind, str(m)) for m in Meeting.objects.all()) == [
        (MeetingKind.EXECUTIVE, "2030年6月3日第6次市政府常务会议"),
        (MeetingKind.OTHER, "2030年6月3日市长办公会议")]
    (task,) = Task.objects.filter(meeting__kind=MeetingKind.OTHER)
    assert (task.deadline_text, [a.unit.name for a in task.assignments.all()]) == (
        "7月15日前", ["市财政局"])
