"""The three separated administrators, beside the root conftest's supervision personas."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from ducha.accounts.models import User
from ducha.choices import UserRole

ADMIN_PASSWORD = "Admin-Passw0rd-示例"


@dataclass
class Admins:
    sysadmin: User
    secadmin: User
    auditor: User


def _admin(username: str, role: str) -> User:
    user = User(username=username, role=role, display_name=username)
    user.set_password(ADMIN_PASSWORD)
    user.save()
    return user


@pytest.fixture
def admins(db: None) -> Admins:
    return Admins(sysadmin=_admin("sys1", UserRole.SYSADMIN),
                  secadmin=_admin("sec1", UserRole.SECADMIN),
                  auditor=_admin("aud1", UserRole.AUDITOR))


@pytest.fixture
def login_as():
    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client
    return _login
