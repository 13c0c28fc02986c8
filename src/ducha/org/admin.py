from django.contrib import admin

from ducha.adminbase import DuchaAdmin, DuchaInline
from ducha.org.models import Unit, UnitAlias, UnitGroup


class UnitAliasInline(DuchaInline):
    model = UnitAlias
    extra = 0
    can_delete = False


@admin.register(Unit)
class UnitAdmin(DuchaAdmin):
    list_display = ("name", "short_name", "kind", "sort_order", "archived_at")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases__alias")
    inlines = [UnitAliasInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(DuchaAdmin):
    list_display = ("name",)
    filter_horizontal = ("members",)
