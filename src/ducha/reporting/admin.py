from django.contrib import admin

from ducha.adminbase import DuchaAdmin
from ducha.reporting.models import Assessment, IndicatorActual, Period, Report


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
