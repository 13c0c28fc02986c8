"""Resolving printed unit names (市发改委, 各县市区人民政府, 市司法局等) to the directory.

The rules are general, not fitted to one city: exact full name, short name or alias; then the
same after harmless variations — a trailing 等, the city's own name before 市 (示例市发改委 is
市发改委), the conjunctions 和/与/及 that abbreviations drop (市水利湖泊局 = 市水利和湖泊局), and
brackets or 、 inside group names (各县(市、区)人民政府 = 各县市区人民政府). A variant is accepted
only when it points at exactly one unit; anything else stays unknown for a person to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ducha.org.models import Unit, UnitAlias, UnitGroup

_CITY = re.compile(r"^([\u4e00-\u9fff]{2,4}?)市")
_CONJUNCTIONS = re.compile(r"[和与及]")
_GROUP_NOISE = re.compile(r"[()()、,, ]")
_ETC = "等"


def _key(name: str) -> str:
    return _CONJUNCTIONS.sub("", name)


def _group_key(name: str) -> str:
    return _GROUP_NOISE.sub("", name)


@dataclass
class Resolution:
    """What a printed name stands for; the printed text is always kept beside it."""

    printed: str
    unit: Unit | None = None
    group: UnitGroup | None = None
    members: list[Unit] = field(default_factory=list)
    trailing_etc: bool = False

    @property
    def known(self) -> bool:
        return self.unit is not None or self.group is not None


@dataclass
class Directory:
    """An in-memory index of units, aliases and groups, built with three queries."""

    by_name: dict[str, Unit]
    by_key: dict[str, list[Unit]]
    groups: dict[str, UnitGroup]

    @classmethod
    def load(cls) -> Directory:
        units = {u.pk: u for u in Unit.objects.active()}
        by_name: dict[str, Unit] = {}
        for unit in units.values():
            by_name[unit.name] = unit
            if unit.short_name:
                by_name.setdefault(unit.short_name, unit)
        for alias in UnitAlias.objects.all():
            if alias.unit_id in units:
                by_name[alias.alias] = units[alias.unit_id]
        by_key: dict[str, list[Unit]] = {}
        for name, unit in by_name.items():
            bucket = by_key.setdefault(_key(name), [])
            if unit not in bucket:
                bucket.append(unit)
        groups = {_group_key(g.name): g
                  for g in UnitGroup.objects.active().prefetch_related("members")}
        return cls(by_name=by_name, by_key=by_key, groups=groups)

    def resolve(self, printed: str, *, city: str = "") -> Resolution:
        """Resolve one printed name; unknown names come back with neither unit nor group.

        ``city`` is the issuing city's name (示例 for 示例市), from ``city_of(issuer)``.
        """
        name = printed.strip()
        result = Resolution(printed=printed)
        if name.endswith(_ETC) and len(name) > 2:
            result.trailing_etc = True
            name = name[:-1]
        if group := self.groups.get(_group_key(name)):
            result.group = group
            result.members = list(group.members.all())
            return result
        result.unit = self._unit(name)
        if result.unit is None and city and name.startswith(city + "市"):
            result.unit = self._unit(name[len(city):])
        return result

    def _unit(self, name: str) -> Unit | None:
        if unit := self.by_name.get(name):
            return unit
        candidates = self.by_key.get(_key(name), [])
        return candidates[0] if len(candidates) == 1 else None


def city_of(issuer: str | None) -> str:
    """The city named at the start of an issuer (咸宁市人民政府办公室 → 咸宁), or ""."""
    match = _CITY.match(issuer or "")
    return match.group(1) if match else ""
