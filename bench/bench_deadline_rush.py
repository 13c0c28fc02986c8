"""Deadline rush (报送截止前的集中报送) against the real server, on SQLite and PostgreSQL.

For each engine a fresh database is built with the demo generator (SQLite: ``ducha demo
--no-serve`` in a throwaway ``DUCHA_VAR_DIR``; PostgreSQL: a throwaway database on
127.0.0.1:5432 — created, migrated, filled with the same generator, dropped at the end), plus
``USERS + BURST`` reporter accounts with a known password, each bound to its own new unit that
leads its own task and shares ``BENCH_RUSH_SHARED`` demo tasks as a responsible unit (so its
period sheet has several cards, as a real unit's does). Then ``ducha serve`` (gunicorn, 2 sync
workers) is started on 127.0.0.1 and driven through the real pages, as a browser does:

* phase 1 — ``window``: USERS reporters arrive evenly over WINDOW seconds (at most CONC at a
  time); each GETs the login page (CSRF token), POSTs its credentials, GETs its period sheet,
  saves a draft (every 4th with a PNG as evidence) and submits its report (htmx posts of the
  task card, the form fields the browser sends);
* phase 2 — ``burst``: BURST further reporters log in, open their sheet and save a draft,
  then all submit in the same second (a barrier).

Printed: p50/p99 per phase and per step, the ratio of each p99 to a bare view's p99 — the
login page GET measured quietly before the run (``bare``), and the same GET under the load of
the window (``login_page`` step) — and afterwards the check IN THE DATABASE that every
submission the client saw acknowledged (HTTP 2xx/3xx with the card's success notice) is
stored exactly once, none lost, none duplicated, none half-written (see
``loadclient._verify``). Goal: window p99 under 300 ms; zero lost in both phases.

Bounded: every request times out after 30 s, a phase stops starting reporters after
WINDOW + BENCH_RUSH_LIMIT seconds, and the whole engine run has a wall-clock limit.
Traffic goes only to 127.0.0.1.

Environment: ``BENCH_RUSH_USERS`` (500), ``BENCH_RUSH_WINDOW`` (60 s), ``BENCH_RUSH_BURST``
(50), ``BENCH_RUSH_CONC`` (max reporters in flight in the window, 32), ``BENCH_RUSH_SHARED``
(4), ``BENCH_RUSH_LIMIT`` (extra seconds a phase may run, 300), ``BENCH_RUSH_ENGINES``
(``sqlite,postgres``), ``BENCH_RUSH_PRELOGIN=1`` (window reporters arrive already signed
in — sessions made by the seed as ``django.contrib.auth.login`` makes them — and only sheet,
draft and submit are timed: the workflow without the deliberately slow password hash).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadclient as lc

USERS = int(os.environ.get("BENCH_RUSH_USERS", "500"))
WINDOW = float(os.environ.get("BENCH_RUSH_WINDOW", "60"))
BURST = int(os.environ.get("BENCH_RUSH_BURST", "50"))
CONC = int(os.environ.get("BENCH_RUSH_CONC", "32"))
SHARED = int(os.environ.get("BENCH_RUSH_SHARED", "4"))
LIMIT = float(os.environ.get("BENCH_RUSH_LIMIT", "300"))
ENGINES = [e.strip() for e in os.environ.get("BENCH_RUSH_ENGINES", "sqlite,postgres").split(",")
           if e.strip()]
PRELOGIN = os.environ.get("BENCH_RUSH_PRELOGIN", "0") == "1"
GOAL_MS = 300.0
STEPS = ("login_page", "login", "sheet", "save", "submit")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


@dataclass
class Flow:
    """One simulated reporter: what it sent and what it saw."""

    username: str
    task: int
    text: str
    session: str = ""
    files: list[bytes] = field(default_factory=list)
    hits: list[lc.Hit] = field(default_factory=list)
    acked: bool = False
    skipped: bool = False
    browser: lc.Browser | None = None

    def expected(self) -> dict[str, Any]:
        return {"username": self.username, "task": self.task, "text": self.text,
                "acked": self.acked,
                "files": [hashlib.sha256(f).hexdigest() for f in self.files]}


def make_flows(reporters: list[dict[str, Any]], phase: str) -> list[Flow]:
    flows = []
    for i, r in enumerate(reporters):
        text = (f"{phase}第{i}号单位本期进展:已完成项目立项和可研批复,完成投资{i % 97 + 3}%,"
                f"计划于下季度开工建设。")
        files = [lc.PNG + i.to_bytes(4, "big")] if i % 4 == 0 else []
        flows.append(Flow(r["username"], r["task"], text, files=files,
                          session=r.get("session", "")))
    return flows


def log_in(flow: Flow, port: int, password: str) -> bool:
    browser = lc.Browser(port)
    hits = browser.login(flow.username, password)
    flow.hits += hits
    if lc.Browser.logged_in(hits):
        flow.browser = browser
        return True
    return False


def draft_and_submit(flow: Flow, period: int, *, submit: bool = True) -> None:
    b = flow.browser
    assert b is not None
    sheet = b.get(f"/duban/periods/{period}/report/", "sheet")
    flow.hits.append(sheet)
    if sheet.status != 200:
        return
    draft = b.report_card(period=period, task=flow.task, text="(草稿)" + flow.text,
                          action="save", step="save",
                          files=[(f"佐证{i}.png", blob) for i, blob in enumerate(flow.files)])
    flow.hits.append(draft)
    if not lc.acknowledged(draft, lc.DRAFT_MARK):
        return
    if submit:
        done = b.report_card(period=period, task=flow.task, text=flow.text, action="submit",
                             step="submit")
        flow.hits.append(done)
        flow.acked = lc.acknowledged(done)


def run_window(flows: list[Flow], port: int, period: int, password: str) -> float:
    """Phase 1: arrivals spread evenly over WINDOW, at most CONC in flight."""
    if PRELOGIN:  # signed-in sessions made by the seed, as django.contrib.auth.login does
        for f in flows:
            f.browser = lc.Browser(port, session=f.session)
    start = time.monotonic()
    stop_at = start + WINDOW + LIMIT

    def one(i: int) -> None:
        flow = flows[i]
        due = start + i * WINDOW / max(1, len(flows))
        time.sleep(max(0.0, due - time.monotonic()))
        if time.monotonic() > stop_at:
            flow.skipped = True
            return
        if not PRELOGIN and not log_in(flow, port, password):
            return
        if flow.browser is not None:
            draft_and_submit(flow, period)

    with ThreadPoolExecutor(CONC) as pool:
        list(pool.map(one, range(len(flows))))
    return time.monotonic() - start


def run_burst(flows: list[Flow], port: int, period: int, password: str) -> float:
    """Phase 2: everyone logs in and saves a draft; then all submit at the same moment."""
    with ThreadPoolExecutor(min(CONC, 16)) as pool:
        list(pool.map(lambda f: log_in(f, port, password)
                      and draft_and_submit(f, period, submit=False), flows))
    for f in flows:
        for h in f.hits:
            h.step = "prep_" + h.step
    ready = [f for f in flows if f.browser is not None and f.hits
             and lc.acknowledged(f.hits[-1], lc.DRAFT_MARK)]
    barrier = threading.Barrier(len(ready)) if ready else None

    def go(flow: Flow) -> None:
        assert flow.browser is not None and barrier is not None
        barrier.wait(timeout=60)
        hit = flow.browser.report_card(period=period, task=flow.task, text=flow.text,
                                       action="submit", step="submit")
        flow.hits.append(hit)
        flow.acked = lc.acknowledged(hit)

    start = time.monotonic()
    if ready:
        with ThreadPoolExecutor(len(ready)) as pool:
            list(pool.map(go, ready))
    return time.monotonic() - start


def bare(port: int, path: str, n: int = 200) -> list[float]:
    """A bare view timed sequentially, before any load (the floor of this run)."""
    b = lc.Browser(port)
    return [b.get(path, "bare").seconds for _ in range(n)]


def summarise(name: str, flows: list[Flow], elapsed: float, bare_p99: float,
              load_bare_p99: float | None) -> dict[str, Any]:
    hits = [h for f in flows for h in f.hits if not h.step.startswith("prep_")]
    ms = [h.seconds * 1000 for h in hits]
    failed = [h for h in hits if h.status == 0 or h.status >= 500]
    p99 = pct(ms, 0.99)
    print(f"  {name}: {len(flows)} reporters, {len(hits)} requests in {elapsed:.1f} s, "
          f"p50 {pct(ms, 0.5):.0f} ms, p99 {p99:.0f} ms "
          f"({p99 / bare_p99:.1f}× bare p99"
          + (f", {p99 / load_bare_p99:.1f}× the login page's p99 under load"
             if load_bare_p99 else "") + ")"
          + (f"; {len(failed)} failed requests" if failed else ""))
    for step in STEPS:
        values = [h.seconds * 1000 for h in hits if h.step == step]
        if values:
            print(f"    {step:<11} n={len(values):<4} p50 {pct(values, 0.5):7.0f} ms   "
                  f"p99 {pct(values, 0.99):7.0f} ms   ({pct(values, 0.99) / bare_p99:6.1f}× bare)")
    statuses: dict[str, int] = {}
    for h in failed:
        statuses[f"{h.step}:{h.status or h.error[:40]}"] = statuses.get(
            f"{h.step}:{h.status or h.error[:40]}", 0) + 1
    if statuses:
        print(f"    failures: {statuses}")
    skipped = sum(f.skipped for f in flows)
    acked = sum(f.acked for f in flows)
    no_login = sum(f.browser is None and not f.skipped for f in flows)
    print(f"    acknowledged {acked} of {len(flows)}"
          + (f", {skipped} not started (time limit)" if skipped else "")
          + (f", {no_login} could not log in" if no_login else ""))
    return {"p50": pct(ms, 0.5), "p99": p99, "acked": acked}


def run_engine(engine: str) -> bool:
    print(f"== {engine}: {USERS} reporters over {WINDOW:g} s (≤{CONC} in flight), "
          f"then a burst of {BURST}" + (" [already signed in]" if PRELOGIN else ""),
          flush=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"ducha-rush-{engine}-"))
    env = {k: v for k, v in os.environ.items() if k != "DUCHA_DATABASE_URL"}
    env["DUCHA_VAR_DIR"] = str(tmp / "var")
    pg_name = f"ducha_bench_rush_{os.getpid()}"
    if engine == "postgres":
        if not lc.pg_available():
            print("  PostgreSQL at 127.0.0.1:5432 is unreachable: skipped.")
            return True
        env["DUCHA_DATABASE_URL"] = lc.pg_create(pg_name)
    server = None
    try:
        t = time.monotonic()
        seed = lc.child(env, "seed", {"base": "demo", "reporters": USERS + BURST,
                                      "shared": SHARED, "sessions": PRELOGIN}, timeout=900)
        print(f"  prepared the demo city and {USERS + BURST} reporters in "
              f"{time.monotonic() - t:.0f} s; one password check ({seed['hasher']}) takes "
              f"{seed['hash_seconds'] * 1000:.0f} ms of CPU: {USERS} logins need at least "
              f"{USERS * seed['hash_seconds'] / 2:.0f} s of both cores", flush=True)
        server = lc.Server(env, lc.free_port(), tmp / "server.log").start()
        floor = bare(server.port, "/accounts/login/")
        static = bare(server.port, "/static/ducha/app.css")
        bare_p99 = pct(floor, 0.99) * 1000
        print(f"  bare view (login page GET, quiet): p50 {pct(floor, 0.5) * 1000:.1f} ms, "
              f"p99 {bare_p99:.1f} ms; static app.css p99 {pct(static, 0.99) * 1000:.1f} ms",
              flush=True)
        period, password = seed["period"], seed["password"]
        window = make_flows(seed["reporters"][:USERS], "窗口")
        burst = make_flows(seed["reporters"][USERS:], "集中")
        elapsed = run_window(window, server.port, period, password)
        load_bare = [h.seconds * 1000 for f in window for h in f.hits if h.step == "login_page"]
        s1 = summarise("window", window, elapsed, bare_p99,
                       pct(load_bare, 0.99) if load_bare else None)
        elapsed = run_burst(burst, server.port, period, password)
        s2 = summarise("burst", burst, elapsed, bare_p99, None)
        server.stop()
        errors: dict[str, int] = {}
        for line in server.tail(100000).splitlines():  # what the 5xx were, from the server log
            if re.match(r"^[\w.]+(Error|Exception|Warning): ", line):
                errors[line[:160]] = errors.get(line[:160], 0) + 1
        for line, n in sorted(errors.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  server log {n}×: {line}")
        verdict = lc.child(env, "verify", {"period": period, "expected": [
            f.expected() for f in window + burst]}, timeout=600)
        lost, dup, half = verdict["lost"], verdict["duplicated"], verdict["half_written"]
        print(f"  database: acknowledged {verdict['acknowledged']}, stored exactly once "
              f"{verdict['stored_once']}, lost {len(lost)}, duplicated {len(dup)}, "
              f"half-written {len(half)}; stored without the client seeing it "
              f"{verdict['not_acked_but_stored']}; evidence rows {verdict['evidence_rows']}, "
              f"orphan files {verdict['orphans']}")
        for line in (lost + dup + half)[:10]:
            print(f"    ! {line}")
        ok = not (lost or dup or half)
        print(f"  window p99 {s1['p99']:.0f} ms vs goal {GOAL_MS:.0f} ms: "
              f"{'met' if s1['p99'] < GOAL_MS else 'NOT met'}; burst p99 {s2['p99']:.0f} ms; "
              f"{'zero lost' if ok else 'DATA CHECK FAILED'}", flush=True)
        return ok
    finally:
        if server is not None:
            server.stop()
        if engine == "postgres":
            lc.pg_drop(pg_name)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    print(f"deadline rush: {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} at start")
    ok = True
    for engine in ENGINES:
        ok = run_engine(engine) and ok
    if not ok:
        print("deadline rush: an acknowledged submission was lost, duplicated or half-written")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
