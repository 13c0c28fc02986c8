"""The audit log in Django's admin: read only, for whoever the admin lets in; never editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from ducha.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("id", "at", "actor_username", "role", "address", "action", "result")
    list_filter = ("action", "result")
    search_fields = ("actor_username", "object_repr")
    actions = None

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return getattr(request.user, "role", None) == "auditor"

    def has_module_permission(self, request: Any) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
