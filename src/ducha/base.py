"""What every domain app shares: the one error type and the no-hard-delete rule."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import SimpleNamespace
from typing import Any

from django.db import models


class DuchaError(Exception):
    """An error a user can cause; ``message`` is Chinese and says what is wrong and what to do.

    Views, the CLI and the API map it once to a page message, an exit code or a JSON error.
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class HardDeleteError(DuchaError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what}不能删除;请改为归档,历史记录会保留。", "no_delete")


class ArchivableQuerySet(models.QuerySet):
    """Querysets of records that must never be hard-deleted."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HardDeleteError(str(self.model._meta.verbose_name))

    def active(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=True)


class ArchivableModel(models.Model):
    """A record that is archived, never deleted: its history must stay readable."""

    archived_at = models.DateTimeField("归档时间", null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HardDeleteError(str(self._meta.verbose_name))


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Every history row written inside the block names ``user`` as who made the change.

    Services that create many rows (an import, a bulk accept) use this instead of setting
    ``_history_user`` on each object; web requests get the same from the history middleware.
    """
    from simple_history.models import HistoricalRecords

    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user) if user else None
    try:
        yield
    finally:
        if previous is None:
            with suppress(AttributeError):
                del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous
