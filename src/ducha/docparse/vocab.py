"""The status vocabulary, defined once for the whole product.

docparse must not import Django, so the canonical list lives here as plain data; the Django
``TextChoices`` in ``ducha.ledger.choices`` are built from it, and templates, bulletins, charts,
xlsx headers and the API enum all read from those.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusTerm:
    """One status: its code, the label Ducha prints, the other labels documents print."""

    code: str
    label: str
    aliases: tuple[str, ...]
    colour: str
    light: str  # the light an assessment gets by default for this status


STATUSES: tuple[StatusTerm, ...] = (
    StatusTerm(
        code="done", label="已落实", colour="#2e7d32", light="green",
        aliases=("已完成", "已落实", "已全面完成", "已办结", "已经落实", "已经完成"),
    ),
    StatusTerm(
        code="basically_done", label="已基本完成", colour="#66bb6a", light="green",
        aliases=("已基本完成", "基本完成", "基本落实"),
    ),
    StatusTerm(
        code="in_progress", label="正在推进", colour="#1e88e5", light="green",
        aliases=("正在推进", "有序推进", "正在落实", "推进中", "正在办理", "按计划推进", "序时推进",
                 "按序时推进", "绿灯"),
    ),
    StatusTerm(
        code="ongoing", label="持续推进", colour="#5c6bc0", light="green",
        aliases=("持续推进", "长期推进", "常态化推进", "长期坚持"),
    ),
    StatusTerm(
        code="not_done", label="尚未落实", colour="#fb8c00", light="yellow",
        aliases=("尚未落实", "尚未完全落实", "未落实", "尚未完成", "未完成", "尚未启动", "未启动",
                 "未按期完成", "未按时完成", "未按时限办结", "未按时办结", "未办结", "超期未办结",
                 "逾期未办结", "逾期未完成"),
    ),
    StatusTerm(
        code="lagging", label="需要加大力度", colour="#f4511e", light="yellow",
        aliases=("需要加大力度", "需加大力度", "进展缓慢", "滞后", "推进缓慢", "进展滞后",
                 "进度滞后", "推进滞后", "黄灯"),
    ),
    StatusTerm(
        code="problem", label="存在突出问题", colour="#c62828", light="red",
        aliases=("存在突出问题", "存在问题", "问题突出", "红灯", "存在的问题", "存在的主要问题",
                 "主要问题", "发现的问题", "问题和不足", "困难和问题", "存在的困难和问题"),
    ),
)

STATUS_CODES: tuple[str, ...] = tuple(s.code for s in STATUSES)
STATUS_BY_CODE: dict[str, StatusTerm] = {s.code: s for s in STATUSES}


def status_from_label(label: str) -> str | None:
    """Map a printed status label or section heading (已落实事项, 有序推进) to its code.

    The longest alias contained in the label wins, so 尚未完全落实事项 maps to ``not_done``
    and 已基本完成 does not fall to ``done``.
    """
    best: tuple[int, str] | None = None
    for term in STATUSES:
        for alias in term.aliases:
            if alias in label and (best is None or len(alias) > best[0]):
                best = (len(alias), term.code)
    return best[1] if best else None
