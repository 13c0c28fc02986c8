"""Property: a meetings bulletin drafted from a random ledger reads back to that ledger.

Hypothesis builds small ledgers in the database — meetings, decided items with lead and
responsible units, assessments of this period and the one before, accepted reports — and the
real services draft the bulletin (``bulletin_draft`` → ``compose_meetings``). The draft is
rendered to plain text and to .docx (read back through docparse's .docx loader), and the
bulletin parser must find every item once, under its status, with its meeting, units and
progress, and the opening's meeting count must be the ledger's.

Database per example: pytest-django wraps the test in one transaction, and Hypothesis runs
many examples inside it; each example writes inside its own ``transaction.atomic()`` block
that is rolled back at the end (a savepoint), so examples never see each other's rows. This
works the same on SQLite and PostgreSQL, and needs no function-scoped fixture as an argument
(which Hypothesis would rightly refuse: it is not reset between examples).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.accounts.models import User
from ducha.bulletins.compose_meetings import SECTION_HEADINGS, month_range
from ducha.bulletins.gather import UNFINISHED
from ducha.bulletins.models import OfficeProfile
from ducha.bulletins.render_docx import render_docx
from ducha.bulletins.render_text import render_text
from ducha.bulletins.services import bulletin_document, bulletin_draft
from ducha.choices import PeriodKind, ReportState, Role, SourceKind, UnitKind, UserRole
from ducha.docparse.bulletin import Bulletin, parse_bulletin
from ducha.docparse.load import load_bytes
from ducha.docparse.normalize import normalize_text
from ducha.docparse.vocab import STATUS_CODES
from ducha.ledger.models import Assignment, Meeting, Source, Task
from ducha.org.models import Unit
from ducha.reporting.models import Assessment, Period, Report

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 3, 31)  # 2026年一季度
EARLIER_DUE = dt.date(2025, 12, 31)  # 2025年四季度
TODAY = dt.date(2026, 4, 20)
FIRST_DAY = dt.date(2025, 5, 1)
UNITS = ("示例市发改委", "示例市财政局", "示例市住建局", "示例市交通运输局",
         "示例交投（集团）有限公司", "示例市职教（集团）学校", "示例县人民政府",
         "各县（市、区）人民政府", "市直有关单位")
TOPICS = st.text(alphabet="城乡道路公园学校医院交通环境水务能源产业文化旅游停车养老", min_size=2,
                 max_size=6)
TITLES = ("审议《示例市{}实施方案》有关议定事项的落实情况", "听取关于{}工作情况的汇报有关议定事项的落实情况",
          "研究{}项目建设有关事项")
KINDS = ("executive",) * 4 + ("plenary", "special")
PROGRESS = ("{}工作已全部完成。", "一是{}已开工建设;二是完成投资0.8亿元。",
            "3月10日,市政府印发了《示例市{}管理办法》(示政发〔2026〕2号)。",
            "{}项目正在办理前期手续,计划于6月底前完工。", "下一步:年底前完成{}验收。",
            "截至目前,{}已完成总工程量的60%。", "1.{}方案已印发。", "(1){}已完成招标。",
            "二是{}已纳入2026年计划。", "{}工作正在推进,完成率为85.5%。")


@dataclass
class ItemSpec:
    """One decided item and everything the ledger says about it."""

    title: str
    units: list[str]
    status: str  # the status the bulletin must print: the latest assessment's
    earlier: str | None  # an assessment of the period before, overridden when ``current``
    current: bool  # whether this period has an assessment
    progress: list[str]
    via: str  # "report": the lead's accepted report; "note": the assessment note only
    rival: bool  # another unit also filed an accepted report, which must not win


@dataclass
class MeetingSpec:
    date: dt.date
    number: int
    kind: str = "executive"  # plenary prints 第N次全体会议; special prints no number
    items: list[ItemSpec] = field(default_factory=list)

    @property
    def printed_number(self) -> int | None:
        return None if self.kind == "special" else self.number


@dataclass
class LedgerSpec:
    meetings: list[MeetingSpec]
    since: dt.date | None
    order: list[str]
    layout: str
    late: MeetingSpec | None  # held after the period's end: must not appear


@st.composite
def item_specs(draw: st.DrawFn, serial: int) -> ItemSpec:
    topic = draw(TOPICS)
    title = draw(st.sampled_from(TITLES)).format(f"{topic}{serial}")
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
    status = draw(st.sampled_from(STATUS_CODES))
    current = draw(st.booleans())
    earlier = draw(st.sampled_from(STATUS_CODES)) if current else status
    if current and draw(st.booleans()):
        earlier = None
    progress = [draw(st.sampled_from(PROGRESS)).format(draw(TOPICS))
                for _ in range(draw(st.integers(1, 2)))]
    via = draw(st.sampled_from(["report", "note"]) if current else st.just("report"))
    rival = via == "report" and len(units) > 1 and draw(st.booleans())
    return ItemSpec(title, units, status, earlier, current, progress, via, rival)


@st.composite
def ledgers(draw: st.DrawFn) -> LedgerSpec:
    days = draw(st.lists(st.integers(0, (DUE - FIRST_DAY).days), min_size=1, max_size=4,
                         unique=True))
    dates = sorted(FIRST_DAY + dt.timedelta(days=d) for d in days)
    serial = iter(range(1, 1000))
    kinds = [draw(st.sampled_from(KINDS)) for _ in dates]
    meetings = [MeetingSpec(d, n, kind, [draw(item_specs(next(serial)))  # 0: nothing decided
                                         for _ in range(draw(st.integers(0, 3)))])
                for n, (d, kind) in enumerate(zip(dates, kinds, strict=True), start=1)]
    split = draw(st.integers(0, len(dates)))
    since = None if split == 0 else (dates[split] if split < len(dates) else DUE)
    if since is not None and draw(st.booleans()) and split < len(dates):
        since = dates[split - 1] + dt.timedelta(days=1)
    order = draw(st.permutations(STATUS_CODES))[:draw(st.integers(0, len(STATUS_CODES)))]
    late = None
    if draw(st.booleans()):
        late = MeetingSpec(DUE + dt.timedelta(days=3), len(dates) + 1,
                           items=[draw(item_specs(next(serial)))])
    return LedgerSpec(meetings, since, list(order), draw(st.sampled_from(["official",
                                                                          "periodical"])), late)


def _build(spec: LedgerSpec) -> tuple[Period, User]:
    """Write the ledger the way the workflow leaves it."""
    units = {n: Unit.objects.create(name=n, kind=UnitKind.DEPARTMENT) for n in UNITS}
    source = Source.objects.create(kind=SourceKind.MEETING_MINUTES, title="纪要汇编",
                                   content_hash="f" * 64)
    period = Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=1, due_date=DUE)
    earlier = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                    due_date=EARLIER_DUE)
    profile = OfficeProfile.current()
    profile.meeting_section_order = spec.order
    profile.save()
    now = timezone.now()
    position = 0
    for m in [*spec.meetings, *([spec.late] if spec.late else [])]:
        meeting = Meeting.objects.create(date=m.date, number=m.number, kind=m.kind)
        for it in m.items:
            task = Task.objects.create(source=source, meeting=meeting, title=it.title,
                                       position=position)
            position += 1
            for k, name in enumerate(it.units):
                Assignment.objects.create(task=task, unit=units[name], printed_name=name,
                                          role=Role.LEAD if k == 0 else Role.RESPONSIBLE)
            text = "\n".join(it.progress)
            if it.earlier is not None:
                Assessment.objects.create(task=task, period=earlier, status=it.earlier,
                                          light="green", decided_at=now, note="上期评定意见。")
            if it.current:
                Assessment.objects.create(task=task, period=period, status=it.status,
                                          light="green", decided_at=now,
                                          note=text if it.via == "note" else "评定意见。")
            if it.via == "report":
                Report.objects.create(unit=units[it.units[0]], task=task, period=period,
                                      text=text, state=ReportState.ACCEPTED)
            if it.rival:
                Report.objects.create(unit=units[it.units[1]], task=task, period=period,
                                      text="配合单位的报送。", state=ReportState.ACCEPTED)
    user = User(username="fidelity", role=UserRole.SUPERVISOR, display_name="督查室")
    user.set_unusable_password()
    user.save()
    return period, user


def _own(spec: LedgerSpec, m: MeetingSpec) -> bool:
    return spec.since is None or m.date >= spec.since


def _expected(spec: LedgerSpec) -> dict[str, list[tuple[str, int, list[tuple]]]]:
    """status → meetings in date order → items as (number, title, units, progress)."""
    chosen: dict[str, dict[tuple[dt.date, int | None], list[ItemSpec]]] = {}
    for m in spec.meetings:
        for it in m.items:
            if _own(spec, m) or it.status in UNFINISHED:
                key = (m.date, m.printed_number)
                chosen.setdefault(it.status, {}).setdefault(key, []).append(it)
    out = {}
    for status, meetings in chosen.items():
        out[status] = [
            (date.isoformat(), number,
             [(str(k) if len(items) > 1 else None, normalize_text(it.title + "。"),
               [normalize_text(u) for u in it.units], "\n".join(it.progress))
              for k, it in enumerate(items, start=1)])
            for (date, number), items in sorted(meetings.items(), key=lambda kv: kv[0][0])]
    return out


def _order(spec: LedgerSpec, present: set[str]) -> list[str]:
    order = spec.order + [c for c in STATUS_CODES if c not in spec.order]
    return [c for c in order if c in present]


def _read(bulletin: Bulletin) -> dict[str, list[tuple[str, int, list[tuple]]]]:
    return {s.status or "": [(m.date, m.number, [(i.number, i.title, i.units, i.progress)
                                                  for i in m.items]) for m in s.meetings]
            for s in bulletin.sections}


def _check(spec: LedgerSpec, parsed: Bulletin | None, how: str) -> None:
    assert parsed is not None, f"{how}: not read as a bulletin"
    expected = _expected(spec)
    assert [s.status for s in parsed.sections] == _order(spec, set(expected)), how
    assert [s.heading for s in parsed.sections] == [
        SECTION_HEADINGS[c] for c in _order(spec, set(expected))], how
    got = _read(parsed)
    assert got == expected, how
    every = Counter((m[0], i[1]) for ms in got.values() for m in ms for i in m[2])
    truth = Counter((m.date.isoformat(), normalize_text(it.title + "。"))
                    for m in spec.meetings for it in m.items if _own(spec, m)
                    or it.status in UNFINISHED)
    assert every == truth, f"{how}: items lost or duplicated"
    assert _held(spec) in parsed.opening, (how, parsed.opening)
    carried = [m.date for m in spec.meetings for it in m.items
               if not _own(spec, m) and it.status in UNFINISHED]
    assert ("尚未落实事项" in (parsed.title or "")) == bool(carried), (how, parsed.title)
    if carried:
        assert (parsed.title or "").startswith(f"关于{month_range(min(carried), max(carried))}"
                                               "市政府常务会议纪要尚未落实事项"), how


def _held(spec: LedgerSpec) -> str:
    """"2025年6月-2026年3月,市政府共召开4次常务会议": every executive meeting held from the
    first carried-over meeting (or this bulletin's first month) to its last meeting."""
    executive = [m.date for m in spec.meetings if m.kind == "executive"]
    own = [m.date for m in spec.meetings if _own(spec, m)
           and (m.kind == "executive" or m.items)]
    carried = [m.date for m in spec.meetings for it in m.items
               if not _own(spec, m) and it.status in UNFINISHED]
    starts = [*carried, *([spec.since or min(own)] if own else [])]
    if not starts:
        return "市政府未召开常务会议。"
    first, last = min(starts), max(own) if own else DUE
    count = sum(first <= d <= last for d in executive)
    if not count:
        return f"{month_range(first, last)},市政府未召开常务会议。"
    return f"{month_range(first, last)},市政府共召开{count}次常务会议并印发纪要。"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_drafted_meetings_bulletin_reads_back_to_its_ledger(spec: LedgerSpec) -> None:
    with transaction.atomic():
        period, user = _build(spec)
        draft = bulletin_draft(kind="meetings", period=period, by=user, today=TODAY,
                               layout=spec.layout, since=spec.since)
        doc = bulletin_document(draft.content)
        _check(spec, parse_bulletin(render_text(doc)), "text")
        _check(spec, parse_bulletin(load_bytes(render_docx(doc), "通报.docx")), "docx")
        transaction.set_rollback(True)
