"""Drafting, editing, issuing and rendering bulletins. Every write names who did it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max

from ducha.base import DuchaError, acting_as
from ducha.bulletins.compose_meetings import MeetingScope, compose_meetings
from ducha.bulletins.compose_other import compose_special, compose_work_report
from ducha.bulletins.document import BulletinDocument, Masthead
from ducha.bulletins.edit import parse_section_text
from ducha.bulletins.models import Bulletin, BulletinKind, BulletinVersion, OfficeProfile
from ducha.choices import SourceKind
from ducha.ledger.models import Source, Task

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.reporting.models import Period


def _previous_until(period: Period) -> dt.date | None:
    """The end of the meeting range of the last issued meetings bulletin before this one."""
    last = (BulletinVersion.objects.filter(bulletin__kind=BulletinKind.MEETINGS,
                                           bulletin__period__due_date__lt=period.due_date)
            .order_by("-bulletin__period__due_date", "-version").first())
    until = (last.content.get("scope") or {}).get("until") if last else None
    return dt.date.fromisoformat(until) if until else None


def _compose(*, kind: str, period: Period, today: dt.date, profile: OfficeProfile,
             source: Source | None, since: dt.date | None, subject: str
             ) -> tuple[BulletinDocument, dict[str, str]]:
    if kind == BulletinKind.MEETINGS:
        if since is None and (previous := _previous_until(period)):
            since = previous + dt.timedelta(days=1)
        scope = MeetingScope(until=period.due_date, since=since)
        doc = compose_meetings(period=period, scope=scope, today=today,
                               order=profile.meeting_section_order, issuer=profile.issuer)
        return doc, {"until": scope.until.isoformat(),
                     "since": since.isoformat() if since else ""}
    if kind == BulletinKind.WORK_REPORT:
        source = source or (Source.objects.active().filter(kind=SourceKind.WORK_REPORT)
                            .order_by("-year", "-issue_date").first())
        if source is None:
            raise DuchaError("还没有导入政府工作报告分解文件;请先在“导入公文”中导入。")
        doc = compose_work_report(period=period, source=source, today=today,
                                  issuer=profile.issuer)
        return doc, {"source": str(source.pk)}
    if kind == BulletinKind.SPECIAL:
        tasks = Task.objects.active()
        tasks = tasks.filter(source=source) if source else tasks
        doc = compose_special(period=period, tasks=list(tasks), subject=subject or "重点工作",
                              today=today, issuer=profile.issuer)
        return doc, {"source": str(source.pk) if source else ""}
    raise DuchaError("通报类别无效:请选择 常务会议、政府工作报告 或 专项督查。")


@transaction.atomic
def bulletin_draft(*, kind: str, period: Period, by: User, today: dt.date,
                   layout: str = "official", source: Source | None = None,
                   since: dt.date | None = None, subject: str = "") -> Bulletin:
    """Draft a bulletin from the ledger; the office then edits it section by section."""
    if layout not in ("official", "periodical"):
        raise DuchaError("版式无效:请选择 公文 或 简报。")
    profile = OfficeProfile.current()
    doc, scope = _compose(kind=kind, period=period, today=today, profile=profile,
                          source=source, since=since, subject=subject)
    doc.addressees, doc.cc, doc.printer = profile.addressees, profile.cc, profile.printer
    doc.signature, doc.layout = profile.issuer, layout  # type: ignore[assignment]
    content = {**doc.to_dict(), "scope": scope}
    with acting_as(by):
        return Bulletin.objects.create(kind=kind, layout=layout, period=period,
                                       title=doc.title, content=content, created_by=by)


def bulletin_document(content: dict) -> BulletinDocument:  # type: ignore[type-arg]
    return BulletinDocument.from_dict(content)


@transaction.atomic
def bulletin_section_update(*, bulletin: Bulletin, index: int, heading: str, text: str,
                            by: User) -> Bulletin:
    """Replace one section with the office's edited text (kept in the history)."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    doc = bulletin_document(bulletin.content)
    if not 0 <= index < len(doc.sections):
        raise DuchaError("该部分已不存在,请刷新页面后重试。")
    if not text.strip():
        raise DuchaError("内容不能为空;如要删去这一部分,请写明“无”。")
    doc.sections[index] = parse_section_text(heading, text,
                                             level=doc.sections[index].level)
    bulletin.content = {**doc.to_dict(), "scope": bulletin.content.get("scope", {})}
    bulletin.title = doc.title
    bulletin._history_user = by  # type: ignore[attr-defined]
    bulletin.save()
    return bulletin


def _doc_number(layout: str, profile: OfficeProfile, year: int, serial: int) -> str:
    return f"{profile.doc_prefix}〔{year}〕{serial}号" if layout == "official" else f"第{serial}期"


def bulletin_issue(*, bulletin: Bulletin, by: User, now: dt.datetime) -> BulletinVersion:
    """Freeze a numbered version; a reissue is a new version with the same number."""
    for _attempt in range(3):
        try:
            return _issue_once(bulletin=bulletin, by=by, now=now)
        except IntegrityError:
            continue  # another supervisor took the number at the same moment: take the next
    raise DuchaError("印发时编号冲突,请稍后重试。")


@transaction.atomic
def _issue_once(*, bulletin: Bulletin, by: User, now: dt.datetime) -> BulletinVersion:
    profile = OfficeProfile.current()
    year = now.year
    previous = bulletin.versions.order_by("-version").first()
    if previous is not None:
        serial, year = previous.serial, previous.year
    else:
        top = BulletinVersion.objects.filter(layout=bulletin.layout, year=year, version=1
                                             ).aggregate(m=Max("serial"))["m"]
        serial = (top or 0) + 1
    doc = bulletin_document(bulletin.content)
    doc.doc_number = _doc_number(bulletin.layout, profile, year, serial)
    if bulletin.layout == "periodical":
        doc.masthead = Masthead(name=profile.masthead, issue=serial)
    doc.date = now.date()
    content = {**doc.to_dict(), "scope": bulletin.content.get("scope", {})}
    return BulletinVersion.objects.create(
        bulletin=bulletin, version=(previous.version + 1) if previous else 1,
        layout=bulletin.layout, year=year, serial=serial, doc_number=doc.doc_number,
        content=content, issued_by=by, issued_at=now)
