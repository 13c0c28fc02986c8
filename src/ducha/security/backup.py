"""Backup and restore (数据备份与恢复): a consistent snapshot while the server runs.

A backup directory holds ``db.sqlite3`` (SQLite's online backup API) or ``db.dump``
(``pg_dump -Fc`` on an exported snapshot), ``media/`` (every file in the default storage) and
``manifest.json`` (format, engine, applied migrations, row counts per table of the snapshot,
SHA-256 and size of every file) with ``manifest.sha256``. The database is copied first and the
files after it, so every file a row refers to is in the backup (files are never deleted).

``backup_restore`` refuses a damaged backup (a checksum or the file list differs), a foreign
one (not a Ducha backup, another engine, migrations this code does not know) and a target that
is not empty; after restoring it compares the row counts with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from ducha.base import DuchaError

FORMAT = "ducha-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
MEDIA = "media"


class BackupError(DuchaError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "backup")


@dataclass(frozen=True)
class BackupResult:
    directory: Path
    tables: dict[str, int]
    files: int
    bytes: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


# ---- database snapshots --------------------------------------------------------------------

def _sqlite_counts(db: sqlite3.Connection) -> tuple[dict[str, int], list[str]]:
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
              for t in tables}
    migrations = [f"{a}.{n}" for a, n in db.execute(
        "SELECT app, name FROM django_migrations ORDER BY app, name")] \
        if "django_migrations" in counts else []
    return counts, migrations


def _sqlite_backup(target: Path) -> tuple[dict[str, int], list[str]]:
    connection.ensure_connection()
    dst = sqlite3.connect(target)
    try:
        connection.connection.backup(dst)  # online, consistent, while others write
        return _sqlite_counts(dst)
    finally:
        dst.close()


def _pg_params() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = [f"--dbname={s['NAME']}"]
    if s.get("HOST"):
        args.append(f"--host={s['HOST']}")
    if s.get("PORT"):
        args.append(f"--port={s['PORT']}")
    if s.get("USER"):
        args.append(f"--username={s['USER']}")
    env = {**os.environ, "PGCONNECT_TIMEOUT": "20"}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name};请安装与 PostgreSQL 服务器同版本的客户端工具"
                          "(Debian: postgresql-client)。")
    return path


def _pg_connect() -> Any:
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(dbname=s["NAME"], host=s.get("HOST") or None,
                           port=s.get("PORT") or None, user=s.get("USER") or None,
                           password=s.get("PASSWORD") or None, autocommit=False)


def _pg_counts(cur: Any) -> tuple[dict[str, int], list[str]]:
    from psycopg import sql

    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename")
    tables = [r[0] for r in cur.fetchall()]
    counts = {}
    for table in tables:
        cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cur.fetchone()[0]
    migrations: list[str] = []
    if "django_migrations" in counts:
        cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{a}.{n}" for a, n in cur.fetchall()]
    return counts, migrations


def _pg_backup(target: Path) -> tuple[dict[str, int], list[str]]:
    args, env = _pg_params()
    with _pg_connect() as conn, conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        snapshot = cur.fetchone()[0]
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}", *args],
            env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败:{result.stderr.strip()[:500]};"
                              "请检查数据库连接与 pg_dump 版本(须不低于服务器版本)。")
        snapshot_counts = _pg_counts(cur)  # the same snapshot as the dump
        conn.rollback()
    return snapshot_counts


# ---- media ---------------------------------------------------------------------------------

def _walk(storage: Storage, prefix: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{prefix}{f}" for f in files]
    for d in dirs:
        names.extend(_walk(storage, f"{prefix}{d}/"))
    return sorted(names)


def _copy_media(directory: Path, storage: Storage) -> dict[str, str]:
    files: dict[str, str] = {}
    for name in _walk(storage):
        target = directory / MEDIA / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        files[f"{MEDIA}/{name}"] = sha256_file(target)
    return files


# ---- backup --------------------------------------------------------------------------------

def backup_create(*, directory: Path, now: dt.datetime,
                  storage: Storage | None = None) -> BackupResult:
    """Write a backup of the database and the media files into an empty ``directory``."""
    storage = storage or default_storage
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"备份目录 {directory} 不是空的;请指定一个新目录(例如按日期命名)。")
    directory.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "sqlite":
        db_name = "db.sqlite3"
        tables, migrations = _sqlite_backup(directory / db_name)
    elif engine == "postgresql":
        db_name = "db.dump"
        tables, migrations = _pg_backup(directory / db_name)
    else:
        raise BackupError(f"不支持备份 {engine} 数据库;Ducha 只支持 SQLite 与 PostgreSQL。")
    files = {db_name: sha256_file(directory / db_name)}
    files.update(_copy_media(directory, storage))
    manifest = {
        "format": FORMAT, "version": VERSION, "created_at": now.isoformat(), "engine": engine,
        "database": db_name, "migrations": migrations, "tables": tables,
        "files": {name: {"sha256": digest, "size": (directory / name).stat().st_size}
                  for name, digest in files.items()},
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    (directory / MANIFEST).write_bytes(body)
    (directory / MANIFEST_SUM).write_text(hashlib.sha256(body).hexdigest() + "\n",
                                          encoding="ascii")
    total = sum(v["size"] for v in manifest["files"].values())
    return BackupResult(directory, tables, len(files) - 1, total)


# ---- checking ------------------------------------------------------------------------------

def backup_check(*, directory: Path) -> dict[str, Any]:
    """The manifest of a complete, undamaged Ducha backup for this engine and code."""
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} 中没有 {MANIFEST},不是 Ducha 备份;请指定 ducha backup "
                          "生成的目录。")
    body = path.read_bytes()
    try:
        expected = (directory / MANIFEST_SUM).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        expected = ""
    if hashlib.sha256(body).hexdigest() != expected:
        raise BackupError("备份清单的校验值不符,清单已损坏或被改动;请换用另一份备份。")
    try:
        manifest = json.loads(body)
    except ValueError:
        raise BackupError("备份清单无法解析;请换用另一份备份。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("这不是 Ducha 的备份(格式标识不符);请指定 ducha backup 生成的目录。")
    if manifest.get("version") != VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('version')} 与本程序({VERSION})不符;"
                          "请用生成该备份的 Ducha 版本恢复。")
    if manifest.get("engine") != _engine():
        raise BackupError(f"备份来自 {manifest.get('engine')} 数据库,当前数据库是 {_engine()};"
                          "请把 DUCHA_DATABASE_URL 指向同类数据库后再恢复。")
    _check_files(directory, manifest)
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True)
             .disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(f"备份含有本程序不认识的数据库迁移({', '.join(unknown[:3])}…),"
                          "来自更新版本或其他系统;请升级 Ducha 后再恢复。")
    return manifest


def _check_files(directory: Path, manifest: dict[str, Any]) -> None:
    listed = manifest.get("files", {})
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}
    present -= {MANIFEST, MANIFEST_SUM}
    missing = sorted(set(listed) - present)
    extra = sorted(present - set(listed))
    if missing:
        raise BackupError(f"备份缺少文件 {missing[0]}(共 {len(missing)} 个);请换用另一份完整备份。")
    if extra:
        raise BackupError(f"备份中有清单之外的文件 {extra[0]}(共 {len(extra)} 个),可能被改动;"
                          "请换用另一份备份。")
    for name, info in listed.items():
        if sha256_file(directory / name) != info.get("sha256"):
            raise BackupError(f"备份文件 {name} 的校验值不符,已损坏或被改动;请换用另一份备份。")


# ---- restore -------------------------------------------------------------------------------

def _table_counts_now() -> tuple[dict[str, int], list[str]]:
    if _engine() == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with _pg_connect() as conn, conn.cursor() as cur:
        return _pg_counts(cur)


def backup_restore(*, directory: Path, storage: Storage | None = None) -> dict[str, Any]:
    """Restore a checked backup into an empty database and empty media storage."""
    storage = storage or default_storage
    manifest = backup_check(directory=directory)
    if connection.introspection.table_names():
        raise BackupError("目标数据库不是空的;恢复只能写入新建的空数据库,"
                          "请新建数据库并把 DUCHA_DATABASE_URL 指向它。")
    if _walk(storage):
        raise BackupError("附件存储不是空的;请清空或指定新的数据目录(DUCHA_VAR_DIR)后再恢复。")
    source = directory / manifest["database"]
    if _engine() == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    else:
        args, env = _pg_params()
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [_program("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", *args, str(source)],
            env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败:{result.stderr.strip()[:500]};"
                              "数据库未被改动,请检查连接与权限后重试。")
    connection.close()
    for name in manifest["files"]:
        if not name.startswith(f"{MEDIA}/"):
            continue
        target = name.removeprefix(f"{MEDIA}/")
        with (directory / name).open("rb") as handle:
            saved = storage.save(target, File(handle))
        if saved != target:
            raise BackupError(f"附件 {target} 恢复时被改名为 {saved};请清空附件存储后重试。")
    counts, _migrations = _table_counts_now()
    if counts != manifest["tables"]:
        diff = sorted(t for t in set(counts) | set(manifest["tables"])
                      if counts.get(t) != manifest["tables"].get(t))
        raise BackupError(f"恢复后的行数与备份清单不符(表 {', '.join(diff[:5])});"
                          "请勿使用该数据库,并换用另一份备份。")
    return manifest
