"""Session idle timeout and cookie flags."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def test_a_session_idle_longer_than_the_timeout_ends(world, password, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.post("/accounts/login/", {"username": "office", "password": password})
        assert client.get("/office/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(minutes=29), tick=False):
        assert client.get("/office/").status_code == 200  # activity renews the session
    with time_machine.travel(T0 + dt.timedelta(minutes=58), tick=False):
        assert client.get("/office/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(minutes=88, seconds=1), tick=False):
        response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_session_and_csrf_cookies_are_http_only(world, password):
    client = Client()
    response = client.post("/accounts/login/", {"username": "office", "password": password})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _settings_in_subprocess(env: dict[str, str], expr: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expr})"
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "ducha.settings", **env}
    result = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True,
                            text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_cookies_are_secure_when_served_over_tls(tmp_path):
    expr = "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT"
    env = {"DUCHA_VAR_DIR": str(tmp_path)}
    assert _settings_in_subprocess(env, expr) == "False False False"
    env["DUCHA_SECURE_COOKIES"] = "1"
    assert _settings_in_subprocess(env, expr) == "True True True"


def test_idle_timeout_is_configurable(tmp_path):
    env = {"DUCHA_VAR_DIR": str(tmp_path), "DUCHA_SESSION_IDLE_MINUTES": "10"}
    assert _settings_in_subprocess(env, "s.SESSION_COOKIE_AGE") == "600"
