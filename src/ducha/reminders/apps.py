from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """督办单: graded reminders recomputed nightly, and their delivery by e-mail and webhook."""

    name = "ducha.reminders"
    label = "reminders"
    verbose_name = "督办提醒"
