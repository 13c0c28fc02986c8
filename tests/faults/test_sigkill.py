"""Fault 5(a): the server is killed with SIGKILL in the middle of a burst of report submissions.

What this proves, against the real ``ducha serve`` (gunicorn master and both workers killed
at once through their process group) on a throwaway database of the suite's engine:

1. every submission the client saw acknowledged (HTTP 2xx/3xx with the card's notice
   “已报送,等待督查室审核。”) is in the database after the restart exactly once — one report
   in state 已报送 with the text that was sent, one “报送” history row, one audit row, the
   acknowledgement (签收) and exactly the evidence files sent with it (digests compared);
2. no report is half-written: for every report of the burst, acknowledged or not, the newest
   history row equals the row, a submitted one has its time and submitter, and every evidence
   row has its file in storage with the recorded digest;
3. the restarted server takes the retries of the submissions the client never saw answered:
   each ends submitted exactly once — a retry of a submission that had in fact been committed
   is refused with “本期进展已报送”, never stored twice.

Files written to storage by a transaction the kill cut short cannot be removed by the dead
process; they are counted and printed (``orphans``) but do not fail the test — a leftover file
is harmless, a lost or doubled row is not.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import deployment, lc, sent

REPORTERS = 30
KILL_AFTER_ACKS = 8


@pytest.fixture(scope="module")
def dep(tmp_path_factory, fault_template):
    with deployment(tmp_path_factory, fault_template, "sigkill", reporters=REPORTERS) as d:
        yield d


def _text(i: int) -> str:
    return f"第{i}号单位:截至本期末已完成年度投资的{60 + i}%,主体工程已封顶。"


def test_acknowledged_submissions_survive_sigkill_exactly_once(dep):
    reporters = dep.seed["reporters"]
    browsers = [dep.browser(r, timeout=20) for r in reporters]
    files: dict[int, list[bytes]] = {}
    # Everyone opens the sheet and saves a draft (half of them with a picture) before the rush.
    for i, (r, b) in enumerate(zip(reporters, browsers, strict=True)):
        assert b.get(f"/duban/periods/{dep.period}/report/").status == 200
        draft_files = [lc.PNG + bytes([i])] if i % 2 == 0 else []
        hit = b.report_card(period=dep.period, task=r["task"], text="草稿:" + _text(i),
                            action="save", step="save",
                            files=[("现场照片.png", f) for f in draft_files])
        assert lc.acknowledged(hit, lc.DRAFT_MARK), hit.body[:500]
        files[i] = draft_files

    acks = threading.Semaphore(0)
    results: dict[int, lc.Hit] = {}
    start = threading.Barrier(REPORTERS + 1)

    def submit(i: int) -> None:
        r, b = reporters[i], browsers[i]
        extra = [lc.PNG + bytes([100 + i])] if i % 3 == 0 else []
        files[i] = files[i] + extra
        start.wait(timeout=30)
        hit = b.report_card(period=dep.period, task=r["task"], text=_text(i), action="submit",
                            step="submit", files=[("验收单.png", f) for f in extra])
        results[i] = hit
        if lc.acknowledged(hit):
            acks.release()

    with ThreadPoolExecutor(REPORTERS) as pool:
        futures = [pool.submit(submit, i) for i in range(REPORTERS)]
        start.wait(timeout=30)
        for _ in range(KILL_AFTER_ACKS):  # the kill lands while the rest are in flight
            if not acks.acquire(timeout=30):
                break
        dep.server.kill()  # SIGKILL to the process group: master and both workers
        killed_at = time.monotonic()
        for f in futures:
            f.result(timeout=60)
    deadline = killed_at + 10
    while dep.server.group_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not dep.server.group_alive(), "a gunicorn process survived SIGKILL of its group"

    acked = {i for i, h in results.items() if lc.acknowledged(h)}
    cut = [i for i in range(REPORTERS) if i not in acked]
    assert len(acked) >= KILL_AFTER_ACKS
    assert cut, "the kill came after every submission was answered: nothing was in flight"

    dep.restart()
    expected = [sent(r["username"], r["task"], _text(i), i in acked,
                     files[i] if i in acked else None) for i, r in enumerate(reporters)]
    verdict = dep.verify(expected)
    print(f"\nSIGKILL ({dep.engine}): {len(acked)} acknowledged, {len(cut)} cut off; "
          f"stored exactly once {verdict['stored_once']}, lost {len(verdict['lost'])}, "
          f"duplicated {len(verdict['duplicated'])}, half-written "
          f"{len(verdict['half_written'])}, committed but unanswered "
          f"{verdict['not_acked_but_stored']}, orphan files {verdict['orphans']}")
    assert verdict["lost"] == []
    assert verdict["duplicated"] == []
    assert verdict["half_written"] == []
    assert verdict["stored_once"] == len(acked)

    # The restarted server takes the retries; a committed-but-unanswered one is not doubled.
    for i in cut:
        r = reporters[i]
        b = dep.browser(r)
        assert b.get(f"/duban/periods/{dep.period}/report/").status == 200  # the CSRF token
        hit = b.report_card(period=dep.period, task=r["task"], text=_text(i), action="submit",
                            step="retry")
        if lc.acknowledged(hit):
            continue
        assert hit.status == 200 and "本期进展已报送" in hit.body, (hit.status, hit.body[:800])
    final = dep.verify([sent(r["username"], r["task"], _text(i), True)
                        for i, r in enumerate(reporters)])
    assert final["lost"] == [] and final["duplicated"] == [] and final["half_written"] == []
    assert final["stored_once"] == REPORTERS
