"""The JSON API app: API tokens, the NinjaAPI and its routers."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ducha.api"
    label = "api"
    verbose_name = "数据接口"
