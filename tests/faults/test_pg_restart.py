"""Fault 5(b): PostgreSQL is restarted while reporters are saving and submitting.

Runs only when the suite runs on PostgreSQL and as root (``pg_ctlcluster`` restarts the
cluster that serves the suite's ``DUCHA_DATABASE_URL``, found by its port in
``pg_lsclusters``); the server is the real ``ducha serve`` on a throwaway database of that
cluster, and it is NOT restarted. The cluster is started again in a ``finally`` block whatever
happens, and the test waits until it accepts connections, since the rest of the suite needs it.

What this proves:

1. while the database is down, requests fail — and nothing partial remains: afterwards every
   report's newest history row equals the row, every evidence row has its file with its digest,
   no evidence file is left without a row (the files of the failed saves were removed), every
   evidence file of an acknowledged draft is still there, and nothing that was never sent is;
2. a failed request shows no traceback;
3. the server recovers by itself (``CONN_HEALTH_CHECKS``): once PostgreSQL is back, every
   reporter submits and each submission is stored exactly once;
4. the failures say in Chinese that nothing was saved and to retry (the product's 500 page,
   ``web/templates/500.html``), never Django's bare “Server Error (500)”.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
import time
from collections import Counter

import pytest

from .conftest import deployment, lc, on_postgres, sent, suite_url

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not on_postgres(), reason="restarts PostgreSQL: the suite runs on SQLite "
                       "(set DUCHA_DATABASE_URL=postgres://… to run it)"),
    pytest.mark.skipif(os.geteuid() != 0, reason="restarting the PostgreSQL cluster needs root "
                       "(pg_ctlcluster); run the suite as root, as CI does"),
    pytest.mark.skipif(shutil.which("pg_ctlcluster") is None,
                       reason="pg_ctlcluster (postgresql-common) is not installed"),
]

REPORTERS = 10


def _cluster() -> tuple[str, str, int]:
    port = int(lc.pg_params(suite_url())["port"])
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    for line in out.splitlines():
        ver, name, p, *_ = line.split()
        if int(p) == port:
            return ver, name, port
    pytest.skip(f"no local PostgreSQL cluster listens on port {port} (pg_lsclusters)")
    raise AssertionError  # unreachable


def _pg_ctl(ver: str, name: str, action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", ver, name, action],
                   check=True, timeout=90, capture_output=True)


def _ensure_running(ver: str, name: str, port: int) -> None:
    params = {**lc.pg_params(suite_url()), "port": port}
    if not lc.pg_available(params):
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", ver, name, "start"],
                       check=False, timeout=90, capture_output=True)
    deadline = time.monotonic() + 60
    while not lc.pg_available(params) and time.monotonic() < deadline:
        time.sleep(0.5)


@pytest.fixture(scope="module")
def dep(tmp_path_factory, fault_template):
    with deployment(tmp_path_factory, fault_template, "pgrestart", reporters=REPORTERS) as d:
        yield d


def test_postgres_restart_fails_requests_cleanly_and_the_server_recovers(dep):
    ver, name, port = _cluster()
    reporters = dep.seed["reporters"]
    browsers = [dep.browser(r, timeout=15) for r in reporters]
    for b in browsers:
        assert b.get(f"/duban/periods/{dep.period}/report/").status == 200
    stop = threading.Event()
    hits: list[tuple[int, lc.Hit, list[bytes]]] = []

    def keep_saving(i: int) -> None:
        r, b = reporters[i], browsers[i]
        k = 0
        while not stop.is_set():
            k += 1
            files = [lc.PNG + f"{i}-{k}".encode()] if k % 3 == 0 else []
            hit = b.report_card(period=dep.period, task=r["task"], action="save",
                                text=f"第{i}号单位第{k}轮草稿。", step="save",
                                files=[("照片.png", f) for f in files])
            hits.append((i, hit, files))
            if hit.status in (0, 403):  # a lost session or token: fetch the page again
                b.get(f"/duban/periods/{dep.period}/report/")
            time.sleep(0.05)

    threads = [threading.Thread(target=keep_saving, args=(i,)) for i in range(REPORTERS)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.5)
        began = time.monotonic()
        _pg_ctl(ver, name, "restart")
        restarted = time.monotonic() - began
        time.sleep(1.0)
        probe, deadline = None, time.monotonic() + 30
        while time.monotonic() < deadline:
            probe = browsers[0].get(f"/duban/periods/{dep.period}/report/")
            if probe.status == 200:
                break
            time.sleep(0.3)
        recovered = time.monotonic() - began
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        _ensure_running(ver, name, port)
        from django.db import connections

        connections.close_all()  # this process's own connections died with the restart
    assert probe is not None and probe.status == 200, "the server did not recover by itself"

    failed = [h for _i, h, _f in hits if not lc.acknowledged(h, lc.DRAFT_MARK)]
    kinds = Counter((h.status, h.body.strip()[:60] or h.error[:60]) for h in failed)
    print(f"\nPostgreSQL restart ({restarted:.1f} s; serving again {recovered:.1f} s after it "
          f"began): {len(hits)} saves, {len(failed)} failed: {dict(kinds)}")
    assert failed, "no request met the outage: the restart proved nothing"
    assert not any("Traceback" in h.body for h in failed)

    # 3. Without a server restart, everyone submits now, each exactly once.
    final = {}
    for i, (r, b) in enumerate(zip(reporters, browsers, strict=True)):
        b.get(f"/duban/periods/{dep.period}/report/")
        final[i] = f"第{i}号单位:数据库重启后报送的本期进展。"
        hit = b.report_card(period=dep.period, task=r["task"], text=final[i],
                            action="submit", step="submit")
        assert lc.acknowledged(hit), (hit.status, hit.body[:500])
    verdict = dep.verify([sent(r["username"], r["task"], final[i], True)
                          for i, r in enumerate(reporters)])
    assert verdict["lost"] == [] and verdict["duplicated"] == []
    assert verdict["half_written"] == []
    assert verdict["stored_once"] == REPORTERS
    assert verdict["orphans"] == 0, "files of failed saves were left in storage"

    # 1. Evidence of acknowledged drafts kept; nothing stored that was never sent.
    rows = dep.sql("SELECT e.sha256 FROM reporting_evidence e JOIN reporting_report r "
                   "ON r.id = e.report_id WHERE r.period_id = %s", [dep.period])
    stored = Counter(row["sha256"] for row in rows)
    digest = lambda blob: hashlib.sha256(blob).hexdigest()  # noqa: E731
    acked_files = {digest(f) for _i, h, fs in hits if lc.acknowledged(h, lc.DRAFT_MARK)
                   for f in fs}
    every_file = {digest(f) for _i, _h, fs in hits for f in fs}
    assert acked_files <= set(stored), "an acknowledged evidence file was lost"
    assert set(stored) <= every_file and max(stored.values(), default=1) == 1

    # 4. The message during the outage: the Chinese retry page, not a bare 500.
    bare = [h for h in failed if h.status >= 500 and "重试" not in h.body]
    assert not bare, f"{len(bare)} bare error pages: {bare[0].body.strip()[:120]!r}"
