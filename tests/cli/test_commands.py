"""The `ducha` command on a throwaway SQLite file: init, check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DUCHA = str(Path(sys.executable).with_name("ducha"))


def _run(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DUCHA_DATABASE_URL"}
    env["DUCHA_VAR_DIR"] = str(var)
    return subprocess.run([DUCHA, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    var = tmp_path_factory.mktemp("var")
    result = _run(var, "init", "--username", "chief")
    assert result.returncode == 0, result.stderr
    password = re.search(r"一次性密码: (\S+)", result.stdout)
    assert password, result.stdout
    return var, password.group(1)


def test_init_creates_a_supervisor_whose_one_time_password_works(initialised):
    var, password = initialised
    script = (
        "from django.contrib.auth import authenticate;"
        f"u = authenticate(username='chief', password='{password}');"
        "print(u.role if u else 'FAILED')"
    )
    result = _run(var, "manage", "shell", "--no-imports", "-c", script)
    assert result.stdout.strip() == "supervisor", result.stderr


def test_init_twice_says_the_account_exists(initialised):
    var, _ = initialised
    result = _run(var, "init", "--username", "chief")
    assert result.returncode != 0
    assert "已存在" in result.stderr


def test_check_passes_on_an_initialised_database(initialised):
    var, _ = initialised
    result = _run(var, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stdout


def test_check_reports_pending_migrations(tmp_path):
    result = _run(tmp_path, "check")
    assert result.returncode != 0
    assert "迁移尚未执行" in result.stdout


def test_malformed_setting_fails_at_start_up(tmp_path):
    env_bad = {**os.environ, "DUCHA_VAR_DIR": str(tmp_path), "DUCHA_DEBUG": "perhaps"}
    env_bad.pop("DUCHA_DATABASE_URL", None)
    result = subprocess.run([DUCHA, "check"], env=env_bad, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "DUCHA_DEBUG" in result.stderr
