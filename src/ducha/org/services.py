"""Writes on the unit directory: the unknown-name queue and its resolution by a supervisor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from ducha.base import DuchaError
from ducha.choices import UnitKind
from ducha.org.models import Unit, UnitAlias, UnitGroup, UnknownUnitName

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.ledger.models import Source


def unknown_unit_queue(*, printed_name: str, source: Source | None, by: User | None
                       ) -> UnknownUnitName:
    """Queue a printed name the directory does not know (or count one more sighting)."""
    entry, created = UnknownUnitName.objects.get_or_create(
        printed_name=printed_name, defaults={"first_source": source, "occurrences": 1})
    if not created:
        UnknownUnitName.objects.filter(pk=entry.pk).update(occurrences=F("occurrences") + 1)
    return entry


def _attach(entry: UnknownUnitName, *, unit: Unit | None, group: UnitGroup | None) -> int:
    """Point every assignment still waiting on this printed name at the unit or group."""
    from ducha.ledger.models import Assignment

    names = [entry.printed_name, entry.printed_name + "等"]
    waiting = Assignment.objects.filter(printed_name__in=names, unit__isnull=True,
                                        group__isnull=True)
    count = 0
    for assignment in waiting:
        duplicate = unit is not None and Assignment.objects.filter(
            task_id=assignment.task_id, unit=unit, role=assignment.role).exists()
        if duplicate:
            continue
        assignment.unit, assignment.group = unit, group
        assignment.save(update_fields=["unit", "group"])
        count += 1
    return count


@transaction.atomic
def unknown_unit_map(*, entry: UnknownUnitName, unit: Unit | None = None,
                     group: UnitGroup | None = None, by: User) -> int:
    """Map a queued name to an existing unit (recorded as an alias) or group.

    Returns how many waiting assignments now point at it.
    """
    if (unit is None) == (group is None):
        raise DuchaError("请选择一个单位或一个单位集合(二选一)。")
    if entry.state != UnknownUnitName.State.PENDING:
        raise DuchaError(f"“{entry.printed_name}”已处理过,无需重复处理。")
    if unit is not None and not UnitAlias.objects.filter(alias=entry.printed_name).exists():
        alias = UnitAlias(unit=unit, alias=entry.printed_name)
        alias._history_user = by  # type: ignore[attr-defined]
        alias.save()
    entry.state, entry.unit, entry.group = UnknownUnitName.State.MAPPED, unit, group
    entry._history_user = by  # type: ignore[attr-defined]
    entry.save()
    return _attach(entry, unit=unit, group=group)


@transaction.atomic
def unknown_unit_create(*, entry: UnknownUnitName, name: str, kind: str, by: User) -> Unit:
    """Create a new unit for a queued name (the printed name becomes its alias if different)."""
    name = name.strip()
    if not name:
        raise DuchaError("请填写新单位的全称。")
    if kind not in UnitKind.values:
        raise DuchaError("单位类别无效,请从列表中选择。")
    if Unit.objects.filter(name=name).exists():
        raise DuchaError(f"单位“{name}”已存在;请改用“映射到已有单位”。")
    if entry.state != UnknownUnitName.State.PENDING:
        raise DuchaError(f"“{entry.printed_name}”已处理过,无需重复处理。")
    unit = Unit(name=name, kind=kind)
    unit._history_user = by  # type: ignore[attr-defined]
    unit.save()
    if entry.printed_name != name:
        UnitAlias.objects.create(unit=unit, alias=entry.printed_name)
    entry.state, entry.unit = UnknownUnitName.State.CREATED, unit
    entry._history_user = by  # type: ignore[attr-defined]
    entry.save()
    _attach(entry, unit=unit, group=None)
    return unit


_KIND_HINTS: tuple[tuple[str, str], ...] = (
    ("管委会", UnitKind.ZONE), ("开发区", UnitKind.ZONE), ("高新区", UnitKind.ZONE),
    ("学校", UnitKind.SCHOOL), ("学院", UnitKind.SCHOOL), ("中学", UnitKind.SCHOOL),
    ("大学", UnitKind.SCHOOL), ("公司", UnitKind.COMPANY), ("集团", UnitKind.COMPANY),
)


def unit_kind_guess(name: str) -> str:
    """A first guess of a unit's kind from its name, for the supervisor to confirm."""
    for hint, kind in _KIND_HINTS:
        if hint in name:
            return kind
    if name.endswith("人民政府") and not name.startswith("市"):
        return UnitKind.COUNTY
    if name.startswith(("市", "团市委")):
        return UnitKind.DEPARTMENT
    return UnitKind.OTHER


@transaction.atomic
def unknown_units_reresolve(*, by: User) -> int:
    """Map every pending name the directory now knows (after a unit or alias was added)."""
    from ducha.org.resolve import Directory

    directory = Directory.load()
    mapped = 0
    for entry in UnknownUnitName.objects.filter(state=UnknownUnitName.State.PENDING):
        res = directory.resolve(entry.printed_name)
        if res.known:
            unknown_unit_map(entry=entry, unit=res.unit, group=res.group, by=by)
            mapped += 1
    return mapped


@transaction.atomic
def unknown_units_create_all(*, by: User) -> int:
    """Create a unit for every pending name, kind guessed from the name (a new directory's
    first import); names that resolve by then are mapped instead."""
    created = 0
    unknown_units_reresolve(by=by)
    for entry in UnknownUnitName.objects.filter(state=UnknownUnitName.State.PENDING):
        if Unit.objects.filter(name=entry.printed_name).exists():
            continue
        unknown_unit_create(entry=entry, name=entry.printed_name,
                            kind=unit_kind_guess(entry.printed_name), by=by)
        created += 1
        unknown_units_reresolve(by=by)
    return created
