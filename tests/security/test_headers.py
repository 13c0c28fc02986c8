"""Security headers on every response, and a clean `check --deploy` in production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DUCHA = str(Path(sys.executable).with_name("ducha"))


def _assert_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("persona", ["anonymous", "supervisor", "reporter_a"])
@pytest.mark.parametrize("url", ["/accounts/login/", "/office/", "/unit/", "/no-such-page/",
                                 "/audit/", "/security/password/"])
def test_every_response_carries_the_security_headers(world, url, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    _assert_headers(client.get(url))


def test_errors_and_lockout_pages_carry_them_too(world):
    client = Client(enforce_csrf_checks=True)
    _assert_headers(client.post("/accounts/login/", {"username": "x"}))  # CSRF 403
    plain = Client()
    for _ in range(5):
        response = plain.post("/accounts/login/", {"username": "office", "password": "x"})
    assert response.status_code == 429
    _assert_headers(response)


def test_pages_shown_to_a_signed_in_user_are_not_cached(world):
    client = Client()
    client.force_login(world.supervisor)
    assert "no-store" in client.get("/office/")["Cache-Control"]


def test_pages_have_no_inline_script(world):
    client = Client()
    client.force_login(world.supervisor)
    for url in ("/accounts/login/", "/office/", "/security/password/"):
        body = client.get(url).content.decode()
        for tag in body.split("<script")[1:]:
            head = tag.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, head
        assert " onclick=" not in body and "javascript:" not in body


def test_deploy_check_is_clean_with_the_documented_production_settings(tmp_path):
    # browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DUCHA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "DUCHA_VAR_DIR": str(tmp_path),
        "DUCHA_SECRET_KEY": secrets.token_urlsafe(50),
        "DUCHA_SECURE_COOKIES": "1",
        "DUCHA_HSTS_SECONDS": "31536000",
        "DUCHA_ALLOWED_HOSTS": "ducha.example.gov.cn",
        "DUCHA_REQUIRE_2FA": "1",
    })
    result = subprocess.run([DUCHA, "manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_complains_without_them(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    env.update({"DUCHA_VAR_DIR": str(tmp_path), "DUCHA_SECRET_KEY": secrets.token_urlsafe(50)})
    result = subprocess.run([DUCHA, "manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr + result.stdout
