"""API tokens: stored hashed, shown once, revocable, audited; issued on a page and by command."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ducha.api.models import ApiToken
from ducha.api.services import api_token_create, api_token_revoke, token_digest
from ducha.audit.models import AuditEvent
from ducha.base import DuchaError

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"dct_[A-Za-z0-9_-]{40,}")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_token_is_stored_only_as_its_digest(world, now):
    token, raw = api_token_create(user=world.reporter_a, name="数据对接", by=world.reporter_a,
                                  now=now)
    token.refresh_from_db()
    assert token.key_hash == token_digest(raw) and raw not in token.key_hash
    assert raw.startswith(token.prefix) and len(token.prefix) == 12
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    event = AuditEvent.objects.get(action="api_token_create")
    assert event.actor_id == world.reporter_a.pk and raw not in str(event.detail)


def test_admin_roles_cannot_be_issued_a_token(sysadmin, now):
    with pytest.raises(DuchaError, match="不使用督查数据接口"):
        api_token_create(user=sysadmin, name="试图签发", by=None, now=now)


def test_nobody_issues_a_token_for_someone_else(world, now):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(user=world.reporter_a, name="代签", by=world.supervisor, now=now)


def test_a_token_name_is_required(world, now):
    with pytest.raises(DuchaError, match="用途"):
        api_token_create(user=world.leader, name="  ", by=world.leader, now=now)


def test_only_the_owner_or_the_security_administrator_revokes(world, now):
    from django.core.exceptions import PermissionDenied

    from ducha.accounts.models import User
    from ducha.choices import UserRole

    token, _ = api_token_create(user=world.leader, name="驾驶舱", by=None, now=now)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, by=world.supervisor, now=now)
    secadmin = User.objects.create(username="secadm", role=UserRole.SECADMIN)
    api_token_revoke(token=token, by=secadmin, now=now)
    with pytest.raises(DuchaError, match="无需再次吊销"):
        api_token_revoke(token=token, by=world.leader, now=now)
    assert AuditEvent.objects.filter(action="api_token_revoke", actor_id=secadmin.pk).exists()


def test_token_page_shows_a_new_token_once_and_revokes_it(world, expect_error):
    client = _client(world.reporter_a)
    assert client.get("/api/tokens/").status_code == 200
    response = client.post("/api/tokens/", {"name": "区县数据对接"})
    body = response.content.decode()
    raw = TOKEN.search(body).group(0)
    assert response["Cache-Control"] == "no-store, private"
    assert raw not in client.get("/api/tokens/").content.decode()

    api = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    assert api.get("/api/tasks", headers=headers).status_code == 200
    token = ApiToken.objects.get(user=world.reporter_a)
    assert token.last_used_at is not None
    assert "从未使用" not in client.get("/api/tokens/").content.decode()

    response = client.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
    assert "已吊销" in response.content.decode()
    expect_error(api.get("/api/tasks", headers=headers), 401, "token_revoked")


def test_token_page_refuses_a_blank_name_in_chinese(world):
    body = _client(world.leader).post("/api/tokens/", {"name": ""}).content.decode()
    assert "请填写令牌用途" in body and not TOKEN.search(body)


def test_one_cannot_revoke_another_users_token(world, now):
    token, _ = api_token_create(user=world.reporter_b, name="乙局", by=None, now=now)
    response = _client(world.reporter_a).post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(("persona", "expected"), [
    ("anonymous", 302), ("supervisor", 200), ("leader", 200), ("reporter_a", 200),
    ("sysadmin", 403)])
def test_token_page_matrix(world, sysadmin, persona, expected):
    client = Client()
    if persona != "anonymous":
        client.force_login(sysadmin if persona == "sysadmin" else getattr(world, persona))
    assert client.get("/api/tokens/").status_code == expected


def test_command_creates_lists_and_revokes(world):
    out = io.StringIO()
    call_command("api_token", "create", "--user", "rep_a", "--name", "脚本", stdout=out)
    raw = TOKEN.search(out.getvalue()).group(0)
    token = ApiToken.objects.get(key_hash=token_digest(raw))
    assert token.created_by is None

    out = io.StringIO()
    call_command("api_token", "list", "--user", "rep_a", stdout=out)
    assert token.prefix in out.getvalue() and raw not in out.getvalue()

    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token_revoke", actor_id=None).exists()


def test_command_errors_are_chinese(world, sysadmin):
    with pytest.raises(CommandError, match="没有找到用户"):
        call_command("api_token", "create", "--user", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="不使用督查数据接口"):
        call_command("api_token", "create", "--user", "sysadm", "--name", "x")
    with pytest.raises(CommandError, match="没有编号为"):
        call_command("api_token", "revoke", "999999")


def test_a_disabled_account_or_pending_password_change_stops_its_tokens(api, world,
                                                                        expect_error):
    world.leader.must_change_password = True
    world.leader.save()
    expect_error(api.get("leader", "/api/tasks"), 401, "password_change_required")
    world.leader.must_change_password = False
    world.leader.is_active = False
    world.leader.save()
    expect_error(api.get("leader", "/api/tasks"), 401, "account_inactive")


def test_a_role_change_applies_to_existing_tokens_at_once(api, world, expect_error):
    """A token carries no permissions of its own: it acts with the user's current role."""
    from ducha.choices import UserRole

    assert api.get("leader", f"/api/tasks/{world.task_b.pk}").status_code == 200
    world.leader.role, world.leader.unit = UserRole.REPORTER, world.unit_a
    world.leader.save()
    expect_error(api.get("leader", f"/api/tasks/{world.task_b.pk}"), 404)
