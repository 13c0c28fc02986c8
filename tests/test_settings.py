"""Settings come from DUCHA_* variables through typed helpers; every one is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ducha.conf import DOCUMENTED, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[1]


def test_bool_reads_common_spellings():
    assert env_bool("X", False, {"X": "1"}) is True
    assert env_bool("X", True, {"X": "off"}) is False
    assert env_bool("X", True, {}) is True


@pytest.mark.parametrize("value", ["maybe", "2", "真"])
def test_malformed_bool_fails_at_start_up(value):
    with pytest.raises(ImproperlyConfigured, match="X"):
        env_bool("X", False, {"X": value})


def test_malformed_or_too_small_int_fails():
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1, {"N": "ten"})
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1, {"N": "0"}, minimum=1)
    assert env_int("N", 1, {"N": " 30 "}) == 30


def test_list_drops_blanks():
    assert env_list("H", [], {"H": "a, ,b,"}) == ["a", "b"]


def test_every_variable_the_code_reads_is_documented_in_conf_and_readme():
    used: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        used |= set(re.findall(r"\"(DUCHA_[A-Z0-9_]+)\"", path.read_text(encoding="utf-8")))
    assert used <= set(DOCUMENTED), used - set(DOCUMENTED)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in DOCUMENTED), [n for n in DOCUMENTED if n not in readme]


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_sqlite_is_hardened(settings):
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("this run uses PostgreSQL; the SQLite options are checked in the SQLite run")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_the_run_uses_the_engine_it_announces(settings):
    """scripts/run-tests.sh names each run; a misrouted run must fail, not pass quietly."""
    import os

    announced = os.environ.get("DUCHA_TEST_ENGINE", "")
    expected = {"sqlite": "sqlite3", "postgres": "postgresql"}.get(announced)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if expected is not None:
        assert engine == expected
    assert engine in {"sqlite3", "postgresql"}
