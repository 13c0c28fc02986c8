"""Bulletin pages: who may draft, edit, issue, read and download."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.test import Client
from django.utils import timezone

from ducha.bulletins.models import Bulletin, BulletinVersion
from ducha.choices import ReportState, Role, SourceKind
from ducha.ledger.models import Assignment, Meeting, Source, Task
from ducha.reporting.models import Assessment, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world):
    """One meeting item decided as done in the world's period."""
    source = Source.objects.create(kind=SourceKind.MEETING_MINUTES, title="纪要",
                                   content_hash="k" * 64)
    meeting = Meeting.objects.create(date=dt.date(2026, 1, 8), number=1)
    task = Task.objects.create(source=source, meeting=meeting, title="研究<b>停车</b>问题",
                               position=0)
    Assignment.objects.create(task=task, unit=world.unit_a, role=Role.LEAD,
                              printed_name="测试市甲局")
    Report.objects.create(unit=world.unit_a, task=task, period=world.period,
                          text="已印发实施方案。", state=ReportState.ACCEPTED)
    Assessment.objects.create(task=task, period=world.period, status="done", light="green",
                              decided_at=timezone.now())
    return world


def _client(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _draft(world) -> Bulletin:
    _client(world, "supervisor").post("/bulletins/new/", {
        "kind": "meetings", "period": world.period.pk, "layout": "official"})
    return Bulletin.objects.get()


@pytest.mark.parametrize(("persona", "expected"), [
    ("anonymous", 302), ("supervisor", 200), ("leader", 200), ("reporter_a", 403)])
def test_bulletin_list_by_persona(world, persona, expected):
    assert _client(world, persona).get("/bulletins/").status_code == expected


@pytest.mark.parametrize("persona", ["leader", "reporter_a"])
def test_only_the_office_drafts_and_issues(decided, persona):
    bulletin = _draft(decided)
    client = _client(decided, persona)
    assert client.post("/bulletins/new/", {"kind": "meetings",
                                           "period": decided.period.pk}).status_code == 403
    assert client.post(f"/bulletins/{bulletin.pk}/issue/").status_code == 403
    assert client.post(f"/bulletins/{bulletin.pk}/", {"index": 0, "heading": "x",
                                                      "text": "y"}).status_code == 403
    assert not BulletinVersion.objects.exists()


def test_draft_preview_escapes_text_from_the_ledger(decided):
    bulletin = _draft(decided)
    body = _client(decided, "supervisor").get(f"/bulletins/{bulletin.pk}/").content.decode()
    assert "研究&lt;b&gt;停车&lt;/b&gt;问题" in body
    assert "<b>停车</b>" not in body


def test_edit_issue_and_download_the_issued_version(decided):
    bulletin = _draft(decided)
    client = _client(decided, "supervisor")
    client.post(f"/bulletins/{bulletin.pk}/", {
        "index": 0, "heading": "一、已落实事项",
        "text": "(一)2026年1月8日市政府第1次常务会议\n研究停车问题。(责任单位:测试市甲局)\n"
                "2月1日印发了实施方案。"})
    client.post(f"/bulletins/{bulletin.pk}/issue/")
    version = BulletinVersion.objects.get()
    assert version.doc_number.endswith("〔2026〕1号") or "1号" in version.doc_number
    response = client.get(f"/bulletins/{bulletin.pk}/download.docx?version=1")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "2月1日印发了实施方案。" in text
    leader = _client(decided, "leader").get(f"/bulletins/{bulletin.pk}/download.md?version=1")
    assert leader.status_code == 200 and "2月1日印发了实施方案" in leader.content.decode()


def test_unknown_format_is_404(decided):
    bulletin = _draft(decided)
    assert _client(decided, "supervisor").get(
        f"/bulletins/{bulletin.pk}/download.exe").status_code == 404


def test_assignment_notice_names_the_task_units_and_deadline(decided):
    task = Task.objects.get(title__contains="停车")
    task.deadline = dt.date(2026, 6, 30)
    task.save()
    response = _client(decided, "supervisor").get(
        f"/bulletins/notices/task/{task.pk}/assignment.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert "督查通知单" in text and "测试市甲局" in text and "2026年6月30日" in text


def test_reminder_goes_to_units_that_have_not_reported(world):
    response = _client(world, "supervisor").get(
        f"/bulletins/notices/task/{world.task_shared.pk}/reminder.txt?grade=red")
    text = response.content.decode()
    assert "红色督办" in text and "测试市甲局" in text and "测试市乙局" in text
    Report.objects.create(unit=world.unit_b, task=world.task_shared, period=world.period,
                          text="已完成", state=ReportState.SUBMITTED)
    text = _client(world, "supervisor").get(
        f"/bulletins/notices/task/{world.task_shared.pk}/reminder.txt").content.decode()
    addressees = text.split("\n")[2:6]
    assert any("测试市甲局" in line for line in addressees)
    assert "测试市乙局:" not in text and "测试市乙局：" not in text


@pytest.mark.parametrize("persona", ["leader", "reporter_a"])
def test_notices_are_for_the_office_only(world, persona):
    url = f"/bulletins/notices/task/{world.task_a.pk}/assignment.docx"
    assert _client(world, persona).get(url).status_code == 403
