"""Five failures within 15 minutes lock the account and the address for 15 minutes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from ducha.audit.models import AuditEvent
from ducha.security.models import Lockout

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 17:00 in Shanghai


def _post(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _fail(client: Client, username: str, times: int, address: str = "10.0.0.1"):
    return [_post(client, username, "wrong-password", address) for _ in range(times)]


def test_fifth_failure_locks_the_account_and_says_until_when(world, password):
    client = Client()
    with time_machine.travel(T0, tick=False):
        responses = _fail(client, "office", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert "用户名或密码不正确" in responses[3].content.decode()
    locked = responses[4]
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "已被锁定至 2026年3月2日 17:15" in body and "安全管理员" in body
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        right = _post(client, "office", password, address="10.9.9.9")  # other address too
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_fifteen_minutes(world, password):
    client = Client()
    with time_machine.travel(T0, tick=False):
        _fail(client, "office", 5)
    with time_machine.travel(T0 + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert _post(client, "office", password).status_code == 429
    with time_machine.travel(T0 + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _post(client, "office", password).status_code == 302


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(world, password):
    client = Client()
    for minute in (0, 4, 8, 12, 16, 20):
        with time_machine.travel(T0 + dt.timedelta(minutes=minute), tick=False):
            assert _fail(client, "office", 1)[0].status_code == 200
    with time_machine.travel(T0 + dt.timedelta(minutes=21), tick=False):
        assert _post(client, "office", password).status_code == 302


def test_an_address_trying_many_accounts_is_locked(world, password):
    client = Client()
    with time_machine.travel(T0, tick=False):
        for name in ("a1", "a2", "a3", "a4", "a5"):
            last = _post(client, name, "x", address="10.6.6.6")
        assert last.status_code == 429
        assert "本机地址(10.6.6.6)" in last.content.decode()
        assert _post(client, "leader", password, address="10.6.6.6").status_code == 429
        assert _post(client, "leader", password, address="10.7.7.7").status_code == 302


def test_a_successful_login_clears_the_account_count(world, password):
    client = Client()
    with time_machine.travel(T0, tick=False):
        _fail(client, "office", 4, address="10.1.1.1")
        assert _post(client, "office", password, address="10.1.1.2").status_code == 302
        client.logout()
        assert _fail(client, "office", 1, address="10.1.1.3")[0].status_code == 200


def test_the_security_administrator_can_release_a_lock(world, admins, login_as, password):
    client = Client()
    with time_machine.travel(T0, tick=False):
        _fail(client, "office", 5)
        lock = Lockout.objects.get(kind="account", key="office")
        sec = login_as(admins.secadmin)
        assert "office" in sec.get("/security/sec/").content.decode()
        sec.post(f"/security/sec/locks/{lock.pk}/release/")
        Lockout.objects.filter(kind="address").update(released_at=T0)
        assert _post(client, "office", password).status_code == 302
    lock.refresh_from_db()
    assert lock.released_by == admins.secadmin
    assert AuditEvent.objects.filter(action="unlock", actor=admins.secadmin).exists()


def test_lockout_is_audited(world):
    client = Client()
    with time_machine.travel(T0, tick=False):
        _fail(client, "office", 6)
    failures = AuditEvent.objects.filter(action="login_failure", actor_username="office")
    assert failures.count() == 6
    assert failures.filter(detail__reason="locked").count() == 1
    assert AuditEvent.objects.filter(action="lockout").count() == 2  # account and address


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(world, settings):
    client = Client()
    with time_machine.travel(T0, tick=False):
        for i in range(5):
            client.post("/accounts/login/", {"username": f"u{i}", "password": "x"},
                        REMOTE_ADDR="10.3.3.3", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert Lockout.objects.filter(kind="address", key="10.3.3.3").exists()
    settings.DUCHA_TRUSTED_PROXIES = ["10.8.8.8"]
    with time_machine.travel(T0, tick=False):
        for i in range(5):
            client.post("/accounts/login/", {"username": f"v{i}", "password": "x"},
                        REMOTE_ADDR="10.8.8.8", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.77")
    assert Lockout.objects.filter(kind="address", key="192.0.2.77").exists()
    assert not Lockout.objects.filter(kind="address", key="10.8.8.8").exists()


def _failure_times() -> list[dt.datetime]:
    from ducha.security.models import LoginFailure

    return sorted(LoginFailure.objects.values_list("at", flat=True))


def test_old_failure_counts_are_pruned_at_the_next_failure(world):
    from ducha.security.lockout import KEEP_FAILURES, WINDOW
    from ducha.security.models import LoginFailure

    assert KEEP_FAILURES >= WINDOW  # pruning never removes a row a lockout count reads
    old, recent = T0 - KEEP_FAILURES - dt.timedelta(minutes=1), T0 - dt.timedelta(minutes=5)
    LoginFailure.objects.bulk_create([
        LoginFailure(username="office", address="10.0.0.9", at=old),
        LoginFailure(username="office", address="10.0.0.9", at=T0 - dt.timedelta(hours=23)),
        *[LoginFailure(username="office", address="10.0.0.9", at=recent) for _ in range(4)]])
    with time_machine.travel(T0, tick=False):
        responses = _fail(Client(), "office", 1, address="10.0.0.9")
    times = _failure_times()
    assert old not in times and len(times) == 6 and times[-1] == T0
    assert responses[0].status_code == 429  # the recent four plus this one still lock
    assert AuditEvent.objects.filter(action="login_failure").count() == 1


def test_the_prune_command_removes_only_what_no_lockout_needs(world, capsys):
    from django.core.management import call_command

    from ducha.security.models import LoginFailure

    LoginFailure.objects.bulk_create(
        [LoginFailure(username=f"u{i}", address="10.0.0.8", at=T0 - dt.timedelta(days=3))
         for i in range(7)] + [LoginFailure(username="office", address="10.0.0.8", at=T0)])
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        call_command("security", "prune")
    assert "已删除 7 条" in capsys.readouterr().out
    assert _failure_times() == [T0]
