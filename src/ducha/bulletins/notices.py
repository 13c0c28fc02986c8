"""Single-page notices in the bulletin layout: 督查通知单 (assignment) and 催办单 (reminder).

Both are built as ``BulletinDocument``s, so the same renderers print them (.docx in the
GB/T 9704 layout, HTML preview, text, PDF) and the workflow only supplies the facts: the task,
the units, the deadline, what is overdue. They default to the 信函格式 ("letter") head and
run-in headings (一、督办事项：…) so that an ordinary notice stays on one page; the full
红头 ("official") is available too, at the cost of a second page for longer texts.

Reminders come in three grades, each a step up: blue 提醒 (a nudge), yellow 预警 (a warning),
red 督办 (formal supervision, with the unit's principal in charge named responsible).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, TypeAlias

from ducha.bulletins.document import (
    BulletinDocument,
    Layout,
    Paragraph,
    Section,
    format_date,
    ordinal,
)

__all__ = ["REMINDER_GRADES", "ReminderGrade", "assignment_notice", "reminder_notice"]

ReminderGrade: TypeAlias = Literal["blue", "yellow", "red"]
# grade -> (colour as printed, action as printed)
REMINDER_GRADES: dict[str, tuple[str, str]] = {
    "blue": ("蓝色", "提醒"),
    "yellow": ("黄色", "预警"),
    "red": ("红色", "督办"),
}

ASSIGNMENT_REQUIREMENTS = (
    "承办单位要高度重视，明确责任人，按时保质完成。",
    "遇到困难和问题，请及时向督查部门报告。",
    "逾期未报送办理情况的，将按程序予以催办。",
)
_REMINDER_REQUIREMENTS = {
    "blue": ("请对照办理时限抓紧推进，按时报送办理情况。",),
    "yellow": ("请分析逾期原因，制定整改措施，明确完成时限。",
               "再次逾期的，将升级为红色督办。"),
    "red": ("请单位主要负责同志亲自过问、督促办理。",
            "办理情况将在督查通报中予以通报，并纳入绩效考核。"),
}


def assignment_notice(*, issuer: str, date: dt.date, task: str, lead_units: Sequence[str],
                      deadline: dt.date, responsible_units: Sequence[str] = (),
                      requirements: Sequence[str] = ASSIGNMENT_REQUIREMENTS,
                      basis: str = "", doc_number: str = "", contact: str = "",
                      layout: Layout = "letter") -> BulletinDocument:
    """督查通知单: hands a task to its units with a deadline and the office's requirements."""
    units = f"牵头单位{'、'.join(lead_units)}"
    if responsible_units:
        units += f"；责任单位{'、'.join(responsible_units)}"
    reason = f"根据{basis}，" if basis else ""
    lines = [
        f"一、督办事项：{_sentence(task)}",
        f"二、承办单位：{units}。",
        f"三、办理时限：{format_date(deadline)}前办结并报送办理情况。",
        *_requirements("四、工作要求", requirements),
    ]
    return BulletinDocument(
        title="督查通知单", date=date, layout=layout, issuer=issuer, doc_number=doc_number,
        addressees=f"{'、'.join([*lead_units, *responsible_units])}：",
        opening=[Paragraph(f"{reason}现将下列督办事项交你单位办理。")],
        sections=[Section("", blocks=[Paragraph(line) for line in lines])],
        closing=_contact(contact), signature=issuer)


def reminder_notice(*, issuer: str, date: dt.date, grade: ReminderGrade, task: str,
                    units: Sequence[str], overdue: Sequence[str], reply_by: dt.date,
                    requirements: Sequence[str] | None = None, doc_number: str = "",
                    contact: str = "", layout: Layout = "letter") -> BulletinDocument:
    """催办单: names what is overdue and the date by which the unit must reply."""
    if grade not in REMINDER_GRADES:
        raise ValueError(f"未知的催办等级“{grade}”:应为 blue(提醒)、yellow(预警)或 red(督办)")
    colour, action = REMINDER_GRADES[grade]
    opening = f"你单位承办的下列督办事项未按要求完成或报送办理情况，现予{colour}{action}。"
    lines = [
        f"一、催办事项：{_sentence(task)}",
        f"二、逾期情况：{''.join(_sentence(t) for t in overdue) or '未按期报送办理情况。'}",
        f"三、回复时限：{format_date(reply_by)}前书面回复进展、逾期原因和整改措施。",
        *_requirements("四、有关要求", requirements or _REMINDER_REQUIREMENTS[grade]),
    ]
    return BulletinDocument(
        title=f"督查催办单（{colour}{action}）", date=date, layout=layout, issuer=issuer,
        doc_number=doc_number, addressees=f"{'、'.join(units)}：",
        opening=[Paragraph(opening)],
        sections=[Section("", blocks=[Paragraph(line) for line in lines])],
        closing=_contact(contact), signature=issuer)


def _requirements(heading: str, texts: Sequence[str]) -> list[str]:
    """The requirements run in after their heading, numbered 1. 2. 3. when there are several
    (one paragraph rather than one line each: a line saved is what keeps the page single)."""
    if len(texts) == 1:
        return [f"{heading}：{_sentence(texts[0])}"]
    numbered = "".join(ordinal(3, i) + _sentence(t) for i, t in enumerate(texts, 1))
    return [f"{heading}：{numbered}"]


def _sentence(text: str) -> str:
    """A fact as one sentence: trimmed, ending in 。 (or the stop it already has)."""
    text = " ".join(text.split())
    return text if not text or text.endswith(("。", "！", "？", "；")) else text + "。"


def _contact(contact: str) -> list[Paragraph]:
    return [Paragraph(f"联系人及电话：{contact}")] if contact else []
