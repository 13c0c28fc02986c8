from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "ducha.ledger"
    label = "ledger"
    verbose_name = "督办台账"
