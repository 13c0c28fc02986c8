"""Backup while running, restore into an empty database, and refusal of bad backups."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from ducha.audit.services import audit_record
from ducha.security.backup import backup_check, backup_restore

DUCHA = str(Path(sys.executable).with_name("ducha"))
FILES = {"evidence/2026/q1/现场照片.png": b"\x89PNG\r\n\x1a\n" + b"\x01" * 300,
         "evidence/2026/q1/说明.txt": "已完成年度目标的 80%".encode(),
         "bulletins/通报-第1期.docx": b"PK\x03\x04" + os.urandom(2048)}


def _norm(row) -> str:
    """A row as text; aware timestamps in UTC so both drivers' time zones compare equal."""
    return repr(tuple(v.astimezone(dt.UTC).isoformat()
                      if isinstance(v, dt.datetime) and v.tzinfo else v for v in row))


def _rows_source() -> dict[str, list[str]]:
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            out[table] = sorted(_norm(r) for r in cursor.fetchall())
    return out


def _rows_sqlite(path: Path) -> dict[str, list[str]]:
    # Same converters as Django's own SQLite connection (registered globally by Django).
    db = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                       "AND name NOT LIKE 'sqlite_%'")]
    out = {t: sorted(_norm(r) for r in db.execute(f'SELECT * FROM "{t}"'))
           for t in tables}
    db.close()
    return out


def _pg_conninfo(name: str) -> dict[str, object]:
    s = connection.settings_dict
    return {"dbname": name, "host": s.get("HOST") or None, "port": s.get("PORT") or None,
            "user": s.get("USER") or None, "password": s.get("PASSWORD") or None}


def _rows_pg(name: str) -> dict[str, list[str]]:
    import psycopg
    from psycopg.types.string import TextLoader

    with psycopg.connect(**_pg_conninfo(name)) as conn:
        for json_type in ("json", "jsonb"):  # as Django's connection reads them: text
            conn.adapters.register_loader(json_type, TextLoader)
        cur = conn.cursor()
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [r[0] for r in cur.fetchall()]
        out = {}
        for t in tables:
            cur.execute(f'SELECT * FROM "{t}"')
            out[t] = sorted(_norm(r) for r in cur.fetchall())
    return out


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, data in FILES.items():
        assert default_storage.save(name, ContentFile(data)) == name
    return settings.MEDIA_ROOT


@pytest.fixture
def target(tmp_path):
    """An empty database of the same engine, and the environment that points ducha at it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    env["DUCHA_VAR_DIR"] = str(tmp_path / "restored-var")
    env["DUCHA_SECRET_KEY"] = secrets.token_urlsafe(50)
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        env["DUCHA_DATABASE_URL"] = f"sqlite:///{path}"
        yield env, lambda: _rows_sqlite(path)
        return
    import psycopg

    name = f"ducha_restore_{secrets.token_hex(4)}"
    admin = psycopg.connect(**_pg_conninfo("postgres"), autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    env["DUCHA_DATABASE_URL"] = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:" \
                                f"{s['PORT'] or 5432}/{name}"
    try:
        yield env, lambda: _rows_pg(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _ducha(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DUCHA, *args], env=env, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_gives_every_row_and_file_back(world, media, target,
                                                                      tmp_path):
    env, restored_rows = target
    audit_record(action="export", by=world.supervisor, detail={"rows": 3, "text": "=1+1 中文"})
    before = _rows_source()
    call_command("backup", str(tmp_path / "bk"))
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["accounts_user"] == 4
    assert set(FILES) == {n.removeprefix("media/") for n in manifest["files"]
                          if n.startswith("media/")}

    result = _ducha(env, "restore", str(tmp_path / "bk"))
    assert result.returncode == 0, result.stderr
    assert "行数与清单一致" in result.stdout

    after = restored_rows()
    assert set(after) == set(before)
    for table, rows in before.items():
        if table == "audit_auditchainhead":
            continue
        restored = after[table]
        if table == "audit_auditevent":  # the restore itself is the one row added
            added = [r for r in restored if r not in rows]
            assert len(added) == 1 and "'restore'" in added[0]
            restored = [r for r in restored if r in rows]
        assert restored == rows, table
    for name, data in FILES.items():
        assert (tmp_path / "restored-var" / "media" / name).read_bytes() == data
    verify = _ducha(env, "audit", "verify")
    assert verify.returncode == 0, verify.stderr


@pytest.mark.django_db(transaction=True)
def test_bad_backups_are_refused(world, media, tmp_path):
    call_command("backup", str(tmp_path / "bk"))
    backup = tmp_path / "bk"
    assert backup_check(directory=backup)["format"] == "ducha-backup"

    def refused(match: str) -> None:
        with pytest.raises(CommandError, match=match):
            call_command("restore", str(backup), check=True)

    photo = backup / "media" / "evidence/2026/q1/现场照片.png"
    original = photo.read_bytes()
    photo.write_bytes(original[:-1] + b"\x00")
    refused("校验值不符")
    photo.unlink()
    refused("缺少文件")
    photo.write_bytes(original)
    (backup / "media" / "planted.sh").write_bytes(b"rm -rf /")
    refused("清单之外")
    (backup / "media" / "planted.sh").unlink()
    manifest = (backup / "manifest.json").read_bytes()
    (backup / "manifest.json").write_bytes(manifest.replace(b'"accounts_user": 4',
                                                            b'"accounts_user": 5'))
    refused("清单的校验值不符")
    (backup / "manifest.json").write_bytes(manifest)
    call_command("restore", str(backup), check=True)  # intact again


@pytest.mark.django_db(transaction=True)
def test_foreign_backups_and_non_empty_targets_are_refused(world, media, tmp_path):
    import hashlib

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    body = json.dumps({"format": "other-app", "version": 1}).encode()
    (foreign / "manifest.json").write_bytes(body)
    (foreign / "manifest.sha256").write_text(hashlib.sha256(body).hexdigest())
    with pytest.raises(CommandError, match="不是 Ducha 的备份"):
        call_command("restore", str(foreign))
    with pytest.raises(CommandError, match=r"没有 manifest\.json"):
        call_command("restore", str(tmp_path))

    call_command("backup", str(tmp_path / "bk"))
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(tmp_path / "bk"))

    other_engine = json.loads((tmp_path / "bk" / "manifest.json").read_text(encoding="utf-8"))
    other_engine["engine"] = "oracle"
    body = json.dumps(other_engine).encode()
    (tmp_path / "bk" / "manifest.json").write_bytes(body)
    (tmp_path / "bk" / "manifest.sha256").write_text(hashlib.sha256(body).hexdigest())
    with pytest.raises(CommandError, match="备份来自 oracle"):
        call_command("restore", str(tmp_path / "bk"))


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(tmp_path))


def test_restore_service_refuses_before_touching_anything(tmp_path):
    with pytest.raises(Exception, match="不是 Ducha 备份"):
        backup_restore(directory=tmp_path)
