"""The statuses an office uses, so that suggested statuses speak the office's own language.

Offices do not all sort their items into the seven statuses. One meeting-decision bulletin
prints 已落实 / 正在推进 / 持续推进; another prints only 尚未完全落实 / 已基本完成, and files
"印发了《…》" under 已基本完成 because it has no 已落实 section. The words of a progress text
cannot tell those two offices apart; the office's vocabulary can. The office sets, per kind of
source, the statuses its bulletins sort into, and ``docparse.suggest`` picks the best of those
(the rule weights stay the same for every office). No vocabulary set means all seven.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from ducha.accounts.models import User
from ducha.accounts.permissions import Action, require
from ducha.audit.services import audit_record
from ducha.base import DuchaError
from ducha.choices import SourceKind, Status
from ducha.reporting.models import StatusVocabulary

#: Fewer than this many statuses would make every suggestion the same: refused.
MIN_STATUSES = 2


def status_vocabularies() -> dict[str, frozenset[str]]:
    """Source kind → the statuses the office uses for it; kinds left unset are absent."""
    return {row.source_kind: frozenset(row.statuses)
            for row in StatusVocabulary.objects.all() if row.statuses}


def vocabulary_rows() -> list[dict[str, object]]:
    """Every source kind with its chosen statuses (all seven when unset), for the page."""
    chosen = status_vocabularies()
    return [{"kind": kind, "label": label, "statuses": chosen.get(kind, frozenset()),
             "is_set": kind in chosen} for kind, label in SourceKind.choices]


def status_vocabulary_set(*, source_kind: str, statuses: Collection[str],
                          by: User) -> StatusVocabulary:
    """Set the statuses used for one kind of source; an empty choice means all seven."""
    require(by, Action.MANAGE_CAUSES)
    if source_kind not in SourceKind.values:
        raise DuchaError(f"未知的来源类别“{source_kind}”,请从列表中选择。", "vocabulary_kind")
    unknown = sorted(set(statuses) - set(Status.values))
    if unknown:
        raise DuchaError(f"未知的状态:{'、'.join(unknown)},请从列表中选择。", "vocabulary_status")
    ordered = [s for s in Status.values if s in set(statuses)]
    if ordered and len(ordered) < MIN_STATUSES:
        raise DuchaError(f"至少选择 {MIN_STATUSES} 个状态;只有一个状态时建议失去意义。"
                         "若不限定,请全部不选。", "vocabulary_too_small")
    with transaction.atomic():
        row, _ = StatusVocabulary.objects.select_for_update().get_or_create(
            source_kind=source_kind)
        row.statuses = ordered
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
        audit_record(action="status_vocabulary_set", by=by, obj=row,
                     detail={"source_kind": source_kind, "statuses": ordered})
    return row
