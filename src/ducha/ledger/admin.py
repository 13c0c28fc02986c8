from django.contrib import admin

from ducha.adminbase import DuchaAdmin
from ducha.ledger.models import Assignment, Indicator, Meeting, Source, Task


@admin.register(Source)
class SourceAdmin(DuchaAdmin):
    list_display = ("title", "doc_number", "kind", "issue_date")
    list_filter = ("kind", "year")
    search_fields = ("title", "doc_number")


@admin.register(Meeting)
class MeetingAdmin(DuchaAdmin):
    list_display = ("__str__", "kind", "number", "date")


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    can_delete = False
    autocomplete_fields = ("unit",)


class IndicatorInline(admin.TabularInline):
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
