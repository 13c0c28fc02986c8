"""What the routes return and write: the same services, scope and audit rows as the pages."""

from __future__ import annotations

import pytest

from ducha.audit.models import AuditEvent
from ducha.choices import ReportState
from ducha.reporting.models import Assessment, IndicatorActual, Report

pytestmark = pytest.mark.django_db


def test_units_list_the_active_directory(api, world):
    body = api.get("reporter_a", "/api/units").json()
    assert sorted(u["name"] for u in body["items"]) == ["测试市乙局", "测试市甲局"]
    assert {u["kind_label"] for u in body["items"]} == {"市直部门"}
    assert api.get("leader", "/api/units?kind=county").json()["count"] == 0


def test_reporter_lists_only_tasks_of_its_unit(api, world):
    titles = [t["title"] for t in api.get("reporter_a", "/api/tasks").json()["items"]]
    assert titles == ["甲局独办事项", "甲乙共办事项"]


def test_task_list_filters_and_pages_like_the_ledger(api, world):
    body = api.get("supervisor", f"/api/tasks?unit={world.unit_b.pk}&limit=1&offset=1").json()
    assert body["count"] == 2 and (body["limit"], body["offset"]) == (1, 1)
    assert [t["title"] for t in body["items"]] == ["甲乙共办事项"]
    shared = body["items"][0]
    assert [u["printed_name"] for u in shared["lead_units"]] == ["测试市甲局"]
    assert [u["printed_name"] for u in shared["responsible_units"]] == ["测试市乙局"]


def test_task_detail_has_assignments_and_indicators(api, objects):
    body = api.get("reporter_a", f"/api/tasks/{objects['task_a']}").json()
    assert [(a["role"], a["printed_name"]) for a in body["assignments"]] == [
        ("lead", "测试市甲局")]
    (indicator,) = body["indicators"]
    assert indicator["name"] == "新增就业" and indicator["comparator"] == ">="
    assert float(indicator["value"]) == 1000 and indicator["measure"] == "人"


def test_periods_list_and_get(api, world):
    body = api.get("leader", "/api/periods").json()
    assert [p["code"] for p in body["items"]] == ["2026Q1"]
    period = api.get("leader", f"/api/periods/{world.period.pk}").json()
    assert period["label"] == "2026年一季度" and period["state"] == "open"
    assert api.get("leader", "/api/periods?state=closed").json()["count"] == 0


def test_reporter_saves_a_draft_then_submits_with_an_indicator_actual(api, world, objects):
    body = {"period_id": world.period.pk, "task_id": world.task_shared.pk,
            "text": "已完成方案起草", "confidence": "high",
            "next_milestone": "6月底前印发", "next_milestone_date": "2026-06-30"}
    draft = api.post("reporter_b", "/api/reports", body).json()
    assert draft["state"] == "draft" and draft["unit"]["name"] == "测试市乙局"
    assert draft["confidence"] == "high" and draft["next_milestone_date"] == "2026-06-30"
    submitted = api.post("reporter_b", "/api/reports", {**body, "submit": True}).json()
    assert submitted["id"] == draft["id"] and submitted["state"] == "submitted"
    assert AuditEvent.objects.filter(action="report_submit", actor_id=world.reporter_b.pk,
                                     object_id=str(draft["id"])).exists()

    report = api.post("reporter_a", "/api/reports", {
        "period_id": world.period.pk, "task_id": world.task_shared.pk, "text": "牵头推进中",
        "actuals": []}).json()
    assert report["unit"]["name"] == "测试市甲局"


def test_indicator_actuals_are_saved_through_the_service(api, world, objects):
    from ducha.reporting.services import report_return

    report = Report.objects.get(pk=objects["report_a"])
    report_return(report=report, note="请补充指标", by=world.supervisor, now=report.updated_at)
    body = api.post("reporter_a", "/api/reports", {
        "period_id": world.period.pk, "task_id": world.task_a.pk, "text": "已新增就业 300 人",
        "actuals": [{"indicator_id": objects["indicator_a"], "value": "300", "measure": "人"}],
        "submit": True}).json()
    assert body["actuals"] == [{"indicator_id": objects["indicator_a"], "value": "300.0000",
                                "measure": "人"}]
    assert IndicatorActual.objects.get(report_id=body["id"]).value == 300


def test_reports_list_is_scoped_to_the_callers_unit(api, world, objects):
    api.post("reporter_b", "/api/reports", {"period_id": world.period.pk,
                                            "task_id": world.task_b.pk, "text": "乙局进展"})
    everything = api.get("supervisor", f"/api/reports?period={world.period.pk}").json()
    assert everything["count"] == 2
    own = api.get("reporter_b", f"/api/reports?period={world.period.pk}").json()
    assert [r["unit"]["name"] for r in own["items"]] == ["测试市乙局"]
    submitted = api.get("leader", f"/api/reports?period={world.period.pk}&state=submitted")
    assert [r["id"] for r in submitted.json()["items"]] == [objects["report_a"]]


def test_office_accepts_and_returns_reports_with_audit_rows(api, world, objects):
    url = f"/api/reports/{objects['report_a']}"
    accepted = api.post("supervisor", f"{url}/accept", {"note": "数据完整"}).json()
    assert accepted["state"] == "accepted" and accepted["review_note"] == "数据完整"
    returned = api.post("supervisor", f"{url}/return", {"note": "请补充佐证"}).json()
    assert returned["state"] == "returned"
    actions = set(AuditEvent.objects.filter(actor_id=world.supervisor.pk)
                  .values_list("action", flat=True))
    assert {"report_accept", "report_return"} <= actions
    assert Report.objects.get(pk=objects["report_a"]).history.count() >= 3


def test_assessment_decided_listed_and_versioned(api, world, objects):
    body = {"period_id": world.period.pk, "task_id": world.task_a.pk, "status": "lagging",
            "light": "yellow", "expected_version": 0, "cause_id": objects["cause"],
            "note": "进度偏慢", "accept_submitted": True}
    first = api.post("supervisor", "/api/assessments", body).json()
    assert first["version"] == 1 and first["cause"]["name"] == "资金"
    assert first["status_label"] == "需要加大力度" and first["decided_by"] == "office"
    assert Report.objects.get(pk=objects["report_a"]).state == ReportState.ACCEPTED
    second = api.post("supervisor", "/api/assessments", {
        **body, "status": "in_progress", "light": "green", "expected_version": 1}).json()
    assert second["version"] == 2 and second["cause"] is None
    assert AuditEvent.objects.filter(action="status_decide").count() == 2
    assert Assessment.objects.get().history.count() == 2

    listed = api.get("reporter_a", f"/api/assessments?period={world.period.pk}").json()
    assert [a["task_id"] for a in listed["items"]] == [world.task_a.pk]
    assert api.get("reporter_b", f"/api/assessments?period={world.period.pk}").json()[
        "count"] == 0
    assert api.get("leader", f"/api/assessments?period={world.period.pk}&light=red").json()[
        "count"] == 0


def test_a_closed_period_refuses_writes(api, world, objects, expect_error, now):
    from ducha.reporting.services import period_close

    period_close(period=world.period, by=world.supervisor, now=now)
    error = expect_error(api.post("supervisor", f"/api/reports/{objects['report_a']}/accept",
                                  {}), 409, "period_closed")
    assert "已关闭" in error["message"]


def test_token_use_is_recorded_once_a_minute(api, world):
    from ducha.api.models import ApiToken

    api.get("leader", "/api/periods")
    first = ApiToken.objects.get(user=world.leader).last_used_at
    assert first is not None
    api.get("leader", "/api/periods")
    assert ApiToken.objects.get(user=world.leader).last_used_at == first
