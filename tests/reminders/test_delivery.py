"""Sending 督办单: e-mail through Django's locmem backend, a webhook to a local bot on
127.0.0.1, claims with a conditional UPDATE (never sent twice, a restart catches up), audit."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import threading
import urllib.parse
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from tests.conftest import make_task
from tests.reminders.conftest import at, night, report

from ducha.audit.models import AuditEvent
from ducha.reminders.models import DeliveryState, Notification, Reminder
from ducha.reminders.services import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    notification_claim,
    notification_send_due,
)
from ducha.reporting import notify

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 1)  # the day after the quarter end: four red reminders
NOW = at(DAY)


@pytest.fixture
def emails(world) -> None:
    world.reporter_a.email = "liaison-a@example.gov.cn"
    world.reporter_a.save()


@pytest.fixture
def webhook(settings, bot):
    settings.DUCHA_WEBHOOK_URL = bot.url
    settings.DUCHA_WEBHOOK_SECRET = ""
    return bot


def test_email_goes_to_the_units_liaisons_through_the_mail_backend(world, emails, settings):
    settings.DEFAULT_FROM_EMAIL = "ducha@dcs.example.gov.cn"
    night(DAY)
    queued = Notification.objects.filter(channel="email")
    assert queued.count() == 2  # unit A's two reminders; unit B's liaison has no address
    result = notification_send_due(now=NOW, by=None, runner="r1")
    assert (result.claimed, result.sent, result.failed) == (2, 2, 0)
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.to == ["liaison-a@example.gov.cn"]
    assert message.from_email == "ducha@dcs.example.gov.cn"
    assert message.subject.startswith("【督查催办·红色督办】")
    assert "测试市甲局:" in message.body and "已逾期1天" in message.body
    assert set(queued.values_list("state", flat=True)) == {"sent"}
    assert notification_send_due(now=NOW, by=None, runner="r2").claimed == 0
    assert len(mail.outbox) == 2  # a second pass sends nothing again


def test_webhook_posts_json_to_the_configured_bot_only(world, webhook):
    night(DAY)
    result = notification_send_due(now=NOW, by=None, runner="r1")
    assert result.sent == 4 and len(webhook.received) == 4
    hit = webhook.received[0]
    assert hit["path"] == "/robot/send?access_token=test"
    assert hit["json"]["msgtype"] == "text"
    assert hit["json"]["text"]["content"].startswith("【督查催办·红色督办】")
    assert hit["headers"]["Content-Type"] == "application/json; charset=utf-8"
    ids = {int(h["headers"]["X-Ducha-Notice"]) for h in webhook.received}
    assert ids == set(Notification.objects.values_list("id", flat=True))


def test_dingtalk_signature_when_a_secret_is_set(world, webhook, settings):
    settings.DUCHA_WEBHOOK_SECRET = "SECtest"
    night(DAY)
    notification_send_due(now=NOW, by=None, runner="r1")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(webhook.received[0]["path"]).query)
    timestamp = query["timestamp"][0]
    assert timestamp == str(int(NOW.timestamp() * 1000))
    expected = base64.b64encode(hmac.new(b"SECtest", f"{timestamp}\nSECtest".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query["sign"][0] == expected


def test_a_refusing_bot_is_retried_then_marked_failed(world, webhook):
    webhook.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    night(DAY)
    first = notification_send_due(now=NOW, by=None, runner="r1")
    assert (first.sent, first.failed) == (0, 4)
    n = Notification.objects.first()
    assert (n.state, n.attempts, n.claimed_by) == ("pending", 1, None)
    assert n.last_error == "群机器人拒收:keywords not in content"
    for attempt in range(2, MAX_ATTEMPTS + 1):
        notification_send_due(now=NOW + dt.timedelta(days=attempt), by=None, runner="r1")
    n.refresh_from_db()
    assert (n.state, n.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(webhook.received) == 4 * MAX_ATTEMPTS
    failures = AuditEvent.objects.filter(action="notice_send", result="failure")
    assert failures.count() == 4 * MAX_ATTEMPTS


def test_redirects_are_not_followed(world, webhook):
    webhook.status, webhook.location = 302, "http://127.0.0.1:9/elsewhere"
    night(DAY)
    assert notification_send_due(now=NOW, by=None, runner="r1").failed == 4
    assert Notification.objects.first().last_error == "群机器人返回 HTTP 302"


def test_an_unreachable_bot_is_a_delivery_error():
    notice = notify.Notice(notice_id=1, grade="blue", unit="甲局", task="事项", period="一季度",
                           reason="临近")
    with pytest.raises(notify.DeliveryError, match="无法连接群机器人"):
        notify.send_webhook(notice=notice, url="http://127.0.0.1:9/robot", now=NOW, timeout=2)
    with pytest.raises(notify.DeliveryError, match="DUCHA_WEBHOOK_URL"):
        notify.send_webhook(notice=notice, url="file:///etc/passwd", now=NOW)


def test_every_sent_notice_is_audited(world, emails, webhook):
    night(DAY)
    notification_send_due(now=NOW, by=None, runner="r1")
    events = AuditEvent.objects.filter(action="notice_send", result="success")
    assert events.count() == 6
    assert {e.detail["channel"] for e in events} == {"email", "webhook"}
    assert {e.object_type for e in events} == {"reminders.Notification"}


def test_a_claim_is_won_by_exactly_one_runner(world, webhook):
    """SQLite (the in-memory test database) cannot run two connections at once, so the claim
    is shown step by step here; the threaded race runs on PostgreSQL below."""
    night(DAY)
    mine = notification_claim(runner="a", now=NOW, batch=10)
    assert len(mine) == 4
    assert notification_claim(runner="b", now=NOW, batch=10) == []  # nothing left to win
    # b's UPDATE on the very ids a holds matches no row: the condition is re-checked
    assert Notification.objects.filter(pk__in=mine, claimed_by__isnull=True).update(
        claimed_by="b") == 0
    assert notification_send_due(now=NOW, by=None, runner="b").claimed == 0
    assert webhook.received == []


def test_a_restart_catches_up_on_what_a_dead_runner_left(world, webhook):
    night(DAY)
    dead = notification_claim(runner="crashed", now=NOW, batch=2)  # claimed, never sent
    later = NOW + dt.timedelta(minutes=5)
    result = notification_send_due(now=later, by=None, runner="restart")
    assert result.sent == 2  # the unclaimed ones; the fresh claims are left alone
    stale = NOW + CLAIM_LEASE + dt.timedelta(minutes=1)
    result = notification_send_due(now=stale, by=None, runner="restart")
    assert result.sent == 2
    assert set(Notification.objects.filter(pk__in=dead).values_list("claimed_by", flat=True)
               ) == {"restart"}
    counts = Counter(int(h["headers"]["X-Ducha-Notice"]) for h in webhook.received)
    assert sorted(counts.values()) == [1, 1, 1, 1]


def test_a_notice_whose_warning_ended_is_not_sent(world, webhook):
    night(dt.date(2026, 3, 30))  # four blue reminders queued, not sent yet
    for task, unit in ((world.task_a, world.unit_a), (world.task_b, world.unit_b),
                       (world.task_shared, world.unit_a), (world.task_shared, world.unit_b)):
        report(task=task, unit=unit, period=world.period)
    night(dt.date(2026, 3, 31))
    assert notification_send_due(now=NOW, by=None, runner="r1").claimed == 0
    assert set(Notification.objects.values_list("last_error", flat=True)) == {
        "督办单已解除,不再发送"}


def test_a_new_grade_is_a_new_notice(world, webhook):
    night(dt.date(2026, 3, 30))
    notification_send_due(now=at(dt.date(2026, 3, 30)), by=None, runner="r1")
    night(dt.date(2026, 3, 31))  # still blue: nothing new to send
    assert notification_send_due(now=at(dt.date(2026, 3, 31)), by=None, runner="r1").sent == 0
    night(DAY)  # red now
    assert notification_send_due(now=NOW, by=None, runner="r1").sent == 4
    grades = [h["json"]["text"]["content"][:11] for h in webhook.received]
    assert grades.count("【督查催办·蓝色提醒】") == 4 and grades.count("【督查催办·红色督办】") == 4


@pytest.mark.django_db(transaction=True)
def test_two_runners_started_at_the_same_time_never_send_a_notice_twice(world, emails,
                                                                        webhook):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite's in-memory test database is one shared-cache connection with table "
                    "locks that ignore the busy timeout, so two threads cannot race on it; "
                    "test_a_claim_is_won_by_exactly_one_runner shows the claim step by step. "
                    "Runs on PostgreSQL.")
    source = world.task_a.source
    for n in range(10):
        make_task(source, f"并发事项{n}", 20 + n, [world.unit_a], [world.unit_b])
    night(DAY)
    total = Notification.objects.count()
    reminders = Reminder.objects.count()
    assert reminders == 24  # 13 tasks: 2 single-unit, 11 shared by units A and B
    assert total == reminders + Reminder.objects.filter(unit=world.unit_a).count()  # + e-mail
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[name] = notification_send_due(now=NOW, by=None, runner=name, batch=3)
        except BaseException as exc:  # reported below
            results[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in ("runner-1", "runner-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [r for r in results.values() if isinstance(r, BaseException)], results
    assert sum(r.sent for r in results.values()) == total  # type: ignore[union-attr]
    hook_ids = Counter(int(h["headers"]["X-Ducha-Notice"]) for h in webhook.received)
    mail_ids = Counter(int(m.extra_headers["X-Ducha-Notice"]) for m in mail.outbox)
    assert set(hook_ids.values()) == {1} and set(mail_ids.values()) == {1}
    assert len(hook_ids) + len(mail_ids) == total
    assert Notification.objects.filter(state=DeliveryState.SENT).count() == total
    assert AuditEvent.objects.filter(action="notice_send").count() == total
