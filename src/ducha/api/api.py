"""The one NinjaAPI of Ducha: token auth, one router per domain, the one error shape.

Served under /api/ (see ducha.api.urls): the OpenAPI document at /api/openapi.json and Swagger
UI at /api/docs, whose script and styles are django-ninja's own static files (no inline script,
so the site's Content-Security-Policy holds on the docs page too).
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI, Swagger

from ducha.api.auth import TokenAuth
from ducha.api.errors import install_error_handlers, json_method_errors, not_found_view
from ducha.api.routers import assessments, periods, reports, tasks, units

DESCRIPTION = (
    "督查督办系统的数据接口,与网页使用同一套权限:承办单位联络员只能看到本单位的事项和报送,"
    "领导只读,督查室可审核与评定;系统管理员、安全管理员和安全审计员不能使用本接口。\n\n"
    "身份验证:在请求头中加入 `Authorization: Bearer <接口令牌>`;"
    "令牌在 /api/tokens/ 页面签发,只显示一次。\n\n"
    "所有错误的格式相同:`{\"error\": {\"code\": \"...\", \"message\": \"中文说明\"}}`。"
)


class DuchaAPI(NinjaAPI):
    """NinjaAPI whose own answers outside handlers (405, unknown path) use the error shape."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls: list[Any] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern.callback = json_method_errors(pattern.callback)
            urls.append(pattern)
        urls.append(re_path(r"^.*$", not_found_view, name="no-route"))
        return urls


api = DuchaAPI(
    title="督查督办系统数据接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
)
install_error_handlers(api)
api.add_router("/units", units.router)
api.add_router("/tasks", tasks.router)
api.add_router("/periods", periods.router)
api.add_router("/reports", reports.router)
api.add_router("/assessments", assessments.router)
