"""Fixtures for the 督办单 tests: a local clock, a helper to run a night, reports and periods."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from ducha.choices import Comparator, IndicatorKind, PeriodKind, PeriodState, ReportState
from ducha.ledger.models import Indicator
from ducha.reminders.models import Reminder, RemindRun
from ducha.reminders.services import reminder_recompute
from ducha.reporting.models import IndicatorActual, Period, Report

LOCAL = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 22) -> dt.datetime:
    """The nightly run's moment on ``day``, local time."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL)


def night(day: dt.date, *, runner: str = "test", days: int = 3) -> RemindRun:
    """Run the recompute as the cron would on ``day``."""
    return reminder_recompute(today=day, now=at(day), by=None, runner=runner, days=days)


def open_reminders() -> dict[tuple[int, int, int], Reminder]:
    return {(r.task_id, r.unit_id, r.period_id): r
            for r in Reminder.objects.filter(resolved_at__isnull=True)}


def report(*, task, unit, period, state=ReportState.SUBMITTED, text="本期推进顺利。",
           near_duplicate=False, review_note="") -> Report:
    return Report.objects.create(task=task, unit=unit, period=period, text=text, state=state,
                                 near_duplicate=near_duplicate, review_note=review_note)


def submit_all(world, period: Period) -> None:
    """Every assignment of the world reported for ``period`` (no due-date warnings)."""
    for task, unit in ((world.task_a, world.unit_a), (world.task_b, world.unit_b),
                       (world.task_shared, world.unit_a), (world.task_shared, world.unit_b)):
        report(task=task, unit=unit, period=period)


def close(period: Period) -> None:
    Period.objects.filter(pk=period.pk).update(state=PeriodState.CLOSED)
    period.refresh_from_db()


def quarter(year: int, index: int) -> Period:
    months = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
    month, day = months[index]
    return Period.objects.create(year=year, kind=PeriodKind.QUARTER, index=index,
                                 due_date=dt.date(year, month, day))


def set_actual(rep: Report, indicator: Indicator, value: int | str) -> None:
    IndicatorActual.objects.update_or_create(report=rep, indicator=indicator,
                                             defaults={"value": Decimal(value),
                                                       "measure": indicator.measure})


@pytest.fixture
def indicator(world) -> Indicator:
    """新建5G基站1000座 on task_a (lead: unit_a), cumulative against 序时进度."""
    return Indicator.objects.create(task=world.task_a, name="新建5G基站", kind=IndicatorKind.COUNT,
                                    comparator=Comparator.AT_LEAST, value=Decimal(1000),
                                    measure="座", cumulative=True)


@dataclass
class Bot:
    """A local stand-in for a 钉钉/企业微信 group bot on 127.0.0.1 (never the internet)."""

    url: str
    received: list[dict] = field(default_factory=list)
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    status: int = 200
    location: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def bot() -> Iterator[Bot]:
    state = Bot(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with state.lock:
                state.received.append({"path": self.path, "headers": dict(self.headers),
                                       "json": json.loads(body.decode("utf-8"))})
            payload = json.dumps(state.answer).encode()
            self.send_response(state.status)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=test"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
