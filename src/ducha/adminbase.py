"""The admin base every Ducha model uses: history shown, deletion never offered."""

from __future__ import annotations

from typing import Any

from simple_history.admin import SimpleHistoryAdmin


class DuchaAdmin(SimpleHistoryAdmin):
    """Records are archived, never deleted; every change is in the history view."""

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
