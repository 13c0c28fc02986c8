"""Separated duties (三权分立): each administrator does only its own work, none supervises."""

from __future__ import annotations

import pytest
from django.test import Client

from ducha.accounts.models import User
from ducha.audit.models import AuditEvent
from ducha.choices import UserRole

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "supervisor", "leader", "reporter_a", "sysadmin", "secadmin", "auditor"]
OK = {"sysadmin": "/security/sys/", "secadmin": "/security/sec/", "auditor": "/audit/"}

# route → expected GET status per persona (302 for anonymous is the login redirect).
MATRIX: dict[str, dict[str, int]] = {
    "/office/": {"supervisor": 200},
    "/unit/": {"reporter_a": 200},
    "/cockpit/": {"supervisor": 200, "leader": 200},
    "/security/sys/": {"sysadmin": 200},
    "/security/sys/accounts/new/": {"sysadmin": 200},
    "/security/sys/units/new/": {"sysadmin": 200},
    "/security/sys/accounts/{rep}/edit/": {"sysadmin": 200},
    "/security/sec/": {"secadmin": 200},
    "/security/sec/accounts/{rep}/role/": {"secadmin": 200},
    "/audit/": {"auditor": 200},
    "/audit/export.xlsx": {"auditor": 200},
    "/audit/export.csv": {"auditor": 200},
    "/security/password/": {p: 200 for p in PERSONAS if p != "anonymous"},
}
# POST-only actions: the owner is redirected back with a message, everyone else gets 403.
POSTS: dict[str, str] = {
    "/security/sys/accounts/{rep}/deactivate/": "sysadmin",
    "/security/sys/units/{unit}/archive/": "sysadmin",
    "/security/sec/accounts/{rep}/password-reset/": "secadmin",
    "/security/sec/accounts/{rep}/activate/": "secadmin",
    "/security/sec/accounts/{rep}/2fa-reset/": "secadmin",
}


def _client(world, admins, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        user = getattr(admins, persona, None) or getattr(world, persona)
        client.force_login(user)
    return client


def _expected(row: dict[str, int], persona: str) -> int:
    if persona == "anonymous":
        return 302
    return row.get(persona, 403)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_get_matrix(world, admins, route, persona):
    url = route.format(rep=world.reporter_b.pk, unit=world.unit_b.pk)
    response = _client(world, admins, persona).get(url)
    assert response.status_code == _expected(MATRIX[route], persona), url


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(POSTS))
def test_post_matrix(world, admins, route, persona):
    url = route.format(rep=world.reporter_b.pk, unit=world.unit_b.pk)
    response = _client(world, admins, persona).post(url)
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona == POSTS[route]:
        assert response.status_code in {200, 302}
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_each_administrator_lands_on_its_own_page(world, admins, persona):
    response = Client()
    response.post("/accounts/login/", {"username": getattr(admins, persona).username,
                                       "password": "Admin-Passw0rd-示例"})
    assert response.get("/", follow=True).redirect_chain[-1][0] == OK[persona]


def test_denials_are_audited(world, admins):
    _client(world, admins, "auditor").get("/security/sys/")
    event = AuditEvent.objects.get(action="permission_denied")
    assert event.actor == admins.auditor and event.result == "denied"
    assert event.detail["path"] == "/security/sys/"
    assert "系统管理员" in event.detail["reason"]


def test_account_lifecycle_needs_both_administrators(world, admins):
    sys_client = _client(world, admins, "sysadmin")
    response = sys_client.post("/security/sys/accounts/new/", {
        "username": "rep_c", "display_name": "丙局联络员", "phone": "123",
        "role": UserRole.REPORTER, "unit": world.unit_a.pk})
    assert response.status_code == 302
    new = User.objects.get(username="rep_c")
    assert not new.is_active and not new.has_usable_password()
    sec_client = _client(world, admins, "secadmin")
    granted = sec_client.post(f"/security/sec/accounts/{new.pk}/activate/")
    body = granted.content.decode()
    assert "一次性密码" in body and "只显示这一次" in body
    new.refresh_from_db()
    assert new.is_active and new.must_change_password
    changed = sec_client.post(f"/security/sec/accounts/{new.pk}/role/",
                              {"role": UserRole.LEADER, "unit": ""})
    assert changed.status_code == 302
    new.refresh_from_db()
    assert new.role == UserRole.LEADER and new.unit is None
    sys_client.post(f"/security/sys/accounts/{new.pk}/deactivate/")
    new.refresh_from_db()
    assert not new.is_active and User.objects.filter(pk=new.pk).exists()  # never deleted
    actions = list(AuditEvent.objects.filter(object_id=str(new.pk)).values_list("action",
                                                                                 flat=True))
    assert actions == ["account_create", "account_activate", "role_change",
                       "account_deactivate"]


def test_reporter_role_without_a_unit_is_refused_in_chinese(world, admins):
    response = _client(world, admins, "secadmin").post(
        f"/security/sec/accounts/{world.leader.pk}/role/", {"role": UserRole.REPORTER})
    assert "必须属于一个单位" in response.content.decode()
    world.leader.refresh_from_db()
    assert world.leader.role == UserRole.LEADER


def test_administrator_accounts_cannot_be_changed_from_the_pages(world, admins):
    sec = _client(world, admins, "secadmin")
    assert sec.get(f"/security/sec/accounts/{admins.sysadmin.pk}/role/").status_code == 404
    assert sec.post(f"/security/sec/accounts/{admins.auditor.pk}/password-reset/"
                    ).status_code == 404
    sysc = _client(world, admins, "sysadmin")
    assert sysc.post(f"/security/sys/accounts/{admins.secadmin.pk}/deactivate/"
                     ).status_code == 404
    admins.secadmin.refresh_from_db()
    assert admins.secadmin.is_active


def test_no_role_can_be_granted_an_administrator_role(world, admins):
    response = _client(world, admins, "secadmin").post(
        f"/security/sec/accounts/{world.leader.pk}/role/", {"role": UserRole.SYSADMIN})
    assert response.status_code == 200
    world.leader.refresh_from_db()
    assert world.leader.role == UserRole.LEADER


def test_password_reset_forces_a_change_and_ends_old_sessions(world, admins, password):
    victim = Client()
    victim.post("/accounts/login/", {"username": "rep_b", "password": password})
    assert victim.get("/unit/").status_code == 200
    response = _client(world, admins, "secadmin").post(
        f"/security/sec/accounts/{world.reporter_b.pk}/password-reset/")
    assert "密码已重置" in response.content.decode()
    assert victim.get("/unit/").status_code == 302
    world.reporter_b.refresh_from_db()
    assert world.reporter_b.must_change_password


def test_units_are_archived_never_deleted(world, admins):
    sysc = _client(world, admins, "sysadmin")
    sysc.post("/security/sys/units/new/", {"name": "测试市丙局", "short_name": "丙局",
                                           "kind": "department"})
    from ducha.org.models import Unit

    unit = Unit.objects.get(name="测试市丙局")
    sysc.post(f"/security/sys/units/{unit.pk}/archive/")
    unit.refresh_from_db()
    assert unit.archived_at is not None
    refused = sysc.post(f"/security/sys/units/{world.unit_a.pk}/archive/", follow=True)
    assert "还有启用中的联络员账户" in refused.content.decode()


def test_user_supplied_names_are_escaped_on_admin_pages(world, admins):
    world.reporter_a.display_name = "<script>alert(1)</script>"
    world.reporter_a.save()
    for persona, url in (("sysadmin", "/security/sys/"), ("secadmin", "/security/sec/")):
        body = _client(world, admins, persona).get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_administrators_are_created_from_the_command_line_only(db, capsys):
    import re

    from django.core.management import CommandError, call_command

    call_command("security", "create-admin", "--role", "auditor", "--username", "shenji")
    out = capsys.readouterr().out
    password = re.search(r"一次性密码: (\S+)", out).group(1)
    user = User.objects.get(username="shenji")
    assert user.role == UserRole.AUDITOR and user.must_change_password
    assert user.check_password(password) and not user.is_staff
    with pytest.raises(CommandError, match="已存在"):
        call_command("security", "create-admin", "--role", "auditor", "--username", "shenji")
    assert AuditEvent.objects.filter(action="account_create", object_id=str(user.pk)).exists()


def test_a_locked_administrator_can_be_released_from_the_command_line(world, capsys):
    from django.core.management import call_command

    for _ in range(5):
        Client().post("/accounts/login/", {"username": "office", "password": "x"},
                      REMOTE_ADDR="10.9.0.1")
    call_command("security", "unlock", "office")
    assert "已解除 1 项锁定" in capsys.readouterr().out
