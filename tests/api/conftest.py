"""API fixtures: a token per persona (and a system administrator's), a client that sends it,
and unit A's workflow objects the routes act on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.test.client import Client as DjangoClient
from django.utils import timezone

from ducha.accounts.models import User
from ducha.api.models import ApiToken
from ducha.api.services import TOKEN_PREFIX, api_token_create, token_digest
from ducha.choices import IndicatorKind, UserRole
from ducha.ledger.models import Indicator
from ducha.reporting.models import LagCause

NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PERSONAS = ("supervisor", "leader", "reporter_a", "reporter_b", "sysadmin")
HAN = range(0x4E00, 0xA000)


def has_chinese(text: str) -> bool:
    return any(ord(c) in HAN for c in text)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the one error shape with a Chinese message; returns the error."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message"} <= set(error) <= {"code", "message", "fields"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert has_chinese(error["message"]), error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error


@pytest.fixture
def sysadmin(db: None) -> User:
    user = User(username="sysadm", role=UserRole.SYSADMIN, display_name="系统管理员")
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def tokens(world, sysadmin) -> dict[str, str]:
    """persona → raw token. Admin roles cannot be issued one; the system administrator's row
    is written directly to prove the API refuses such a token all the same."""
    raw = {p: api_token_create(user=getattr(world, p), name=f"{p}测试", by=None,
                               now=timezone.now())[1]
           for p in PERSONAS if p != "sysadmin"}
    raw["sysadmin"] = f"{TOKEN_PREFIX}sysadmin-token-written-directly"
    ApiToken.objects.create(user=sysadmin, name="直接写入", prefix=raw["sysadmin"][:12],
                            key_hash=token_digest(raw["sysadmin"]), created_at=timezone.now())
    return raw


class ApiClient:
    """Sends JSON with a persona's bearer token (or none, for 'anonymous')."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        self.client: DjangoClient = Client()

    def call(self, persona: str, method: str, path: str, body: Any = None,
             raw: str | None = None) -> Any:
        headers = {}
        if persona != "anonymous":
            headers["Authorization"] = f"Bearer {self.tokens[persona]}"
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None or raw is not None:
            kwargs["data"] = raw if raw is not None else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(path, **kwargs)

    def get(self, persona: str, path: str) -> Any:
        return self.call(persona, "GET", path)

    def post(self, persona: str, path: str, body: Any = None) -> Any:
        return self.call(persona, "POST", path, body if body is not None else {})


@pytest.fixture
def api(tokens) -> ApiClient:
    return ApiClient(tokens)


@pytest.fixture
def objects(world) -> dict[str, int]:
    """Unit A's submitted report on task A, an indicator on task A and a lag cause."""
    from ducha.reporting.services import report_save

    indicator = Indicator.objects.create(task=world.task_a, name="新增就业", kind=IndicatorKind.COUNT,
                                         comparator=">=", value=Decimal(1000), measure="人")
    report = report_save(period=world.period, task=world.task_a, unit=world.unit_a,
                         text="已印发实施方案,完成年度目标的 30%", by=world.reporter_a, now=NOW,
                         submit=True)
    cause, _ = LagCause.objects.get_or_create(name="资金")
    return {"period": world.period.pk, "task_a": world.task_a.pk, "task_b": world.task_b.pk,
            "task_shared": world.task_shared.pk, "unit_a": world.unit_a.pk,
            "unit_b": world.unit_b.pk, "report_a": report.pk, "indicator_a": indicator.pk,
            "cause": cause.pk}


@pytest.fixture
def fill(objects) -> Callable[[Any], Any]:
    """Fill {placeholders} in paths and (nested) bodies with the objects' ids."""

    def _fill(value: Any) -> Any:
        if isinstance(value, str):
            text = value.format(**objects)
            return int(text) if value.startswith("{") and value.endswith("}") else text
        if isinstance(value, dict):
            return {k: _fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [_fill(v) for v in value]
        return value

    return _fill


@pytest.fixture
def expect_error() -> Callable[..., dict[str, Any]]:
    """``assert_error`` for test modules (importlib mode cannot import conftest)."""
    return assert_error


@pytest.fixture
def now() -> dt.datetime:
    return NOW
