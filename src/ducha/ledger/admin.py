from django.contrib import admin

from ducha.adminbase import DuchaAdmin, DuchaInline
from ducha.ledger.models import (
    Assignment,
    Indicator,
    IndicatorRevision,
    Meeting,
    Source,
    Task,
)


@admin.register(Source)
class SourceAdmin(DuchaAdmin):
    list_display = ("title", "doc_number", "kind", "issue_date")
    list_filter = ("kind", "year")
    search_fields = ("title", "doc_number")


@admin.register(Meeting)
class MeetingAdmin(DuchaAdmin):
    list_display = ("__str__", "kind", "number", "date")


class AssignmentInline(DuchaInline):
    model = Assignment
    extra = 0
    can_delete = False
    autocomplete_fields = ("unit",)


class IndicatorInline(DuchaInline):
    model = Indicator
    extra = 0
    can_delete = False


@admin.register(Task)
class TaskAdmin(DuchaAdmin):
    list_display = ("number", "title", "source", "chapter", "deadline", "category")
    list_filter = ("source", "category")
    search_fields = ("title", "text")
    inlines = [AssignmentInline, IndicatorInline]


@admin.register(Assignment)
class AssignmentAdmin(DuchaAdmin):
    list_display = ("task", "printed_name", "unit", "group", "role")
    list_filter = ("role",)


@admin.register(Indicator)
class IndicatorAdmin(DuchaAdmin):
    list_display = ("name", "task", "kind", "comparator", "value", "measure")
    raw_id_fields = ("task",)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        """The baseline is never overwritten: a revised target is an IndicatorRevision."""
        return ("kind", "comparator", "value", "measure") if obj else ()


@admin.register(IndicatorRevision)
class IndicatorRevisionAdmin(DuchaAdmin):
    list_display = ("indicator", "effective_date", "value", "measure", "approved_by")
    raw_id_fields = ("indicator",)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
