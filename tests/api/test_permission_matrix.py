"""Route × persona × method → status: the API answers exactly as the pages' permissions do.

Reporters see only their unit's tasks and reports (another unit's by id is a 404), leaders
read but never write (403), the office reviews and decides, and the separated administration
roles get nothing from the supervision API (403). Every new route joins this matrix.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ALL_READ = {"supervisor": 200, "leader": 200, "reporter_a": 200, "reporter_b": 200,
            "sysadmin": 403, "anonymous": 401}
UNIT_A_ONLY = {**ALL_READ, "reporter_b": 404}

# (method, path, body) → persona → expected status.
MATRIX: dict[tuple[str, str, str], dict[str, int]] = {
    ("GET", "/api/units", ""): ALL_READ,
    ("GET", "/api/units/{unit_a}", ""): ALL_READ,
    ("GET", "/api/tasks", ""): ALL_READ,
    ("GET", "/api/tasks?unit={unit_a}&chapter=一、测试章节", ""): ALL_READ,
    ("GET", "/api/tasks/{task_a}", ""): UNIT_A_ONLY,
    ("GET", "/api/tasks/{task_shared}", ""): ALL_READ,
    ("GET", "/api/tasks/{task_b}", ""): {**ALL_READ, "reporter_a": 404},
    ("GET", "/api/periods", ""): ALL_READ,
    ("GET", "/api/periods/{period}", ""): ALL_READ,
    ("GET", "/api/reports?period={period}", ""): ALL_READ,
    ("GET", "/api/reports/{report_a}", ""): UNIT_A_ONLY,
    ("GET", "/api/assessments?period={period}", ""): ALL_READ,
    ("POST", "/api/reports", "save_a"): {
        "supervisor": 403, "leader": 403, "reporter_a": 409, "reporter_b": 404,
        "sysadmin": 403, "anonymous": 401},
    ("POST", "/api/reports", "save_shared"): {
        "supervisor": 403, "leader": 403, "reporter_a": 200, "reporter_b": 200,
        "sysadmin": 403, "anonymous": 401},
    ("POST", "/api/reports", "save_b"): {
        "supervisor": 403, "leader": 403, "reporter_a": 404, "reporter_b": 200,
        "sysadmin": 403, "anonymous": 401},
    ("POST", "/api/reports/{report_a}/accept", "note"): {
        "supervisor": 200, "leader": 403, "reporter_a": 403, "reporter_b": 403,
        "sysadmin": 403, "anonymous": 401},
    ("POST", "/api/reports/{report_a}/return", "note"): {
        "supervisor": 200, "leader": 403, "reporter_a": 403, "reporter_b": 403,
        "sysadmin": 403, "anonymous": 401},
    ("POST", "/api/assessments", "decide_a"): {
        "supervisor": 200, "leader": 403, "reporter_a": 403, "reporter_b": 403,
        "sysadmin": 403, "anonymous": 401},
}

BODIES = {
    "": None,
    # reporter A's report on task A is already submitted: a second save is refused (409)
    "save_a": {"period_id": "{period}", "task_id": "{task_a}", "text": "本期新进展"},
    "save_shared": {"period_id": "{period}", "task_id": "{task_shared}", "text": "本期新进展"},
    "save_b": {"period_id": "{period}", "task_id": "{task_b}", "text": "本期新进展",
               "submit": True},
    "note": {"note": "请补充本期数据"},
    "decide_a": {"period_id": "{period}", "task_id": "{task_a}", "status": "in_progress",
                 "light": "green", "expected_version": 0},
}

CASES = [(method, path, body, persona, expected)
         for (method, path, body), row in MATRIX.items()
         for persona, expected in row.items()]


@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), CASES,
                         ids=[f"{m} {p} {b} {who}" for m, p, b, who, _ in CASES])
def test_route_persona_method_matrix(api, fill, expect_error, method, path, body, persona,
                                     expected):
    payload = fill(BODIES[body]) if BODIES[body] is not None else None
    response = api.call(persona, method, fill(path), payload)
    if expected == 200:
        assert response.status_code == 200, response.content.decode()
    else:
        expect_error(response, expected)


def test_every_route_of_the_api_is_in_the_matrix(fill):
    """A new route must join the matrix above."""
    from ducha.api.api import api as ninja_api

    schema = ninja_api.get_openapi_schema(path_prefix="/api/")
    routes = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    covered = {(m, p.split("?")[0].replace("{unit_a}", "{unit_id}")
                .replace("{task_a}", "{task_id}").replace("{task_b}", "{task_id}")
                .replace("{task_shared}", "{task_id}").replace("{period}", "{period_id}")
                .replace("{report_a}", "{report_id}"))
               for m, p, _b in MATRIX}
    assert routes <= covered, routes - covered


def test_leader_cannot_write_through_any_route(api, fill, expect_error):
    for (method, path, body), _row in MATRIX.items():
        if method != "GET":
            response = api.call("leader", method, fill(path), fill(BODIES[body]))
            expect_error(response, 403, "forbidden")


def test_reporter_of_unit_b_cannot_read_unit_a_objects_by_id(api, fill, expect_error):
    for path in ("/api/tasks/{task_a}", "/api/reports/{report_a}"):
        error = expect_error(api.get("reporter_b", fill(path)), 404, "not_found")
        assert "没有找到" in error["message"]
