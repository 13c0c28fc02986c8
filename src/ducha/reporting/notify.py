"""Channels a 督办单 goes out on: e-mail (Django's mail backend) and a group-bot webhook.

The in-product notice list needs no channel: the reminder rows are the notices. Each sender here
takes one ``Notice`` (plain facts, no model) and either returns or raises ``DeliveryError`` with
a Chinese message for the delivery record. The webhook talks only to the configured URL: no
proxies from the environment, no redirects followed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage

from ducha.reporting.reminders import GRADE_LABELS

WEBHOOK_TIMEOUT = 10  # seconds


class DeliveryError(Exception):
    """A notice could not be delivered; ``str()`` is the Chinese reason kept on the record."""


@dataclass(frozen=True)
class Notice:
    """What one notice says: grade, unit, task, period and the reasons, in Chinese."""

    notice_id: int
    grade: str
    unit: str
    task: str
    period: str
    reason: str
    due_on: dt.date | None = None

    @property
    def grade_label(self) -> str:
        return GRADE_LABELS[self.grade]


def notice_subject(notice: Notice) -> str:
    """The e-mail subject: 【督查催办·红色督办】task title (one line, at most 120 characters)."""
    title = " ".join(notice.task.split())
    return f"【督查催办·{notice.grade_label}】{title}"[:120]


def notice_text(notice: Notice) -> str:
    """The body shared by the e-mail and the bot message."""
    lines = [
        f"{notice.unit}:",
        f"你单位承办的督办事项“{' '.join(notice.task.split())}”现予{notice.grade_label}。",
        f"督办周期:{notice.period}",
        f"原因:{notice.reason}",
    ]
    if notice.due_on is not None:
        lines.append(f"截止日期:{notice.due_on.year}年{notice.due_on.month}月"
                     f"{notice.due_on.day}日")
    lines.append("请登录督查督办系统查看督办单,按要求报送办理情况。")
    return "\n".join(lines)


def send_email(*, notice: Notice, recipients: Sequence[str], sender: str | None = None) -> None:
    """Send the notice to the unit's liaison addresses through Django's mail backend."""
    if not recipients:
        raise DeliveryError("该单位联络员账户没有登记电子邮箱")
    message = EmailMessage(subject=notice_subject(notice), body=notice_text(notice),
                           from_email=sender, to=list(recipients),
                           headers={"X-Ducha-Notice": str(notice.notice_id)})
    try:
        sent = message.send(fail_silently=False)
    except (OSError, ValueError) as exc:  # smtplib errors are OSErrors
        raise DeliveryError(f"邮件发送失败:{exc}") from exc
    if not sent:
        raise DeliveryError("邮件服务器未接收该邮件")


def webhook_payload(notice: Notice) -> dict[str, Any]:
    """The JSON both 钉钉 and 企业微信 group bots accept: a text message."""
    return {"msgtype": "text", "text": {"content": f"{notice_subject(notice)}\n"
                                                   f"{notice_text(notice)}"}}


def signed_url(url: str, *, secret: str, now: dt.datetime) -> str:
    """钉钉 加签: append timestamp and HMAC-SHA256 signature (no-op without a secret)."""
    if not secret:
        return url
    timestamp = str(int(now.timestamp() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    sign = urllib.parse.quote_plus(base64.b64encode(digest.digest()).decode())
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: the notice goes to the configured address or nowhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def send_webhook(*, notice: Notice, url: str, now: dt.datetime, secret: str = "",
                 timeout: float = WEBHOOK_TIMEOUT) -> None:
    """POST the notice as JSON to the configured bot; a non-zero ``errcode`` is a failure."""
    if not url.startswith(("https://", "http://")):
        raise DeliveryError("未配置有效的群机器人地址(DUCHA_WEBHOOK_URL)")
    body = json.dumps(webhook_payload(notice), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        signed_url(url, secret=secret, now=now), data=body, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8",
                 "X-Ducha-Notice": str(notice.notice_id)})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"群机器人返回 HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"无法连接群机器人:{reason}") from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return  # a bot that answers 2xx with no JSON has accepted the message
    if isinstance(answer, dict) and answer.get("errcode", 0) not in (0, "0"):
        raise DeliveryError(f"群机器人拒收:{answer.get('errmsg') or answer.get('errcode')}")
