"""The dataclasses docparse returns: a Document and the TaskItems found in it.

``to_dict()`` gives exactly the JSON contract of ``ducha parse --json`` (the ledger importer
and outside evaluations read it), so field names and order here are part of that contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass
class TaskItem:
    """One numbered item that carries a 牵头单位/责任单位 annotation."""

    number: str  # as printed: "3." "(一)" "十一、"
    title: str  # the item's short name: its heading, or its first sentence
    text: str  # the item's text without its number, annotation included, as printed
    line: int  # 1-based line number of the text's first line in the parsed text
    chapter: str | None = None  # the 一、-level heading above it, as printed
    section: str | None = None  # the (一)-level heading above it, as printed
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    implicit_responsible_units: list[str] = field(default_factory=list)
    lead_leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    scope: str | None = None
    outline_path: str = ""  # "二.(一).3"

    def to_dict(self) -> dict[str, Any]:
        """The task as in the JSON contract."""
        return {
            "number": self.number,
            "chapter": self.chapter,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "responsible_units": list(self.responsible_units),
            "implicit_responsible_units": list(self.implicit_responsible_units),
            "lead_leaders": list(self.lead_leaders),
            "deadline": self.deadline,
            "scope": self.scope,
            "outline_path": self.outline_path,
            "line": self.line,
        }


class Line(NamedTuple):
    """One non-empty line of a document with its 1-based position in the parsed text.

    A named tuple rather than a dataclass: a parse makes one per line, and a tuple is built
    in C (``map(Line._make, …)``) at a fraction of a dataclass ``__init__``'s cost.
    """

    no: int
    text: str


@dataclass
class Document:
    """One official document (a gazette holds several)."""

    title: str = ""
    doc_number: str | None = None  # 文号 (咸政办发〔2021〕1号); of minutes, their issue (第12期)
    issuer: str | None = None
    date: str | None = None  # ISO date of signature
    kind: str = "other"  # work_report, meeting_minutes, policy, instruction, bulletin, other
    addressees: list[str] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)
    bulletin: dict[str, Any] | None = None  # filled by docparse.bulletin when it applies
    meeting: dict[str, Any] | None = None  # the meeting minutes record: heading, date, number

    @property
    def body_text(self) -> str:
        """The body as one text, one line per line."""
        return "\n".join(line.text for line in self.body)

    def to_dict(self) -> dict[str, Any]:
        """The document as in the JSON contract (the body is not part of it)."""
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "date": self.date,
            "kind": self.kind,
            "addressees": list(self.addressees),
            "attachments": list(self.attachments),
            "tasks": [task.to_dict() for task in self.tasks],
            "bulletin": self.bulletin,
            "meeting": self.meeting,
        }
