"""Role home pages: each role lands on its own page and cannot open the others'."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db

HOMES = {"supervisor": "/office/", "leader": "/cockpit/", "reporter_a": "/unit/"}

# route → persona → expected status for GET; every new route joins this matrix.
MATRIX = {
    "/office/": {"anonymous": 302, "supervisor": 200, "leader": 403, "reporter_a": 403},
    "/unit/": {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 200},
    "/leader/": {"anonymous": 301, "supervisor": 301, "leader": 301, "reporter_a": 301},
    "/admin/": {"anonymous": 302, "supervisor": 302, "leader": 302, "reporter_a": 302},
    # workflow (reporting, /duban/): ids are filled in from the `objects` fixture
    "/duban/report/": {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 302},
    "/duban/periods/{period}/report/": {"anonymous": 302, "supervisor": 403, "leader": 403,
                                       "reporter_a": 200, "reporter_b": 200},
    "/duban/periods/": {"anonymous": 302, "supervisor": 200, "leader": 403, "reporter_a": 403},
    "/duban/periods/{period}/queue/": {"anonymous": 302, "supervisor": 200, "leader": 403,
                                      "reporter_a": 403},
    "/duban/periods/{period}/queue/?unit={unit_a}&state=all&role=all&status=done": {
        "supervisor": 200, "leader": 403, "reporter_a": 403},
    "/duban/periods/{period}/missing/": {"anonymous": 302, "supervisor": 200, "leader": 403,
                                        "reporter_a": 403},
    "/duban/periods/{period}/tasks/{task_a}/": {"anonymous": 302, "supervisor": 200,
                                               "leader": 403, "reporter_a": 403},
    "/duban/requests/": {"anonymous": 302, "supervisor": 200, "leader": 403, "reporter_a": 403},
    "/duban/causes/": {"anonymous": 302, "supervisor": 200, "leader": 403, "reporter_a": 403},
    "/duban/vocabulary/": {"anonymous": 302, "supervisor": 200, "leader": 403,
                           "reporter_a": 403},
    "/duban/tasks/{task_a}/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                              "reporter_a": 200, "reporter_b": 404},
    "/duban/tasks/{task_shared}/": {"supervisor": 200, "leader": 200, "reporter_a": 200,
                                   "reporter_b": 200},
    "/duban/tasks/999999/": {"supervisor": 404, "reporter_a": 404},
    "/duban/evidence/{evidence_a}/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                                     "reporter_a": 200, "reporter_b": 404},
}

# POST route → (form data, persona → expected status). Leaders never write (403); a reporter
# of another unit gets 404 for unit A's objects; the office cannot fill a unit's report.
POST_MATRIX = {
    "/duban/periods/{period}/report/{task_shared}/": (
        {"t{task_shared}-text": "本期新进展", "action": "save"},
        {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 302,
         "reporter_b": 302}),
    "/duban/periods/{period}/report/{task_b}/": (
        {"t{task_b}-text": "本期新进展", "action": "submit"},
        {"supervisor": 403, "leader": 403, "reporter_a": 404, "reporter_b": 302}),
    "/duban/periods/{period}/report/{task_a}/check/": (
        {"t{task_a}-text": "本期新进展"},
        {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 200,
         "reporter_b": 404}),
    "/duban/periods/{period}/ack/": (
        {}, {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 302}),
    "/duban/tasks/{task_a}/requests/": (
        {"kind": "dispute", "reason": "职能不符"},
        {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 302,
         "reporter_b": 404}),
    "/duban/periods/create/": (
        {"year": 2030, "kind": "quarter"},
        {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
    "/duban/periods/{period}/open/": (
        {}, {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
    "/duban/periods/{period}/close/": (
        {}, {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
    "/duban/periods/{period}/reopen/": (
        {"reason": "补报"}, {"anonymous": 302, "supervisor": 302, "leader": 403,
                              "reporter_a": 403}),
    "/duban/periods/{period}/queue/accept/": (
        {"report": "{report_a}"},
        {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
    "/duban/periods/{period}/tasks/{task_a}/decide/": (
        {"status": "in_progress", "light": "green", "version": 0},
        {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
    "/duban/reports/{report_a}/accept/": (
        {}, {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403,
             "reporter_b": 403}),
    "/duban/reports/{report_a}/return/": (
        {"note": "请补充数据"}, {"anonymous": 302, "supervisor": 302, "leader": 403,
                               "reporter_a": 403}),
    "/duban/requests/{request_a}/decide/": (
        {"decision": "approve"},
        {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
    "/duban/causes/": (
        {"name": "人员"}, {"anonymous": 302, "supervisor": 302, "leader": 403,
                           "reporter_a": 403}),
    "/duban/causes/{cause}/archive/": (
        {}, {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403}),
}


def _client(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def test_login_page_is_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户登录" in body and "密码" in body and 'lang="zh-CN"' in body


@pytest.mark.parametrize("persona", sorted(HOMES))
def test_each_role_lands_on_its_home_page_after_login(world, password, persona):
    client = Client()
    user = getattr(world, persona)
    response = client.post("/accounts/login/", {"username": user.username,
                                                "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == HOMES[persona]
    assert response.status_code == 200


def test_wrong_password_gives_a_chinese_message_and_no_session(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "office", "password": "x"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.fixture
def objects(world, settings, tmp_path) -> dict[str, int]:
    """Workflow objects of unit A the matrix asks for: a submitted report with evidence, a
    pending request and a lag cause; the ids fill the routes' placeholders."""
    from ducha.reporting.models import LagCause
    from ducha.reporting.services import change_request_create, report_save

    settings.MEDIA_ROOT = tmp_path / "media"
    now = dt.datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    pdf = SimpleUploadedFile("证明.pdf", buffer.getvalue())
    report = report_save(period=world.period, task=world.task_a, unit=world.unit_a,
                         text="已印发实施方案", by=world.reporter_a, now=now,
                         uploads=[(pdf, pdf.name)], submit=True)
    request = change_request_create(task=world.task_a, unit=world.unit_a, kind="dispute",
                                    reason="职能不符", by=world.reporter_a, today=now.date(),
                                    now=now)
    cause, _ = LagCause.objects.get_or_create(name="资金")
    return {"period": world.period.pk, "task_a": world.task_a.pk, "task_b": world.task_b.pk,
            "task_shared": world.task_shared.pk, "unit_a": world.unit_a.pk,
            "report_a": report.pk, "evidence_a": report.evidence.get().pk,
            "request_a": request.pk, "cause": cause.pk}


@pytest.mark.parametrize(("route", "persona", "expected"), [
    (route, persona, expected)
    for route, row in MATRIX.items() for persona, expected in row.items()
])
def test_route_persona_matrix(world, objects, route, persona, expected):
    assert _client(world, persona).get(route.format(**objects)).status_code == expected


@pytest.mark.parametrize(("route", "persona", "expected"), [
    (route, persona, expected)
    for route, (_data, row) in POST_MATRIX.items() for persona, expected in row.items()
])
def test_post_route_persona_matrix(world, objects, route, persona, expected):
    data = {key.format(**objects): str(value).format(**objects)
            for key, value in POST_MATRIX[route][0].items()}
    response = _client(world, persona).post(route.format(**objects), data)
    assert response.status_code == expected


def test_leader_cannot_write_any_workflow_route(world, objects):
    client = _client(world, "leader")
    for route, (data, _row) in POST_MATRIX.items():
        body = {k.format(**objects): str(v).format(**objects) for k, v in data.items()}
        assert client.post(route.format(**objects), body).status_code == 403, route


def test_reporter_home_lists_only_own_units_tasks(world):
    body = _client(world, "reporter_a").get("/unit/").content.decode()
    assert "甲局独办事项" in body and "甲乙共办事项" in body
    assert "乙局独办事项" not in body


def test_unit_names_are_escaped_on_pages(world):
    world.task_a.title = "<script>alert(1)</script>"
    world.task_a.save()
    body = _client(world, "reporter_a").get("/unit/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
