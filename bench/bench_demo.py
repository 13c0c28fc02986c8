"""Demo generator throughput against a raw sqlite3 executemany of the same rows (same run).

For each scale a fresh SQLite file is built in a subprocess (so settings point at it); the
time of ``build_demo`` alone is compared with inserting the same number of report rows with
plain ``sqlite3.executemany`` in one transaction — the floor.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCALES = [int(s) for s in os.environ.get("BENCH_DEMO_SCALES", "1,10,50").split(",")]


def _one(scale: int) -> None:
    """Child: migrate a fresh database, then time build_demo."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    django.setup()
    from django.core.management import call_command

    from ducha.demo.generator import build_demo

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    result = build_demo(today=dt.date(2026, 11, 25), scale=scale)
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, **result.counts}))


def _floor(rows: int, folder: Path) -> float:
    """Raw sqlite3: one transaction of executemany inserting `rows` report-shaped rows."""
    con = sqlite3.connect(folder / "floor.sqlite3")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, unit_id INT, task_id INT, "
                "period_id INT, text TEXT, state TEXT, created_at TEXT, updated_at TEXT, "
                "submitted_at TEXT, accepted_at TEXT, archived_at TEXT, "
                "UNIQUE (unit_id, task_id, period_id))")
    text = "正在加快推进城镇老旧小区改造,目前已完成62%,计划于11月底前全面完成。"
    data = [(i % 77, i // 308, i % 4, text, "accepted", "2026-01-01", "2026-01-01",
             "2026-01-01", None, None) for i in range(rows)]
    start = time.perf_counter()
    with con:
        con.executemany("INSERT INTO report (unit_id, task_id, period_id, text, state, "
                        "created_at, updated_at, submitted_at, accepted_at, archived_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?)", data)
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> None:
    print(f"{'scale':>6} {'reports':>9} {'rows/s':>9} {'generator s':>12} {'floor s':>9} "
          f"{'ratio':>7}")
    for scale in SCALES:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DUCHA_VAR_DIR": tmp}
            env.pop("DUCHA_DATABASE_URL", None)
            out = subprocess.run([sys.executable, __file__, "--one", str(scale)], env=env,
                                 capture_output=True, text=True, check=True)
            res = json.loads(out.stdout.strip().splitlines()[-1])
            floor = _floor(res["reports"], Path(tmp))
        ratio = res["seconds"] / floor
        print(f"{scale:>6} {res['reports']:>9} {res['reports'] / res['seconds']:>9.0f} "
              f"{res['seconds']:>12.2f} {floor:>9.3f} {ratio:>6.1f}x", flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _one(int(sys.argv[2]))
    else:
        main()
