"""Cockpit latency at a million reports, against a bare indexed COUNT(*) on the same database.

For SQLite, ``ducha demo --no-serve --scale N`` builds a fresh database in a subprocess with
its own ``DUCHA_VAR_DIR`` (N = ``BENCH_COCKPIT_SCALE``, default 780: 1,000,5xx reports);
for PostgreSQL (127.0.0.1:5432, user postgres, trust) a throwaway database is created, filled
with the same generator and dropped — skipped when PostgreSQL is unreachable. Both are then
``ANALYZE``d (PostgreSQL ``VACUUM ANALYZE``d, as autovacuum would; the generator does neither,
see the note printed at the end).

Every cockpit endpoint is requested through Django's test client as the demo leader:
* ``cold`` — the result cache emptied before each request (the first view after a write);
* ``warm`` — repeated requests (the cache keyed by the data fingerprint answers).
Median and p99 of each are printed with their ratio to the floor: ``SELECT COUNT(*) FROM
reporting_report WHERE period_id = %s`` (served by an index) timed the same way in the same run.

Environment: ``BENCH_COCKPIT_SCALE`` (smaller for a quick run), ``BENCH_COCKPIT_ROUNDS``
(warm repetitions, default 30), ``BENCH_COCKPIT_COLD`` (cold repetitions, default 3),
``BENCH_COCKPIT_SQLITE_DIR`` (reuse a var dir holding a built demo database),
``BENCH_COCKPIT_PG=0`` (skip PostgreSQL), ``BENCH_COCKPIT_PG_DB`` (reuse a PostgreSQL
database holding a built demo, kept afterwards), ``BENCH_COCKPIT_TIMEOUT`` (seconds allowed to
each build or measurement, default 3600).

The cockpit reads running totals (``ducha.cockpit.totals``) that the generator rebuilds at the
end; a database built before they existed needs ``ducha manage migrate`` (which computes them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCALE = int(os.environ.get("BENCH_COCKPIT_SCALE", "780"))
ROUNDS = int(os.environ.get("BENCH_COCKPIT_ROUNDS", "30"))
COLD = int(os.environ.get("BENCH_COCKPIT_COLD", "3"))
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DUCHA = str(Path(sys.executable).with_name("ducha"))
GOAL_MS = 50.0
TIMEOUT = int(os.environ.get("BENCH_COCKPIT_TIMEOUT", "3600"))  # seconds per child process


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _child_setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    django.setup()


def _build_pg(scale: int) -> None:
    """Child: migrate the throwaway PostgreSQL database and fill it with the demo city."""
    _child_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from ducha.demo.generator import build_demo

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    result = build_demo(today=timezone.localdate(), scale=scale)
    with connection.cursor() as cursor:  # as autovacuum would: statistics, visibility map
        cursor.execute("VACUUM ANALYZE")
    print(json.dumps({"seconds": time.perf_counter() - start, **result.counts}))


def _endpoints() -> list[str]:
    from ducha.org.models import Unit

    unit = Unit.objects.order_by("sort_order", "id").values_list("id", flat=True).first()
    return ["/cockpit/", f"/cockpit/?unit={unit}", "/cockpit/ranking/",
            "/cockpit/ranking/?sort=-overdue_days", "/cockpit/ranking.xlsx",
            "/cockpit/indicators/", "/cockpit/tasks/", "/cockpit/tasks/?page=20",
            "/cockpit/recurring/", "/cockpit/search/?q=老旧小区", "/cockpit/search/?q=养老"]


def _measure() -> None:
    """Child: time the floor and every endpoint, cold and warm; print JSON."""
    _child_setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from ducha.accounts.models import User
    from ducha.reporting.models import Period, Report

    period = Period.objects.order_by("-due_date").filter(assessments__isnull=False).first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="lingdao"))

    def floor_once() -> float:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM reporting_report WHERE period_id = %s",
                           [period.pk])
            cursor.fetchone()
        return time.perf_counter() - start

    client.get("/cockpit/search/")  # the first request loads templates and URL modules
    floor_once()
    floor = [floor_once() for _ in range(ROUNDS)]
    out = {"reports": Report.objects.count(), "floor": floor, "endpoints": {}}
    for url in _endpoints():
        cold = []
        for _ in range(COLD):
            cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            cold.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - start)
        out["endpoints"][url] = {"cold": cold, "warm": warm}
    print(json.dumps(out))


def _run_child(args: list[str], env: dict[str, str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True,
                          text=True, check=False, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _report(engine: str, data: dict) -> bool:
    floor = statistics.median(data["floor"]) * 1000
    print(f"\n{engine}: {data['reports']:,} reports; floor (indexed COUNT(*) of one period) "
          f"median {floor:.2f} ms, p99 {_pct(data['floor'], 0.99) * 1000:.2f} ms")
    print(f"{'endpoint':40} {'warm med':>9} {'warm p99':>9} {'ratio':>7} "
          f"{'cold med':>9} {'cold max':>9} {'ratio':>7}")
    ok = True
    for url, times in data["endpoints"].items():
        warm = statistics.median(times["warm"]) * 1000
        cold = statistics.median(times["cold"]) * 1000
        ok &= warm < GOAL_MS and cold < GOAL_MS
        print(f"{url:40} {warm:9.1f} {_pct(times['warm'], 0.99) * 1000:9.1f} "
              f"{warm / floor:6.1f}x {cold:9.1f} {max(times['cold']) * 1000:9.1f} "
              f"{cold / floor:6.1f}x", flush=True)
    print(f"goal: every endpoint under {GOAL_MS:.0f} ms median, cold and warm: "
          f"{'met' if ok else 'NOT met'}")
    return ok


def _sqlite() -> None:
    reuse = os.environ.get("BENCH_COCKPIT_SQLITE_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        var = reuse or tmp
        env = {**os.environ, "DUCHA_VAR_DIR": var}
        env.pop("DUCHA_DATABASE_URL", None)
        if not reuse:
            start = time.perf_counter()
            subprocess.run([DUCHA, "demo", "--no-serve", "--scale", str(SCALE)], env=env,
                           check=True, capture_output=True, timeout=TIMEOUT)
            print(f"SQLite: ducha demo --scale {SCALE} took {time.perf_counter() - start:.0f} s",
                  flush=True)
        import sqlite3

        con = sqlite3.connect(Path(var) / "ducha.sqlite3")
        con.execute("ANALYZE")
        con.close()
        _report("SQLite", _run_child(["--measure"], env))


def _postgres() -> None:
    if os.environ.get("BENCH_COCKPIT_PG", "1") == "0":
        return
    reuse = os.environ.get("BENCH_COCKPIT_PG_DB")
    if reuse:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DUCHA_VAR_DIR": tmp,
                   "DUCHA_DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/"
                                         f"{reuse}"}
            _report("PostgreSQL", _run_child(["--measure"], env))
        return
    try:
        import psycopg

        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **PG)
    except Exception as exc:  # unreachable: say so and skip
        print(f"\nPostgreSQL unreachable ({exc}); skipped.")
        return
    name = f"ducha_bench_cockpit_{os.getpid()}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DUCHA_VAR_DIR": tmp,
                   "DUCHA_DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/"
                                         f"{name}"}
            try:
                built = _run_child(["--build-pg", str(SCALE)], env)
            except subprocess.TimeoutExpired:
                print(f"\nPostgreSQL: building scale {SCALE} took over {TIMEOUT} s; skipped "
                      "(set BENCH_COCKPIT_SCALE lower or BENCH_COCKPIT_TIMEOUT higher).")
                return
            print(f"\nPostgreSQL: build_demo(scale={SCALE}) took {built['seconds']:.0f} s",
                  flush=True)
            _report("PostgreSQL", _run_child(["--measure"], env))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def main() -> None:
    started = time.perf_counter()
    print(f"cockpit benchmark at scale {SCALE} ({dt.date.today()}); "
          f"{ROUNDS} warm and {COLD} cold requests per endpoint")
    _sqlite()
    _postgres()
    print("\nnote: cold = first view after any write (the result cache is keyed by a data "
          "fingerprint); warm = every later view until the next write. Both databases were "
          "ANALYZEd after the build: without it SQLite picks a plan that makes the indicator "
          "page about 300x slower.")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--measure":
        _measure()
    elif len(sys.argv) == 3 and sys.argv[1] == "--build-pg":
        _build_pg(int(sys.argv[2]))
    else:
        main()
