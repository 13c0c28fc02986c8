"""The second factor for supervisors and administrators when DUCHA_REQUIRE_2FA=1."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from ducha.audit.models import AuditEvent
from ducha.security.models import TotpDevice
from ducha.security.totp import totp_code

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def two_factor(settings):
    settings.DUCHA_REQUIRE_2FA = True


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       follow=True)


def test_without_the_setting_no_second_factor_is_asked(world, password):
    client = Client()
    response = _login(client, "office", password)
    assert response.redirect_chain[-1][0] == "/office/"


def test_a_supervisor_enrols_then_reaches_the_office(two_factor, world, password):
    client = Client()
    with time_machine.travel(T0, tick=False):
        response = _login(client, "office", password)
        assert response.redirect_chain[-1][0] == "/security/2fa/enrol/"
        body = response.content.decode()
        assert "data:image/svg+xml" in body and "绑定动态口令" in body
        assert client.get("/office/")["Location"] == "/security/2fa/enrol/"
        secret = TotpDevice.objects.get(user=world.supervisor).secret
        assert secret in body
        wrong = client.post("/security/2fa/enrol/", {"code": "000000"})
        assert "动态口令不正确" in wrong.content.decode()
        ok = client.post("/security/2fa/enrol/", {"code": totp_code(secret, now=T0)})
        assert ok.status_code == 302
        assert client.get("/office/").status_code == 200
    assert TotpDevice.objects.get(user=world.supervisor).confirmed_at == T0


def test_after_enrolment_every_login_asks_for_the_code_once(two_factor, world, password):
    device = TotpDevice.objects.create(user=world.supervisor, secret=SECRET,
                                       confirmed_at=T0)
    client = Client()
    with time_machine.travel(T0 + dt.timedelta(days=1), tick=False):
        now = T0 + dt.timedelta(days=1)
        response = _login(client, "office", password)
        assert response.redirect_chain[-1][0] == "/security/2fa/verify/"
        assert client.get("/office/").status_code == 302
        code = totp_code(device.secret, now=now)
        assert client.post("/security/2fa/verify/", {"code": code}).status_code == 302
        assert client.get("/office/").status_code == 200
        other = Client()
        _login(other, "office", password)
        replay = other.post("/security/2fa/verify/", {"code": code})
        assert "已使用过" in replay.content.decode()  # a code works once
    assert AuditEvent.objects.filter(action="totp_verify", result="failure").count() == 1


def test_reporters_and_leaders_need_no_second_factor(two_factor, world, password):
    assert _login(Client(), "rep_a", password).redirect_chain[-1][0] == "/unit/"
    assert _login(Client(), "leader", password).redirect_chain[-1][0] == "/cockpit/"


def test_administrators_need_the_second_factor(two_factor, admins):
    client = Client()
    response = client.post("/accounts/login/", {"username": "aud1",
                                                "password": "Admin-Passw0rd-示例"}, follow=True)
    assert response.redirect_chain[-1][0] == "/security/2fa/enrol/"
    assert client.get("/audit/").status_code == 302


def test_wrong_codes_count_as_login_failures_and_lock(two_factor, world, password):
    TotpDevice.objects.create(user=world.supervisor, secret=SECRET, confirmed_at=T0)
    client = Client()
    with time_machine.travel(T0, tick=False):
        _login(client, "office", password)
        for _ in range(4):
            response = client.post("/security/2fa/verify/", {"code": "123456"})
            assert response.status_code == 200
        response = client.post("/security/2fa/verify/", {"code": "123456"}, follow=True)
    assert "已被锁定至" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_security_administrator_resets_a_lost_device(two_factor, world, admins, login_as):
    TotpDevice.objects.create(user=world.supervisor, secret=SECRET, confirmed_at=T0)
    sec = login_as(admins.secadmin)
    session = sec.session  # force_login skips the real second factor
    session["ducha_2fa_ok"] = True
    session.save()
    assert sec.post(f"/security/sec/accounts/{world.supervisor.pk}/2fa-reset/").status_code == 302
    assert not TotpDevice.objects.filter(user=world.supervisor).exists()
    assert AuditEvent.objects.filter(action="totp_reset", actor=admins.secadmin).exists()


def test_the_second_factor_comes_before_the_password_change(two_factor, world, password):
    world.supervisor.must_change_password = True
    world.supervisor.save()
    client = Client()
    with time_machine.travel(T0, tick=False):
        _login(client, "office", password)
        assert client.get("/security/password/")["Location"] == "/security/2fa/enrol/"
        secret = TotpDevice.objects.get(user=world.supervisor).secret
        client.post("/security/2fa/enrol/", {"code": totp_code(secret, now=T0)})
        assert client.get("/office/")["Location"] == "/security/password/"
        assert client.get("/security/password/").status_code == 200
