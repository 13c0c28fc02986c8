from django.contrib import admin

from ducha.adminbase import DuchaAdmin
from ducha.reporting.models import (
    Acknowledgement,
    Assessment,
    ChangeRequest,
    Evidence,
    IndicatorActual,
    LagCause,
    Period,
    Report,
)


@admin.register(Period)
class PeriodAdmin(DuchaAdmin):
    list_display = ("__str__", "kind", "due_date", "state")


@admin.register(Report)
class ReportAdmin(DuchaAdmin):
    list_display = ("task", "unit", "period", "state", "submitted_at")
    list_filter = ("period", "state")
    raw_id_fields = ("task",)


@admin.register(IndicatorActual)
class IndicatorActualAdmin(DuchaAdmin):
    list_display = ("indicator", "report", "value", "measure")
    raw_id_fields = ("report",)


@admin.register(Assessment)
class AssessmentAdmin(DuchaAdmin):
    list_display = ("task", "period", "status", "light", "decided_by", "decided_at")
    list_filter = ("period", "status", "light")
    raw_id_fields = ("task",)


@admin.register(LagCause)
class LagCauseAdmin(DuchaAdmin):
    list_display = ("name", "position", "archived_at")


@admin.register(Evidence)
class EvidenceAdmin(DuchaAdmin):
    list_display = ("original_name", "report", "kind", "size", "uploaded_by", "uploaded_at")
    raw_id_fields = ("report",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(DuchaAdmin):
    list_display = ("kind", "task", "unit", "state", "requested_at", "decided_by")
    list_filter = ("kind", "state")
    raw_id_fields = ("task", "assignment")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(DuchaAdmin):
    list_display = ("period", "unit", "assignment", "by", "at")
    raw_id_fields = ("assignment",)
