"""Identity and hardening: password rules, lockout, second factor, upload checks, headers."""
from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "ducha.security"
    label = "security"
    verbose_name = "安全管理"

    def ready(self) -> None:
        from ducha.security import signals  # noqa: F401 - connects the auth signal receivers
