"""The append-only security audit log (安全审计), hash-chained so tampering is detectable."""
from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ducha.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from ducha.audit import signals  # noqa: F401 - connects the auth signal receivers
