"""Every error path of the API answers the one shape ``{"error": {"code", "message"}}`` with
a Chinese message: 400, 401, 403, 404, 405, 409, 422 and 500."""

from __future__ import annotations

import pytest
from django.test import Client

from ducha.api.errors import STATUS_BY_CODE

pytestmark = pytest.mark.django_db


def _save(fill, **extra):
    return fill({"period_id": "{period}", "task_id": "{task_shared}", "text": "本期新进展",
                 **extra})


# 401 ---------------------------------------------------------------------------------------

def test_missing_token_is_401_naming_the_header(client, world, expect_error):
    response = client.get("/api/tasks")
    error = expect_error(response, 401, "token_missing")
    assert "Authorization: Bearer" in error["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_wrong_scheme_is_401(client, tokens, expect_error):
    response = client.get("/api/tasks", headers={"Authorization": f"Basic {tokens['leader']}"})
    expect_error(response, 401, "token_scheme")


def test_unknown_token_is_401(client, tokens, expect_error):
    response = client.get("/api/tasks", headers={"Authorization": "Bearer dct_not-a-token"})
    expect_error(response, 401, "token_invalid")


def test_revoked_token_is_401(api, world, expect_error, now):
    from ducha.api.models import ApiToken
    from ducha.api.services import api_token_revoke

    token = ApiToken.objects.get(user=world.leader)
    api_token_revoke(token=token, by=world.leader, now=now)
    error = expect_error(api.get("leader", "/api/tasks"), 401, "token_revoked")
    assert "吊销" in error["message"]


# 400 ---------------------------------------------------------------------------------------

def test_malformed_json_is_400(api, objects, expect_error):
    response = api.call("reporter_a", "POST", "/api/reports", raw="{not json")
    expect_error(response, 400, "bad_json")


def test_a_refusal_of_a_service_is_400_with_its_message(api, fill, expect_error):
    error = expect_error(api.post("supervisor", fill("/api/reports/{report_a}/return"),
                                  {"note": ""}), 400, "note_required")
    assert "退回" in error["message"]


# 403 / 404 / 405 ---------------------------------------------------------------------------

def test_a_role_without_the_action_is_403_and_audited(api, fill, world, expect_error):
    from ducha.audit.models import AuditEvent

    expect_error(api.post("leader", fill("/api/reports/{report_a}/accept"), {}), 403,
                 "forbidden")
    denied = AuditEvent.objects.filter(action="permission_denied").latest("id")
    assert denied.actor_id == world.leader.pk and denied.detail["path"].startswith("/api/")
    assert "无权" in denied.detail["reason"]


def test_an_unknown_id_is_404(api, expect_error):
    expect_error(api.get("supervisor", "/api/tasks/999999"), 404, "not_found")
    expect_error(api.get("supervisor", "/api/reports?period=999999"), 404, "not_found")


def test_an_unknown_path_is_404_in_the_same_shape(api, expect_error):
    error = expect_error(api.get("supervisor", "/api/nothing/here"), 404, "no_route")
    assert "/api/docs" in error["message"]
    expect_error(api.get("supervisor", "/api/"), 404)


def test_a_method_the_path_does_not_have_is_405(api, expect_error):
    response = api.call("supervisor", "DELETE", "/api/tasks")
    error = expect_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"] and "DELETE" in error["message"]


# 409 ---------------------------------------------------------------------------------------

def test_a_stale_version_is_409_with_the_record_changed_message(api, fill, expect_error):
    body = fill({"period_id": "{period}", "task_id": "{task_a}", "status": "in_progress",
                 "light": "green", "expected_version": 0})
    assert api.post("supervisor", "/api/assessments", body).status_code == 200
    error = expect_error(api.post("supervisor", "/api/assessments", body), 409, "stale")
    assert "已被" in error["message"] and "刷新" in error["message"]


def test_changing_a_submitted_report_is_409(api, fill, expect_error):
    body = fill({"period_id": "{period}", "task_id": "{task_a}", "text": "改写"})
    expect_error(api.post("reporter_a", "/api/reports", body), 409, "report_locked")


def test_conflict_codes_map_to_409():
    assert {code for code, status in STATUS_BY_CODE.items() if status == 409} >= {
        "stale", "conflict", "report_locked", "period_closed"}


# 422 ---------------------------------------------------------------------------------------

def test_a_missing_body_field_is_422_naming_it(api, fill, expect_error):
    body = fill({"period_id": "{period}", "text": "本期新进展"})
    error = expect_error(api.post("reporter_a", "/api/reports", body), 422, "invalid_input")
    assert "“task_id”" in error["message"] and "必填" in error["message"]
    assert error["fields"] == [{"field": "task_id", "message": "请求体字段“task_id”为必填项"}]


def test_a_wrongly_typed_query_parameter_is_422_naming_it(api, expect_error):
    error = expect_error(api.get("supervisor", "/api/reports?period=abc"), 422)
    assert "“period”" in error["message"] and "整数" in error["message"]


def test_a_missing_query_parameter_is_422(api, expect_error):
    error = expect_error(api.get("supervisor", "/api/assessments"), 422)
    assert "“period”" in error["message"]


def test_a_wrongly_typed_path_parameter_is_422(api, expect_error):
    error = expect_error(api.get("supervisor", "/api/tasks/abc"), 422)
    assert "task_id" in error["message"] or "路径" in error["message"]


def test_an_unknown_body_field_is_422(api, fill, expect_error):
    error = expect_error(api.post("reporter_a", "/api/reports", _save(fill, txet="x")), 422)
    assert "“txet”" in error["message"]


def test_an_enum_outside_the_vocabulary_is_422_listing_the_choices(api, fill, expect_error):
    body = fill({"period_id": "{period}", "task_id": "{task_a}", "status": "finished",
                 "light": "green", "expected_version": 0})
    error = expect_error(api.post("supervisor", "/api/assessments", body), 422)
    assert "“status”" in error["message"] and "'done'" in error["message"]


def test_a_nested_field_is_named_with_its_path(api, fill, expect_error):
    body = _save(fill, actuals=[{"indicator_id": "x"}])
    error = expect_error(api.post("reporter_a", "/api/reports", body), 422)
    assert "“actuals.0.indicator_id”" in error["message"]


def test_an_indicator_of_another_task_is_422(api, fill, expect_error):
    body = _save(fill, actuals=[{"indicator_id": "{indicator_a}", "value": 5}])
    error = expect_error(api.post("reporter_a", "/api/reports", body), 422, "unknown_indicator")
    assert error["fields"][0]["field"] == "actuals.0.indicator_id"


def test_an_unknown_lag_cause_is_422(api, fill, expect_error):
    body = fill({"period_id": "{period}", "task_id": "{task_a}", "status": "lagging",
                 "light": "red", "expected_version": 0, "cause_id": 999999})
    error = expect_error(api.post("supervisor", "/api/assessments", body), 422, "unknown_cause")
    assert "cause_id" in error["message"]


def test_a_field_the_service_refuses_is_422_naming_it(api, fill, expect_error):
    body = _save(fill, text="", submit=True)
    error = expect_error(api.post("reporter_a", "/api/reports", body), 422, "report_input")
    assert error["fields"] == [{"field": "text", "message": "报送前请填写本期进展情况。"}]
    assert "报送前请填写本期进展情况" in error["message"]


# 500 ---------------------------------------------------------------------------------------

def test_an_unexpected_failure_is_500_in_the_same_shape(api, monkeypatch, expect_error):
    from ducha.api.routers import units

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(units.Unit.objects, "active", broken)
    error = expect_error(api.get("supervisor", "/api/units"), 500, "server_error")
    assert "boom" not in error["message"]


def test_the_session_of_the_pages_does_not_open_the_api(world, expect_error):
    client = Client()
    client.force_login(world.supervisor)
    expect_error(client.get("/api/tasks"), 401, "token_missing")
