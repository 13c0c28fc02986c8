from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ducha.reporting"
    label = "reporting"
    verbose_name = "督办报送"
