"""The office's review: queue with filters and suggestions, accept/return, decisions with
optimistic locking, lag causes, 销号 evidence, and the 未报送 page."""

from __future__ import annotations

import pytest
from django.test import Client

from ducha.base import DuchaError
from ducha.choices import ReportState, Status
from ducha.reporting.models import Assessment, Report
from ducha.reporting.services import (
    assessment_decide,
    report_accept,
    report_bulk_accept,
    report_return,
    report_save,
)

from .conftest import NOW, PDF, upload

pytestmark = pytest.mark.django_db

DONE_TEXT = "《实施方案》已于2026年3月1日印发,项目已正式通车。"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submit(world, task, text, user=None, **kwargs) -> Report:
    user = user or world.reporter_a
    return report_save(period=world.period, task=task, unit=user.unit, text=text, by=user,
                       now=NOW, submit=True, **kwargs)


def _queue(world, query: str = "") -> str:
    url = f"/duban/periods/{world.period.pk}/queue/{query}"
    return _login(world.supervisor).get(url).content.decode()


def test_queue_lists_submitted_lead_reports_with_suggested_status(world):
    _submit(world, world.task_a, DONE_TEXT)
    _submit(world, world.task_b, "尚未启动,进展缓慢。", user=world.reporter_b)
    report_save(period=world.period, task=world.task_shared, unit=world.unit_a, text="草稿",
                by=world.reporter_a, now=NOW)
    body = _queue(world)
    assert "甲局独办事项" in body and "乙局独办事项" in body and "甲乙共办事项" not in body
    assert "已落实" in body and "需要加大力度" in body


def test_queue_filters_come_from_the_query_string(world):
    _submit(world, world.task_a, DONE_TEXT)
    _submit(world, world.task_b, "尚未启动,进展缓慢。", user=world.reporter_b)
    assert "乙局独办事项" not in _queue(world, f"?unit={world.unit_a.pk}")
    assert "甲局独办事项" not in _queue(world, "?status=lagging")
    assert "甲局独办事项" in _queue(world, f"?source={world.task_a.source_id}&chapter=一、测试章节")
    assert "没有符合条件的报送" in _queue(world, "?state=accepted")
    assert "甲局独办事项" in _queue(world, "?unit=abc&status=nonsense")  # malformed: ignored


def test_review_page_highlights_the_suggestion_evidence(world):
    _submit(world, world.task_a, DONE_TEXT)
    body = _login(world.supervisor).get(
        f"/duban/periods/{world.period.pk}/tasks/{world.task_a.pk}/").content.decode()
    assert '<mark class="ev ev-' in body and "建议评定" in body


def test_review_page_escapes_report_text(world):
    _submit(world, world.task_a, "<script>alert(1)</script>已印发")
    body = _login(world.supervisor).get(
        f"/duban/periods/{world.period.pk}/tasks/{world.task_a.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body


def test_accept_and_return_with_a_comment(world):
    report = _submit(world, world.task_a, DONE_TEXT)
    with pytest.raises(DuchaError, match="退回意见"):
        report_return(report=report, note="", by=world.supervisor, now=NOW)
    report = report_return(report=report, note="请补充完成数据", by=world.supervisor, now=NOW)
    assert report.state == ReportState.RETURNED
    body = _login(world.reporter_a).get(f"/duban/periods/{world.period.pk}/report/").content
    assert "请补充完成数据" in body.decode()
    report = _submit(world, world.task_a, DONE_TEXT + "完成投资2亿元。")
    report = report_accept(report=report, by=world.supervisor, now=NOW)
    assert report.state == ReportState.ACCEPTED and report.reviewed_by == world.supervisor
    with pytest.raises(DuchaError, match="只有已报送"):
        report_accept(report=report, by=world.supervisor, now=NOW)


def test_bulk_accept_takes_only_submitted_reports_of_the_period(world):
    a = _submit(world, world.task_a, DONE_TEXT)
    b = _submit(world, world.task_b, "正在推进", user=world.reporter_b)
    draft = report_save(period=world.period, task=world.task_shared, unit=world.unit_a,
                        text="草稿", by=world.reporter_a, now=NOW)
    n = report_bulk_accept(period=world.period, report_ids=[a.pk, b.pk, draft.pk],
                           by=world.supervisor, now=NOW)
    assert n == 2
    assert set(Report.objects.values_list("state", flat=True)) == {"accepted", "draft"}


def test_decide_sets_status_and_light_and_accepts_submitted_reports(world):
    _submit(world, world.task_a, "正在推进", uploads=[(upload("a.pdf", PDF), "a.pdf")])
    assessment = assessment_decide(task=world.task_a, period=world.period,
                                   status=Status.IN_PROGRESS, light="green",
                                   by=world.supervisor, expected_version=0, now=NOW,
                                   accept_submitted=True)
    assert assessment.version == 1 and assessment.decided_by == world.supervisor
    assert Report.objects.get().state == ReportState.ACCEPTED


def test_second_supervisor_deciding_from_a_stale_page_is_refused(world):
    from ducha.accounts.models import User
    from ducha.choices import UserRole

    other = User.objects.create(username="office2", role=UserRole.SUPERVISOR,
                                display_name="王督查")
    assessment_decide(task=world.task_a, period=world.period, status=Status.IN_PROGRESS,
                      light="green", by=other, expected_version=0, now=NOW)
    with pytest.raises(DuchaError, match="已被王督查修改") as err:
        assessment_decide(task=world.task_a, period=world.period, status=Status.ONGOING,
                          light="green", by=world.supervisor, expected_version=0, now=NOW)
    assert err.value.code == "stale"
    assessment = Assessment.objects.get()
    assert assessment.status == Status.IN_PROGRESS and assessment.version == 1


def test_stale_decision_through_the_page_shows_the_message_and_keeps_the_record(world):
    assessment_decide(task=world.task_a, period=world.period, status=Status.IN_PROGRESS,
                      light="green", by=world.supervisor, expected_version=0, now=NOW)
    url = f"/duban/periods/{world.period.pk}/tasks/{world.task_a.pk}/decide/"
    response = _login(world.supervisor).post(url, {"status": "ongoing", "light": "green",
                                                   "version": 0})
    assert response.status_code == 409
    assert "在您打开页面后已被" in response.content.decode()
    assert Assessment.objects.get().status == Status.IN_PROGRESS


def test_lagging_needs_a_cause_from_the_office_list(world, causes):
    with pytest.raises(DuchaError, match="滞后原因"):
        assessment_decide(task=world.task_a, period=world.period, status=Status.LAGGING,
                          light="yellow", by=world.supervisor, expected_version=0, now=NOW)
    assessment = assessment_decide(task=world.task_a, period=world.period,
                                   status=Status.LAGGING, light="yellow", cause=causes["用地"],
                                   by=world.supervisor, expected_version=0, now=NOW)
    assert assessment.cause.name == "用地"


def test_closing_a_task_as_done_needs_evidence_attached_or_cited(world):
    _submit(world, world.task_a, DONE_TEXT)
    with pytest.raises(DuchaError, match="销号"):
        assessment_decide(task=world.task_a, period=world.period, status=Status.DONE,
                          light="green", by=world.supervisor, expected_version=0, now=NOW)
    assert not Assessment.objects.exists()
    assessment = assessment_decide(task=world.task_a, period=world.period, status=Status.DONE,
                                   light="green", evidence_citation="测政发〔2026〕6号",
                                   by=world.supervisor, expected_version=0, now=NOW)
    assert assessment.evidence_citation == "测政发〔2026〕6号"


def test_done_with_attached_evidence_needs_no_citation(world):
    _submit(world, world.task_b, DONE_TEXT, user=world.reporter_b,
            uploads=[(upload("通车.pdf", PDF), "通车.pdf")])
    assessment_decide(task=world.task_b, period=world.period, status=Status.DONE,
                      light="green", by=world.supervisor, expected_version=0, now=NOW)


def test_missing_page_lists_who_has_not_reported(world):
    _submit(world, world.task_a, DONE_TEXT)
    report_save(period=world.period, task=world.task_b, unit=world.unit_b, text="草稿",
                by=world.reporter_b, now=NOW)
    body = _login(world.supervisor).get(f"/duban/periods/{world.period.pk}/missing/").content
    table = body.decode().split('data-testid="missing-table"')[1].split("</table>")[0]
    assert "乙局独办事项" in table and "已填草稿" in table
    assert "甲局独办事项" not in table and "甲乙共办事项" in table


def test_supervisor_home_shows_unacknowledged_count(world):
    body = _login(world.supervisor).get("/office/").content.decode()
    assert 'data-testid="unacknowledged-count">4<' in body


def test_status_decisions_and_submissions_go_to_the_audit_log(world):
    from ducha.audit.models import AuditEvent

    _submit(world, world.task_a, "正在推进")
    assessment_decide(task=world.task_a, period=world.period, status=Status.IN_PROGRESS,
                      light="green", by=world.supervisor, expected_version=0, now=NOW)
    actions = dict(AuditEvent.objects.values_list("action", "actor_id"))
    assert actions["report_submit"] == world.reporter_a.pk
    assert actions["status_decide"] == world.supervisor.pk


def test_a_rejected_upload_is_audited_as_a_failure(world):
    from ducha.audit.models import AuditEvent
    from ducha.reporting.services import ReportInputError

    with pytest.raises(ReportInputError):
        _submit(world, world.task_a, "见附件", uploads=[(upload("x.pdf", b"MZ"), "x.pdf")])
    event = AuditEvent.objects.get(action="upload_rejected")
    assert event.result == "failure" and not Report.objects.exists()
