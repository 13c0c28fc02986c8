"""Fault 5(d): two supervisors decide the same assessment at once (optimistic locking).

What this proves, through the real pages of the real server (two supervisors who log in on
the login page, two browser sessions, two gunicorn workers and so two database connections)
on a throwaway database of the suite's engine (PostgreSQL in CI):

1. simultaneous: both open the task's review page (same version), both post their decision in
   the same instant — exactly one is saved (302 back to the page); the other gets HTTP 409 and
   the review page saying the record changed since they opened it (“…在您打开页面后已被…修改…
   本次未保存”); the database holds one assessment, version 1, one history row, with the
   winner's status and note — the loser's note is nowhere;
2. one after the other: B opened the page before A decided; B's later post is refused the same
   way and names A; A's decision stays; after reloading the page B can decide (version 3).
"""

from __future__ import annotations

import re
import threading

import pytest

from .conftest import deployment, lc

VERSION = re.compile(r'name="version" value="(\d+)"')
STALE = "在您打开页面后已被"


@pytest.fixture(scope="module")
def dep(tmp_path_factory, fault_template):
    with deployment(tmp_path_factory, fault_template, "decide", reporters=1,
                    supervisors=["sup_a", "sup_b"]) as d:
        yield d


def _supervisor(dep, username: str):
    b = dep.browser()
    hits = b.login(username, dep.seed["password"])
    assert lc.Browser.logged_in(hits), [(h.status, h.body[:300]) for h in hits]
    return b


def _open(dep, b, task: int) -> int:
    page = b.get(f"/duban/periods/{dep.period}/tasks/{task}/")
    assert page.status == 200, page.body[:500]
    match = VERSION.search(page.body)
    assert match, "the review page carries the version it shows"
    return int(match.group(1))


def _decide(dep, b, task: int, version: int, status: str, note: str):
    return b.post(f"/duban/periods/{dep.period}/tasks/{task}/decide/",
                  {"status": status, "light": "green", "cause": "", "note": note,
                   "evidence_citation": "", "version": str(version)}, "decide")


def _state(dep, task: int) -> tuple[dict, int]:
    rows = dep.sql("SELECT version, status, note FROM reporting_assessment "
                   "WHERE task_id = %s AND period_id = %s", [task, dep.period])
    history = dep.sql("SELECT COUNT(*) AS n FROM reporting_historicalassessment "
                      "WHERE task_id = %s AND period_id = %s", [task, dep.period])
    assert len(rows) <= 1
    return (rows[0] if rows else {}), int(history[0]["n"])


def test_two_supervisors_deciding_at_once_one_is_told_the_record_changed(dep):
    reporter = dep.seed["reporters"][0]
    task = reporter["task"]
    unit = dep.browser(reporter)
    assert unit.get(f"/duban/periods/{dep.period}/report/").status == 200
    assert lc.acknowledged(unit.report_card(period=dep.period, task=task, action="submit",
                                            text="已完成主体工程建设。", step="submit"))
    a, b = _supervisor(dep, "sup_a"), _supervisor(dep, "sup_b")

    # 1. Simultaneous decisions from the same version.
    assert _open(dep, a, task) == _open(dep, b, task) == 0
    barrier = threading.Barrier(2)
    hits: dict[str, lc.Hit] = {}

    def go(name: str, browser, status: str) -> None:
        barrier.wait(timeout=30)
        hits[name] = _decide(dep, browser, task, 0, status, f"{name}的评定意见")

    threads = [threading.Thread(target=go, args=("甲", a, "in_progress")),
               threading.Thread(target=go, args=("乙", b, "ongoing"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(h.status for h in hits.values())
    assert codes == [302, 409], {k: (h.status, h.body[:300]) for k, h in hits.items()}
    winner = next(k for k, h in hits.items() if h.status == 302)
    loser = next(k for k, h in hits.items() if h.status == 409)
    assert STALE in hits[loser].body and "本次未保存" in hits[loser].body
    row, history = _state(dep, task)
    assert row["version"] == 1 and history == 1
    assert row["status"] == {"甲": "in_progress", "乙": "ongoing"}[winner]
    assert row["note"] == f"{winner}的评定意见"

    # 2. B opened the page before A's decision; B's later post must not overwrite it.
    version = _open(dep, b, task)
    assert _open(dep, a, task) == version == 1
    first = _decide(dep, a, task, version, "basically_done", "甲:已基本完成")
    assert first.status == 302
    late = _decide(dep, b, task, version, "not_done", "乙:尚未落实")
    assert late.status == 409 and STALE in late.body
    assert "督查员sup_a" in late.body, "the message names who changed it"
    row, history = _state(dep, task)
    assert (row["version"], row["status"], row["note"]) == (2, "basically_done", "甲:已基本完成")
    assert history == 2

    # After reloading, B sees version 2 and may decide.
    assert _open(dep, b, task) == 2
    assert _decide(dep, b, task, 2, "in_progress", "乙:复核后改为正在推进").status == 302
    row, history = _state(dep, task)
    assert (row["version"], row["status"]) == (3, "in_progress") and history == 3
