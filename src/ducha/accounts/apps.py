from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ducha.accounts"
    label = "accounts"
    verbose_name = "账户"
