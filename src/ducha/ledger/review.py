"""The review step of an import: what the parser found, how each unit name resolves, and the
supervisor's corrections applied before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ducha.docparse.annotations import split_units
from ducha.org.resolve import Directory, city_of

if TYPE_CHECKING:
    from ducha.docparse.model import Document

FIELDS = ("title", "lead", "responsible", "deadline")


@dataclass
class UnitView:
    printed: str
    state: str  # unit, group, unknown
    resolved: str = ""


@dataclass
class TaskView:
    key: str  # d{doc}-t{task}: the prefix of the task's correction fields
    number: str
    title: str
    chapter: str
    deadline: str
    lead: list[UnitView] = field(default_factory=list)
    responsible: list[UnitView] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


def _units(names: list[str], directory: Directory, city: str) -> list[UnitView]:
    views = []
    for name in names:
        res = directory.resolve(name, city=city)
        if res.unit is not None:
            views.append(UnitView(name, "unit", res.unit.name))
        elif res.group is not None:
            views.append(UnitView(name, "group", f"{res.group.name}({len(res.members)}个单位)"))
        else:
            views.append(UnitView(name, "unknown"))
    return views


def preview(documents: list[Document]) -> list[tuple[Document, list[TaskView]]]:
    """Each document with its tasks as the review page shows them."""
    from ducha.docparse.indicators import parse_targets

    directory = Directory.load()
    out = []
    for d, document in enumerate(documents):
        city = city_of(document.issuer)
        tasks = [
            TaskView(key=f"d{d}-t{t}", number=item.number, title=item.title,
                     chapter=item.chapter or "", deadline=item.deadline or "",
                     lead=_units(item.lead_units, directory, city),
                     responsible=_units(item.responsible_units
                                        + item.implicit_responsible_units, directory, city),
                     indicators=[f"{x.name} {x.comparator or ''} {x.value or ''}{x.measure or ''}"
                                 .strip() for x in parse_targets(item.text)])
            for t, item in enumerate(document.tasks)
        ]
        out.append((document, tasks))
    return out


def apply_corrections(documents: list[Document], corrections: dict[str, str]
                      ) -> list[Document]:
    """Apply the review form: ``d0-t3-skip`` drops a task; ``d0-t3-title`` / ``-lead`` /
    ``-responsible`` / ``-deadline`` replace what the parser read (units separated by 、)."""
    for d, document in enumerate(documents):
        kept = []
        for t, item in enumerate(document.tasks):
            key = f"d{d}-t{t}"
            if corrections.get(f"{key}-skip"):
                continue
            if (title := corrections.get(f"{key}-title", "").strip()) and title != item.title:
                item.title = title
            if (lead := corrections.get(f"{key}-lead")) is not None and lead.strip():
                item.lead_units = split_units(lead.strip())
            if (resp := corrections.get(f"{key}-responsible")) is not None:
                item.responsible_units = split_units(resp.strip())
                item.implicit_responsible_units = []
            if (deadline := corrections.get(f"{key}-deadline")) is not None:
                item.deadline = deadline.strip() or None
            kept.append(item)
        document.tasks = kept
    return documents
