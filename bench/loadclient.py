"""A small HTTP client, server and database kit for load and fault runs against the real server.

Shared by ``bench/bench_deadline_rush.py`` and ``tests/faults/``. It speaks to ``ducha serve``
(gunicorn) on 127.0.0.1 only, the way a browser does: GET the login page for the CSRF token,
POST the credentials, GET the unit's period sheet, POST a task's card as htmx does
(``HX-Request``, multipart) with ``action=save`` or ``action=submit``.

Parts:
* ``Browser`` — one simulated user: cookies, CSRF token, timed requests (``Hit``).
* ``Server`` — ``ducha serve`` in its own process group (so SIGKILL reaches the gunicorn
  master and its workers), waited for until the login page answers.
* ``pg_create`` / ``pg_drop`` — a throwaway PostgreSQL database (127.0.0.1:5432, trust).
* a child entry point (``python bench/loadclient.py seed|verify``) that runs inside Django
  with the server's environment: ``seed`` prepares units, tasks, reporters and supervisors and
  prints them as JSON; ``verify`` checks submissions the client saw acknowledged against the
  database (stored exactly once, consistent, nothing half-written) and prints the verdict.

Only the standard library in the parent; the children import Django.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HOST = "127.0.0.1"
HERE = Path(__file__).resolve()
DUCHA = str(Path(sys.executable).with_name("ducha"))
PASSWORD = "Bench-Rush-2026-示例"
SUBMITTED_MARK = "已报送,等待督查室审核。"
DRAFT_MARK = "草稿已保存。"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (1).to_bytes(4, "big") * 2
       + b"\x08\x02\x00\x00\x00" + b"\x00" * 4)


# ---------------------------------------------------------------------------------------------
# The client


@dataclass
class Hit:
    """One request as the client saw it."""

    step: str
    status: int  # 0 when the connection failed or timed out
    seconds: float
    body: str = ""
    location: str = ""
    error: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]
              ) -> tuple[bytes, str]:
    """Encode form fields and files as a browser does (``multipart/form-data``)."""
    boundary = "----duchabench" + uuid.uuid4().hex
    out: list[bytes] = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   .encode() + value.encode() + b"\r\n")
    for name, filename, data in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n')
        out.append(head.encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One user agent: its cookies and CSRF token; every request is timed as a ``Hit``."""

    def __init__(self, port: int, timeout: float = 30.0, session: str = "") -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {"sessionid": session} if session else {}
        self.csrf = ""

    def request(self, step: str, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Hit:
        head = {"Host": f"{HOST}:{self.port}", "User-Agent": "ducha-bench/1",
                "Accept-Language": "zh-CN"}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            head["Origin"] = f"http://{HOST}:{self.port}"
            head["Referer"] = f"http://{HOST}:{self.port}{path}"
        head.update(headers or {})
        start = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=head)
            resp = conn.getresponse()
            data = resp.read()
            for name, value in resp.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val and "max-age=0" not in value.lower():
                        self.cookies[key.strip()] = val.strip()
                    else:
                        self.cookies.pop(key.strip(), None)
            hit = Hit(step, resp.status, time.perf_counter() - start,
                      data.decode("utf-8", "replace"), resp.getheader("Location") or "")
        except (OSError, http.client.HTTPException) as exc:
            hit = Hit(step, 0, time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}")
        finally:
            conn.close()
        if "csrftoken" in self.cookies:
            self.csrf = self.cookies["csrftoken"]
        if match := CSRF_FIELD.search(hit.body):
            self.csrf = match.group(1)
        return hit

    def get(self, path: str, step: str = "get", headers: dict[str, str] | None = None) -> Hit:
        return self.request(step, "GET", path, headers=headers)

    def post(self, path: str, data: dict[str, str], step: str = "post",
             files: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
             headers: dict[str, str] | None = None) -> Hit:
        fields = {"csrfmiddlewaretoken": self.csrf, **data}
        if files:
            body, ctype = multipart(fields, list(files))
        else:
            body, ctype = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request(step, "POST", path, body,
                            {"Content-Type": ctype, "X-CSRFToken": self.csrf, **(headers or {})})

    def login(self, username: str, password: str) -> list[Hit]:
        """GET the login page (CSRF token), POST the credentials; a 302 away means success."""
        page = self.get("/accounts/login/", "login_page")
        if page.status != 200:
            return [page]
        done = self.post("/accounts/login/", {"username": username, "password": password},
                         "login")
        return [page, done]

    @staticmethod
    def logged_in(hits: list[Hit]) -> bool:
        return len(hits) == 2 and hits[1].status == 302 and "login" not in hits[1].location

    def report_card(self, *, period: int, task: int, text: str, action: str,
                    step: str, confidence: str = "medium", milestone: str = "",
                    files: list[tuple[str, bytes]] = ()) -> Hit:  # type: ignore[assignment]
        """POST one task's card as htmx does: the response is the card with its notice."""
        prefix = f"t{task}"
        data = {f"{prefix}-text": text, f"{prefix}-confidence": confidence,
                f"{prefix}-next_milestone": milestone, f"{prefix}-next_milestone_date": "",
                "action": action}
        parts = [(f"{prefix}-evidence", name, blob) for name, blob in files]
        if not parts:  # the browser always sends the (empty) file input of the form
            parts = [(f"{prefix}-evidence", "", b"")]
        return self.post(f"/duban/periods/{period}/report/{task}/", data, step, files=parts,
                         headers={"HX-Request": "true",
                                  "HX-Target": f"task-{task}",
                                  "HX-Current-URL": f"http://{HOST}:{self.port}/duban/"
                                                    f"periods/{period}/report/"})


def acknowledged(hit: Hit, mark: str = SUBMITTED_MARK) -> bool:
    """The client saw the success: 2xx/3xx and the card's success notice."""
    return 200 <= hit.status < 400 and mark in hit.body


# ---------------------------------------------------------------------------------------------
# The server and its database


@dataclass
class Server:
    """``ducha serve`` (gunicorn, 2 sync workers) in its own process group."""

    env: dict[str, str]
    port: int
    log: Path
    workers: int = 2
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, wait: float = 60.0) -> Server:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [DUCHA, "serve", "--host", HOST, "--port", str(self.port),
             "--workers", str(self.workers)],
            env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        out.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ducha serve exited early:\n{self.tail()}")
            hit = Browser(self.port, timeout=5).get("/accounts/login/")
            if hit.status == 200:
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"ducha serve did not answer in {wait:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group: the gunicorn master and every worker."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.kill(signal.SIGKILL)  # workers orphaned by a dead master, if any
            return
        self.kill(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.kill(signal.SIGKILL)

    def group_alive(self) -> bool:
        """Whether any process of the server's group still runs (zombies do not count)."""
        if self.proc is None:
            return False
        self.proc.poll()  # reap the master if it is dead
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.proc.pid and fields[0] != "Z":  # pgrp, state
                return True
        return False


PG = {"host": HOST, "port": 5432, "user": "postgres"}


def pg_params(url: str | None) -> dict[str, Any]:
    """host/port/user of a postgres:// URL (defaults: 127.0.0.1:5432, postgres)."""
    from urllib.parse import urlparse

    if not url:
        return dict(PG)
    parsed = urlparse(url)
    return {"host": parsed.hostname or HOST, "port": parsed.port or 5432,
            "user": parsed.username or "postgres"}


def pg_url(name: str, params: dict[str, Any] | None = None) -> str:
    p = params or PG
    return f"postgres://{p['user']}@{p['host']}:{p['port']}/{name}"


def pg_available(params: dict[str, Any] | None = None) -> bool:
    try:
        import psycopg

        psycopg.connect(dbname="postgres", connect_timeout=5, **(params or PG)).close()
    except Exception:
        return False
    return True


def pg_create(name: str, params: dict[str, Any] | None = None, template: str = "") -> str:
    """A fresh database (optionally a copy of ``template``); returns its URL."""
    import psycopg

    pg_drop(name, params)
    with psycopg.connect(dbname="postgres", autocommit=True, **(params or PG)) as conn:
        conn.execute(f'CREATE DATABASE "{name}"'
                     + (f' TEMPLATE "{template}"' if template else ""))
    return pg_url(name, params)


def pg_drop(name: str, params: dict[str, Any] | None = None) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **(params or PG)) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def child(env: dict[str, str], command: str, payload: dict[str, Any],
          timeout: float = 300) -> dict[str, Any]:
    """Run ``loadclient.py <command>`` inside Django with ``env``; return its JSON answer."""
    proc = subprocess.run(
        [sys.executable, str(HERE), command], input=json.dumps(payload), env=env,
        capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# Children (run inside Django)


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    django.setup()


def _seed(cfg: dict[str, Any]) -> dict[str, Any]:
    """Prepare the database: ``base`` is ``demo`` (the demo city) or ``minimal`` (migrations
    and this year's quarters); then ``reporters`` units each with its own task (lead) and a
    reporter, optionally responsible on ``shared`` demo tasks too; then ``supervisors``."""
    _django()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from ducha.accounts.models import User
    from ducha.choices import PeriodKind, PeriodState, Role, SourceKind, UnitKind, UserRole
    from ducha.ledger.models import Assignment, Source, Task
    from ducha.org.models import Unit
    from ducha.reporting.models import Period
    from ducha.reporting.selectors import current_period

    today = timezone.localdate()
    sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    if cfg.get("base") == "demo":
        if sqlite:
            call_command("demo", no_serve=True, verbosity=0)
        else:
            from ducha.demo.generator import build_demo

            call_command("migrate", interactive=False, verbosity=0)
            build_demo(today=today)
    elif cfg.get("base") != "none":  # "none": a copy of an already migrated database
        call_command("migrate", interactive=False, verbosity=0)
    hashed = make_password(cfg.get("password", PASSWORD))  # once: hashing is slow on purpose
    from django.contrib.auth.hashers import check_password

    began = time.perf_counter()
    check_password(cfg.get("password", PASSWORD), hashed)
    hash_seconds = time.perf_counter() - began
    prefix = cfg.get("prefix", "yc")
    n = int(cfg.get("reporters", 0))
    with transaction.atomic():
        if not Period.objects.exists():
            year = today.year
            ends = [(3, 31), (6, 30), (9, 30), (12, 31)]
            for q, (m, d) in enumerate(ends, start=1):
                due = today.replace(month=m, day=d)
                Period.objects.create(year=year, kind=PeriodKind.QUARTER, index=q, due_date=due,
                                      state=PeriodState.CLOSED if due < today
                                      else PeriodState.OPEN)
        period = current_period(today=today)
        assert period is not None and period.state == PeriodState.OPEN
        office = User.objects.filter(role=UserRole.SUPERVISOR).first()
        source = Source.objects.create(
            kind=SourceKind.OTHER, title=f"压测事项清单({prefix})", year=today.year,
            content_hash=uuid.uuid4().hex * 2, created_by=office)
        units = Unit.objects.bulk_create(
            Unit(name=f"压测单位{prefix}{i:04d}", short_name=f"压测{prefix}{i:04d}",
                 kind=UnitKind.OTHER, sort_order=10000 + i) for i in range(n))
        tasks = Task.objects.bulk_create(
            Task(source=source, position=i + 1, number=f"{i + 1}.", chapter="一、压测章节",
                 title=f"压测事项{prefix}{i:04d}", text="按期报送进展。") for i in range(n))
        shared = list(Task.objects.exclude(source=source).order_by("id")
                      .values_list("id", flat=True)[: int(cfg.get("shared", 0))])
        Assignment.objects.bulk_create(
            [Assignment(task=t, unit=u, role=Role.LEAD, printed_name=u.name)
             for u, t in zip(units, tasks, strict=True)]
            + [Assignment(task_id=s, unit=u, role=Role.RESPONSIBLE, printed_name=u.name)
               for u in units for s in shared])
        User.objects.bulk_create(
            User(username=f"{prefix}{i:04d}", display_name=f"压测联络员{i:04d}",
                 role=UserRole.REPORTER, unit=u, password=hashed)
            for i, u in enumerate(units))
        sups = cfg.get("supervisors", [])
        User.objects.bulk_create(
            User(username=name, display_name=f"督查员{name}", role=UserRole.SUPERVISOR,
                 password=hashed) for name in sups)
    sessions = _sessions([f"{prefix}{i:04d}" for i in range(n)] + list(sups)) \
        if cfg.get("sessions") else {}
    return {"period": period.pk, "password": cfg.get("password", PASSWORD),
            "reporters": [{"username": f"{prefix}{i:04d}", "unit": u.pk, "task": t.pk,
                           "session": sessions.get(f"{prefix}{i:04d}", "")}
                          for i, (u, t) in enumerate(zip(units, tasks, strict=True))],
            "supervisors": sups, "sessions": sessions, "hash_seconds": hash_seconds,
            "hasher": hashed.split("$", 2)[0] + "$" + hashed.split("$", 2)[1]}


def _sessions(usernames: list[str]) -> dict[str, str]:
    """Signed-in sessions made as ``django.contrib.auth.login`` makes them, so fault runs need
    not pay the deliberately slow password hash once per simulated user."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ducha.accounts.models import User

    out = {}
    for user in User.objects.filter(username__in=usernames):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        out[user.username] = store.session_key
    return out


def _verify(cfg: dict[str, Any]) -> dict[str, Any]:
    """Check submissions against the database.

    ``expected`` lists ``{"username", "task", "text", "acked", "files": [sha256…]}``: every
    acknowledged one must be stored exactly once (one report, state submitted or later, the
    text sent, one '报送' history row, one audit row, an acknowledgement) — else it is *lost*
    or *duplicated*. Every report of these tasks — acknowledged or not — must be whole: its
    newest history row equal to the row, submitted ones with time and submitter, every
    evidence row with its file in storage and its digest; else it is *half-written*.
    Files in storage without a row are counted as *orphans* (a leftover is harmless).
    """
    _django()
    import hashlib

    from django.core.files.storage import default_storage

    from ducha.accounts.models import User
    from ducha.audit.models import AuditEvent
    from ducha.choices import ReportState
    from ducha.reporting.models import Acknowledgement, Evidence, Report

    period = int(cfg["period"])
    expected = cfg["expected"]
    users = dict(User.objects.filter(username__in=[e["username"] for e in expected])
                 .values_list("username", "id"))
    out: dict[str, Any] = {"acknowledged": 0, "stored_once": 0, "lost": [], "duplicated": [],
                           "half_written": [], "not_acked_but_stored": 0, "orphans": 0,
                           "evidence_rows": 0}
    reports = {r.task_id: r for r in Report.objects.filter(
        period_id=period, task_id__in=[e["task"] for e in expected])}
    counts: dict[int, int] = {}
    for r in Report.objects.filter(period_id=period, task_id__in=list(reports)):
        counts[r.task_id] = counts.get(r.task_id, 0) + 1
    submitted_states = (ReportState.SUBMITTED, ReportState.ACCEPTED)
    for e in expected:
        report = reports.get(e["task"])
        label = f"{e['username']}/task {e['task']}"
        if e["acked"]:
            out["acknowledged"] += 1
            if report is None or report.state not in submitted_states or report.text != e["text"]:
                out["lost"].append(label)
                continue
            submits = report.history.filter(history_change_reason="报送").count()
            audits = AuditEvent.objects.filter(action="report_submit", object_id=str(report.pk),
                                               object_type="reporting.Report").count()
            if counts.get(e["task"], 0) != 1 or submits != 1 or audits != 1:
                out["duplicated"].append(f"{label}: reports={counts.get(e['task'])} "
                                         f"history={submits} audit={audits}")
                continue
            if report.submitted_by_id != users.get(e["username"]):
                out["half_written"].append(f"{label}: submitted_by")
                continue
            out["stored_once"] += 1
        elif report is not None and report.state in submitted_states:
            out["not_acked_but_stored"] += 1
    known: set[str] = set()
    for report in reports.values():
        label = f"report {report.pk} (task {report.task_id})"
        newest = report.history.order_by("-history_date", "-history_id").first()
        if newest is None or newest.state != report.state or newest.text != report.text:
            out["half_written"].append(f"{label}: history does not match the row")
        if report.state in submitted_states and (report.submitted_at is None
                                                 or report.submitted_by_id is None):
            out["half_written"].append(f"{label}: submitted without time or submitter")
        if report.state in submitted_states and not Acknowledgement.objects.filter(
                period_id=period, assignment__task_id=report.task_id,
                assignment__unit_id=report.unit_id).exists():
            out["half_written"].append(f"{label}: submitted but not acknowledged (签收)")
        want = {e["task"]: e for e in expected}.get(report.task_id, {})
        for ev in Evidence.objects.filter(report=report):
            out["evidence_rows"] += 1
            known.add(ev.file.name)
            if not ev.history.exists():
                out["half_written"].append(f"{label}: evidence {ev.pk} without history")
            if not default_storage.exists(ev.file.name):
                out["half_written"].append(f"{label}: evidence {ev.pk} file missing")
                continue
            with default_storage.open(ev.file.name, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            if digest != ev.sha256 or ev.size != default_storage.size(ev.file.name):
                out["half_written"].append(f"{label}: evidence {ev.pk} digest differs")
        sent = want.get("files")
        if want.get("acked") and sent is not None:
            got = sorted(Evidence.objects.filter(report=report).values_list("sha256", flat=True))
            if got != sorted(sent):
                out["half_written"].append(f"{label}: evidence {len(got)} of {len(sent)}")
    root = Path(default_storage.location) / "evidence"
    if root.exists():
        for path in root.rglob("*"):
            if path.is_file():
                name = path.relative_to(default_storage.location).as_posix()
                if name not in known and not Evidence.objects.filter(file=name).exists():
                    out["orphans"] += 1
    return out


def _sql(cfg: dict[str, Any]) -> dict[str, Any]:
    """Small reads the tests need (assessment versions and the like), as JSON rows."""
    _django()
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(cfg["sql"], cfg.get("params", []))
        cols = [c[0] for c in cur.description or []]
        return {"rows": [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]}


def main() -> None:
    command = sys.argv[1]
    cfg = json.loads(sys.stdin.read() or "{}")
    handler = {"seed": _seed, "verify": _verify, "sql": _sql}[command]
    print(json.dumps(handler(cfg), ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
