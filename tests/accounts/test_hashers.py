"""Passwords are stored as Argon2id at the documented cost; older hashes upgrade on login."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from ducha.accounts.models import User
from ducha.settings import PASSWORD_HASHERS as PRODUCTION_HASHERS

pytestmark = pytest.mark.django_db
PASSWORD = "Hasher-Test-2026"


@pytest.fixture
def production_hashers(settings):  # type: ignore[no-untyped-def]
    """The suite hashes with MD5 for speed; these tests use what production uses."""
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_a_new_password_is_argon2id_with_owasp_cost(production_hashers):
    user = User(username="hash_new", role="supervisor", display_name="测试")
    user.set_password(PASSWORD)
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")


@pytest.mark.parametrize("old_hasher", ["pbkdf2_sha256", "scrypt"])
def test_an_older_hash_is_upgraded_at_the_next_login(production_hashers, old_hasher):
    user = User.objects.create(username="hash_old", role="supervisor", display_name="测试",
                               password=make_password(PASSWORD, hasher=old_hasher))
    assert user.password.startswith(old_hasher)
    response = Client().post("/accounts/login/", {"username": "hash_old",
                                                  "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
