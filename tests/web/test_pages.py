"""Role home pages: each role lands on its own page and cannot open the others'."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HOMES = {"supervisor": "/office/", "leader": "/leader/", "reporter_a": "/unit/"}

# route → persona → expected status for GET; every new route joins this matrix.
MATRIX = {
    "/office/": {"anonymous": 302, "supervisor": 200, "leader": 403, "reporter_a": 403},
    "/unit/": {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 200},
    "/leader/": {"anonymous": 302, "supervisor": 200, "leader": 200, "reporter_a": 403},
    "/admin/": {"anonymous": 302, "supervisor": 302, "leader": 302, "reporter_a": 302},
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


@pytest.mark.parametrize(("route", "persona", "expected"), [
    (route, persona, expected)
    for route, row in MATRIX.items() for persona, expected in row.items()
])
def test_route_persona_matrix(world, route, persona, expected):
    assert _client(world, persona).get(route).status_code == expected


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
