"""Fault tests run the REAL server (``ducha serve``: gunicorn, 2 sync workers) on a throwaway
database of the suite's engine: a PostgreSQL database created for the module on the suite's
PostgreSQL (``DUCHA_DATABASE_URL``) and dropped afterwards, or a SQLite file in a temporary
``DUCHA_VAR_DIR`` when the suite runs on SQLite.

The client, the server wrapper and the seed/verify children live in ``bench/loadclient.py``
(shared with the deadline-rush benchmark). Reporters get signed-in sessions from the seed, so a
module does not pay the deliberately slow password hash once per simulated user; supervisors
in the optimistic-locking test log in through the real login page.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[2] / "bench" / "loadclient.py"
_spec = importlib.util.spec_from_file_location("ducha_bench_loadclient", _PATH)
assert _spec is not None and _spec.loader is not None
lc = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = lc
_spec.loader.exec_module(lc)


def suite_url() -> str:
    return os.environ.get("DUCHA_DATABASE_URL", "")


def on_postgres() -> bool:
    return suite_url().startswith(("postgres://", "postgresql://"))


@dataclass
class Deployment:
    """A seeded throwaway database and the real server in front of it."""

    env: dict[str, str]
    tmp: Path
    server: Any  # loadclient.Server
    seed: dict[str, Any]
    engine: str

    @property
    def period(self) -> int:
        return int(self.seed["period"])

    def browser(self, reporter: dict[str, Any] | None = None, timeout: float = 30) -> Any:
        return lc.Browser(self.server.port, timeout=timeout,
                          session=reporter["session"] if reporter else "")

    def verify(self, expected: list[dict[str, Any]]) -> dict[str, Any]:
        return lc.child(self.env, "verify", {"period": self.period, "expected": expected},
                        timeout=120)

    def sql(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return lc.child(self.env, "sql", {"sql": sql, "params": params or []},
                        timeout=60)["rows"]

    def restart(self) -> None:
        self.server.stop()
        self.server = lc.Server(self.env, lc.free_port(), self.tmp / "server.log").start()


@dataclass
class Template:
    """A migrated database (with this year's periods), copied by every module."""

    engine: str
    sqlite_dir: Path | None = None
    pg_name: str = ""


@pytest.fixture(scope="session")
def fault_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """Migrate once per session (migrations cost far more than copying a database)."""
    env = {k: v for k, v in os.environ.items() if k != "DUCHA_DATABASE_URL"}
    if on_postgres():
        params = lc.pg_params(suite_url())
        name = f"ducha_fault_tmpl_{os.getpid()}"
        env["DUCHA_DATABASE_URL"] = lc.pg_create(name, params)
        try:
            lc.child(env, "seed", {"base": "minimal"}, timeout=300)
            yield Template("postgres", pg_name=name)
        finally:
            lc.pg_drop(name, params)
        return
    var = tmp_path_factory.mktemp("fault-template") / "var"
    env["DUCHA_VAR_DIR"] = str(var)
    lc.child(env, "seed", {"base": "minimal"}, timeout=300)
    yield Template("sqlite", sqlite_dir=var)


@contextmanager
def deployment(tmp_path_factory: pytest.TempPathFactory, template: Template, label: str,
               **seed: Any) -> Iterator[Deployment]:
    """A copy of the template with ``seed``'s units and users, and the server in front."""
    tmp = tmp_path_factory.mktemp(f"fault-{label}")
    var = tmp / "var"
    env = {k: v for k, v in os.environ.items() if k != "DUCHA_DATABASE_URL"}
    env["DUCHA_VAR_DIR"] = str(var)
    pg_name = f"ducha_fault_{label}_{os.getpid()}"
    params = lc.pg_params(suite_url()) if template.engine == "postgres" else None
    if params is not None:
        env["DUCHA_DATABASE_URL"] = lc.pg_create(pg_name, params, template=template.pg_name)
    else:
        assert template.sqlite_dir is not None
        var.mkdir()
        for f in template.sqlite_dir.glob("ducha.sqlite3*"):
            shutil.copy2(f, var / f.name)
    server = None
    try:
        data = lc.child(env, "seed", {"base": "none", "sessions": True, **seed}, timeout=180)
        server = lc.Server(env, lc.free_port(), tmp / "server.log").start()
        dep = Deployment(env, tmp, server, data, template.engine)
        yield dep
        server = dep.server
    finally:
        if server is not None:
            server.stop()
        if params is not None:
            lc.pg_drop(pg_name, params)
        shutil.rmtree(var, ignore_errors=True)


def sent(username: str, task: int, text: str, acked: bool,
         files: list[bytes] | None = None) -> dict[str, Any]:
    """One submission as ``loadclient._verify`` expects it."""
    import hashlib

    return {"username": username, "task": task, "text": text, "acked": acked,
            "files": None if files is None else [hashlib.sha256(f).hexdigest() for f in files]}
