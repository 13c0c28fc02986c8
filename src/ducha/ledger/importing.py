"""Importing parsed documents into the ledger: one transaction per document, idempotent.

A document is identified by the hash of its title, 文号 and body, so importing the same file
twice changes nothing. Every printed unit name is kept on its assignment; names the directory
does not know are queued (``org.UnknownUnitName``), never created and never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ducha.base import acting_as
from ducha.choices import MeetingKind, Role, SourceKind, TaskCategory
from ducha.docparse.indicators import parse_targets
from ducha.docparse.minutes import meeting_kind
from ducha.docparse.pace import is_cumulative
from ducha.docparse.vocab import STATUS_BY_CODE
from ducha.ledger.deadlines import parse_deadline
from ducha.ledger.models import Assignment, Indicator, Meeting, Source, Task
from ducha.org.resolve import Directory, city_of
from ducha.org.services import unknown_unit_queue
from ducha.reporting.models import Assessment

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.docparse.model import Document, TaskItem
    from ducha.reporting.models import Period

KIND_MAP = {"work_report": SourceKind.WORK_REPORT, "meeting_minutes": SourceKind.MEETING_MINUTES,
            "policy": SourceKind.POLICY, "instruction": SourceKind.INSTRUCTION}


@dataclass
class DocumentOutcome:
    """What importing one document did (or, in a dry run, would do)."""

    title: str
    doc_number: str
    state: str  # created, unchanged, skipped
    reason: str = ""
    source_id: int | None = None
    tasks: int = 0
    meetings: int = 0
    assignments: int = 0
    indicators: int = 0
    assessments: int = 0
    unresolved: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def content_hash(document: Document) -> str:
    """The identity of a document: its title, 文号 and body text."""
    text = f"{document.title}\n{document.doc_number or ''}\n{document.body_text}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _RollbackError(Exception):
    """Raised inside a dry run's transaction so nothing it wrote remains."""


@dataclass
class _Writer:
    """Writes one document's ledger rows; counts what it wrote."""

    source: Source
    directory: Directory
    city: str
    by: User | None
    outcome: DocumentOutcome
    period: Period | None = None

    def assign(self, task: Task, names: list[str], role: str, *, implicit: bool = False
               ) -> None:
        seen = set(Assignment.objects.filter(task=task, role=role, unit__isnull=False)
                   .values_list("unit_id", flat=True))
        for printed in names:
            res = self.directory.resolve(printed, city=self.city)
            if res.unit is not None and res.unit.pk in seen:
                continue
            Assignment.objects.create(task=task, role=role, printed_name=printed,
                                      unit=res.unit, group=res.group, implicit=implicit)
            self.outcome.assignments += 1
            if res.unit is not None:
                seen.add(res.unit.pk)
            elif not res.known:
                name = printed.strip().removesuffix("等") or printed
                unknown_unit_queue(printed_name=name, source=self.source, by=self.by)
                if name not in self.outcome.unresolved:
                    self.outcome.unresolved.append(name)

    def indicators(self, task: Task) -> None:
        for target in parse_targets(task.text):
            Indicator.objects.create(
                task=task, name=target.name[:200], kind=target.kind,
                comparator=target.comparator or "",
                value=None if target.value is None else Decimal(str(target.value)),
                measure=target.measure or "", cumulative=is_cumulative(target),
                sense=target.sense or "")
            self.outcome.indicators += 1

    def task(self, item: TaskItem, position: int, meeting: Meeting | None = None) -> None:
        deadline, long_term = parse_deadline(item.deadline, year=self.source.year)
        task = Task.objects.create(
            source=self.source, meeting=meeting, position=position, number=item.number,
            chapter=item.chapter or "", section=(item.section or "")[:300],
            title=item.title[:500], text=item.text, outline_path=item.outline_path[:60],
            deadline=deadline, deadline_text=(item.deadline or "")[:100],
            category=TaskCategory.LONG_TERM if long_term else TaskCategory.ANNUAL,
            lead_leaders="、".join(item.lead_leaders)[:200])
        self.outcome.tasks += 1
        self.assign(task, item.lead_units, Role.LEAD)
        self.assign(task, item.responsible_units, Role.RESPONSIBLE)
        self.assign(task, item.implicit_responsible_units, Role.RESPONSIBLE, implicit=True)
        self.indicators(task)

    def bulletin_items(self, bulletin: dict[str, Any]) -> None:
        """A meeting-decision bulletin: its meetings and their items become tasks.

        Bulletins print only 责任单位; by the usual convention the first unit listed leads.
        """
        position = 0
        for section in bulletin.get("sections", []):
            for meeting_data in section.get("meetings", []):
                meeting = self.meeting(meeting_data)
                for item in meeting_data.get("items", []):
                    task = Task.objects.create(
                        source=self.source, meeting=meeting, position=position,
                        number=item.get("number") or "", title=item["title"][:500],
                        text=item["title"], chapter=section.get("heading", "")[:200],
                        section=(meeting_data.get("heading") or "")[:300])
                    position += 1
                    self.outcome.tasks += 1
                    units = list(item.get("units", []))
                    self.assign(task, units[:1], Role.LEAD)
                    self.assign(task, units[1:], Role.RESPONSIBLE)
                    self.verdict(task, section.get("status"), item.get("progress") or "")

    def verdict(self, task: Task, status: str | None, progress: str | list[str]) -> None:
        """Keep the office's printed judgement of a bulletin item as the period's assessment
        (how a past bulletin is brought over from an earlier system)."""
        if self.period is None or status not in STATUS_BY_CODE:
            return
        text = progress if isinstance(progress, str) else "\n".join(progress)
        Assessment.objects.create(task=task, period=self.period, status=status,
                                  light=STATUS_BY_CODE[status].light, note=text,
                                  decided_by=self.by, decided_at=timezone.now())
        self.outcome.assessments += 1

    def meeting(self, data: dict[str, Any]) -> Meeting | None:
        if not data.get("date") or not data.get("number"):
            self.outcome.warnings.append(f"会议“{data.get('heading')}”日期或届次不明,未关联会议。")
            return None
        if data.get("date_ambiguous"):
            self.outcome.warnings.append(
                f"会议“{data.get('heading')}”日期有歧义,按 {data['date']} 记录,请核对。")
        kind = data.get("kind") or meeting_kind(data.get("heading") or "常务会议")
        meeting, created = Meeting.objects.get_or_create(
            kind=kind, date=dt.date.fromisoformat(data["date"]), number=int(data["number"]),
            defaults={"title": "" if kind == MeetingKind.EXECUTIVE else
                      (data.get("heading") or "")[:200]})
        self.outcome.meetings += created
        return meeting


def _source_kind(document: Document) -> str:
    if document.kind in KIND_MAP:
        return KIND_MAP[document.kind]
    if document.bulletin and document.bulletin.get("sections"):
        return SourceKind.MEETING_MINUTES
    return SourceKind.OTHER


def _bulletin_has_items(document: Document) -> bool:
    return any(m.get("items") for s in (document.bulletin or {}).get("sections", [])
               for m in s.get("meetings", []))


def document_import(*, document: Document, directory: Directory, by: User | None,
                    dry_run: bool = False, period: Period | None = None) -> DocumentOutcome:
    """Import one parsed document in its own transaction (rolled back in a dry run)."""
    outcome = DocumentOutcome(title=document.title, doc_number=document.doc_number or "",
                              state="created")
    if not document.tasks and not _bulletin_has_items(document):
        outcome.state, outcome.reason = "skipped", "文中没有带牵头/责任单位的督办事项,未导入。"
        return outcome
    digest = content_hash(document)
    if existing := Source.objects.filter(content_hash=digest).first():
        outcome.state, outcome.source_id = "unchanged", existing.pk
        outcome.reason = "该文件已导入过,内容相同,本次未做任何改动。"
        return outcome
    try:
        with transaction.atomic(), acting_as(by):
            _write(document, digest, directory, by, outcome, period)
            if dry_run:
                raise _RollbackError
    except _RollbackError:
        outcome.source_id = None
    return outcome


def _write(document: Document, digest: str, directory: Directory, by: User | None,
           outcome: DocumentOutcome, period: Period | None) -> None:
    issued = dt.date.fromisoformat(document.date) if document.date else None
    source = Source(
        kind=_source_kind(document), title=document.title[:300] or "(无标题)",
        doc_number=(document.doc_number or "")[:60], issuer=(document.issuer or "")[:100],
        issue_date=issued, year=issued.year if issued else None,
        full_text=document.body_text, content_hash=digest, created_by=by)
    source._history_user = by  # type: ignore[attr-defined]
    source.save()
    outcome.source_id = source.pk
    writer = _Writer(source, directory, city_of(document.issuer), by, outcome, period)
    if _bulletin_has_items(document):  # a bulletin's items are read with their meetings
        writer.bulletin_items(document.bulletin or {})
        return
    # minutes' decided items belong to the meeting the minutes record
    meeting = writer.meeting(document.meeting) if document.meeting else None
    for position, item in enumerate(document.tasks):
        writer.task(item, position, meeting)


def documents_import(*, documents: list[Document], by: User | None, dry_run: bool = False,
                     period: Period | None = None) -> list[DocumentOutcome]:
    """Import parsed documents, each in its own transaction, against one directory snapshot.

    With ``period``, a bulletin's printed statuses and progress become that period's
    assessments (bringing past bulletins over from an earlier system).
    """
    directory = Directory.load()
    return [document_import(document=d, directory=directory, by=by, dry_run=dry_run,
                            period=period) for d in documents]
