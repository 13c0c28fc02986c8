"""Every vocabulary of the product as ``TextChoices``, defined once.

Templates, bulletins, charts, xlsx headers and the API enum read their labels and colours from
here. Statuses come from ``docparse.vocab`` (which cannot import Django) so the parser and the
database never disagree.
"""

from __future__ import annotations

from django.db import models

from ducha.docparse.vocab import STATUS_BY_CODE, STATUSES

Status = models.TextChoices("Status", [(s.code.upper(), (s.code, s.label)) for s in STATUSES])
Status.__doc__ = "The office's judgement of a task in a period (督办评定)."


def status_colour(code: str) -> str:
    """The chart and badge colour of a status."""
    return STATUS_BY_CODE[code].colour


class Light(models.TextChoices):
    """Traffic light of an assessment or indicator (红黄绿灯)."""

    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "市直部门"
    COUNTY = "county", "县市区"
    ZONE = "zone", "开发区"
    COMPANY = "company", "企业"
    SCHOOL = "school", "学校"
    OTHER = "other", "其他"


class SourceKind(models.TextChoices):
    WORK_REPORT = "work_report", "政府工作报告分解"
    MEETING_MINUTES = "meeting_minutes", "常务会议纪要"
    POLICY = "policy", "政策文件"
    INSTRUCTION = "instruction", "领导批示"
    OTHER = "other", "其他"


class MeetingKind(models.TextChoices):
    EXECUTIVE = "executive", "市政府常务会议"
    PLENARY = "plenary", "市政府全体会议"
    SPECIAL = "special", "专题会议"
    OTHER = "other", "其他会议"


class TaskCategory(models.TextChoices):
    ANNUAL = "annual", "年度任务"
    LONG_TERM = "long_term", "长期任务"


class Role(models.TextChoices):
    """A unit's role on a task (分工)."""

    LEAD = "lead", "牵头单位"
    RESPONSIBLE = "responsible", "责任单位"


class IndicatorKind(models.TextChoices):
    GROWTH = "growth", "增速"
    RATE = "rate", "比率"
    COUNT = "count", "数量"
    QUALITATIVE = "qualitative", "定性"


class Comparator(models.TextChoices):
    AT_LEAST = ">=", "不低于"
    AT_MOST = "<=", "不高于"
    EQUAL = "=", "达到"
    ABOUT = "~", "左右"


class PeriodKind(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"


class PeriodState(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已关闭"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采纳"


class Confidence(models.TextChoices):
    """A unit's own confidence of delivering on time (按期完成把握), apart from the status."""

    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class RequestKind(models.TextChoices):
    EXTENSION = "extension", "延期申请"
    DISPUTE = "dispute", "退办申请"


class RequestState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "未同意"


class UserRole(models.TextChoices):
    """Supervision roles, and the three separated administration roles (三权分立) outside them."""

    SUPERVISOR = "supervisor", "督查室"
    REPORTER = "reporter", "承办单位联络员"
    LEADER = "leader", "领导"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "安全审计员"


SUPERVISION_ROLES = (UserRole.SUPERVISOR, UserRole.REPORTER, UserRole.LEADER)
ADMIN_ROLES = (UserRole.SYSADMIN, UserRole.SECADMIN, UserRole.AUDITOR)


def choice_values(choices: type[models.TextChoices]) -> list[str]:
    """The stored values of a vocabulary, for database check constraints."""
    return [value for value, _label in choices.choices]
