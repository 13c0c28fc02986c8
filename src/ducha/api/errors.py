"""The one error shape of the API, mapped once for every exception a request can raise.

Every error answers ``{"error": {"code": "...", "message": "中文说明"}}`` (422 adds
``fields``, one entry per bad field). Handlers, the auth class and the services raise the
ordinary exceptions (DuchaError, PermissionDenied, Http404, ninja's ValidationError); this
module is the only place that turns them into HTTP responses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import HttpError, ValidationError

from ducha.base import DuchaError

if TYPE_CHECKING:
    from ninja import NinjaAPI

log = logging.getLogger(__name__)

# DuchaError codes that are not a plain 400: the record changed under the caller (409) or
# the input of a field was refused by the service (422).
STATUS_BY_CODE = {
    "stale": 409, "conflict": 409, "report_locked": 409, "report_state": 409,
    "period_closed": 409, "request_decided": 409, "report_input": 422,
}
HAN = re.compile(r"[\u4e00-\u9fff]")
SOURCES = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头"}
MESSAGES = {
    400: ("bad_request", "请求格式有误,请检查后重试。"),
    401: ("unauthorized", "身份验证失败:请在请求头中加入 Authorization: Bearer <接口令牌>。"),
    403: ("forbidden", "您的角色无权执行此操作。"),
    404: ("not_found", "没有找到该记录,或您无权查看。"),
    405: ("method_not_allowed", "该地址不支持此请求方法。"),
    429: ("throttled", "请求过于频繁,请稍后再试。"),
    500: ("server_error", "服务器内部错误,已记录日志;请稍后重试,或联系系统管理员。"),
}


class ApiError(DuchaError):
    """An error only the API raises (authentication, unknown input ids), with its status."""

    def __init__(self, message: str, code: str, status: int,
                 fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(message, code)
        self.status = status
        self.fields = fields or []


def error_body(code: str, message: str,
               fields: Iterable[dict[str, str]] | None = None) -> dict[str, Any]:
    """The one error shape."""
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = list(fields)
    return {"error": error}


def error_response(status: int, code: str | None = None, message: str | None = None,
                   fields: Iterable[dict[str, str]] | None = None) -> HttpResponse:
    default_code, default_message = MESSAGES.get(status, MESSAGES[400])
    response = JsonResponse(error_body(code or default_code, message or default_message,
                                       fields), status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="ducha"'
    return response


def _chinese(text: str, fallback: str) -> str:
    """The exception's own message when it is written for users (Chinese), else ours."""
    return text if text and HAN.search(text) else fallback


# ---------------------------------------------------------------------------------------------
# Validation errors (422): one Chinese sentence per field, naming the field


def _problem(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    simple = {
        "missing": "为必填项", "int_parsing": "须为整数", "int_type": "须为整数",
        "int_from_float": "须为整数", "bool_parsing": "须为 true 或 false",
        "bool_type": "须为 true 或 false", "string_type": "须为文本",
        "decimal_parsing": "须为数字", "decimal_type": "须为数字", "float_parsing": "须为数字",
        "float_type": "须为数字", "date_parsing": "须为日期,格式 YYYY-MM-DD",
        "date_from_datetime_parsing": "须为日期,格式 YYYY-MM-DD",
        "date_type": "须为日期,格式 YYYY-MM-DD", "list_type": "须为列表",
        "model_type": "须为对象", "dict_type": "须为对象", "extra_forbidden": "不是可用的字段",
        "json_invalid": "不是合法的 JSON", "decimal_max_digits": "位数过多",
        "decimal_max_places": "小数位数过多", "finite_number": "须为有限的数字",
    }
    if kind in simple:
        return simple[kind]
    if kind in ("greater_than_equal", "greater_than"):
        return f"须{'不小于' if kind.endswith('equal') else '大于'} {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"须{'不大于' if kind.endswith('equal') else '小于'} {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字"
    if kind == "string_too_short":
        return f"至少 {ctx.get('min_length')} 个字"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind in ("enum", "literal_error"):
        return f"须为以下之一:{ctx.get('expected', '')}"
    return "格式不正确"


def _field_name(loc: Iterable[Any]) -> tuple[str, str]:
    """(where, dotted field name) from a ninja error location such as body.payload.text."""
    parts = list(loc)
    where = SOURCES.get(str(parts[0]), "") if parts else ""
    rest = [str(p) for p in parts[1:]]
    if rest and rest[0] == "payload":  # every body parameter of this API is called payload
        rest = rest[1:]
    return where, ".".join(rest)


def validation_fields(errors: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    fields = []
    for error in errors:
        where, name = _field_name(error.get("loc", ()))
        problem = _problem(error)
        message = (f"{where}{problem}" if not name
                   else f"{where}字段“{name}”{problem}")
        fields.append({"field": name, "message": message})
    return fields


def validation_response(fields: list[dict[str, str]], code: str = "invalid_input",
                        lead: str = "请求内容有误") -> HttpResponse:
    message = f"{lead}:" + ";".join(f["message"] for f in fields) + "。"
    return error_response(422, code, message, fields)


# ---------------------------------------------------------------------------------------------
# The handlers, installed once on the API


def _on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    if exc.status == 422 and exc.fields:
        return validation_response(exc.fields, exc.code, exc.message.rstrip("。"))
    return error_response(exc.status, exc.code, exc.message, exc.fields)


def _on_ducha_error(request: HttpRequest, exc: DuchaError) -> HttpResponse:
    status = STATUS_BY_CODE.get(exc.code, 400)
    field_map: dict[str, str] = getattr(exc, "fields", None) or {}
    fields = [{"field": _service_field(key), "message": text} for key, text in field_map.items()]
    message = exc.message
    if fields:  # name the fields in the sentence too, not only in the list
        message = message.rstrip("。") + ":" + ";".join(f["message"] for f in fields)
        message = message.rstrip("。") + "。"
    return error_response(status, exc.code, message, fields)


def _service_field(key: str) -> str:
    """A form key of a service error (ind-7-measure) in the API's terms (actuals.7.measure)."""
    match = re.fullmatch(r"ind-(\d+)-(\w+)", key)
    return f"actuals.{match[1]}.{match[2]}" if match else key


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    reason = _chinese(str(exc), MESSAGES[403][1])
    # The audit middleware records every 403; give it the reason, as for pages.
    request._ducha_denied = reason  # type: ignore[attr-defined]
    return error_response(403, "forbidden", reason)


def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", _chinese(str(exc), MESSAGES[404][1]))


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return validation_response(validation_fields(exc.errors))


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and "parse request body" in exc.message:
        return error_response(400, "bad_json", "请求体不是合法的 JSON,请检查格式后重试。")
    code, message = MESSAGES.get(exc.status_code, MESSAGES[400])
    return error_response(exc.status_code, code, _chinese(exc.message, message))


def _on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API request %s %s failed", request.method, request.path)
    return error_response(500)


def install_error_handlers(api: NinjaAPI) -> None:
    """Map every exception to the one error shape (the most specific class wins)."""
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (ApiError, _on_api_error), (DuchaError, _on_ducha_error),
        (PermissionDenied, _on_permission_denied), (Http404, _on_not_found),
        (ValidationError, _on_validation_error), (HttpError, _on_http_error),
        (Exception, _on_exception)]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


# ---------------------------------------------------------------------------------------------
# What ninja answers outside a handler: a method the path does not have, a path it does not have


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a ninja path view so its plain-text 405 (and the API root's 404) answer in the one
    shape."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found_view(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"):
            allowed = response.get("Allow", "")
            error = error_response(405, message=f"该地址不支持 {request.method} 请求;"
                                                f"可用的方法:{allowed}。")
            error["Allow"] = allowed
            return error
        return response

    return wrapped


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any path under /api/ that no route has."""
    return error_response(404, "no_route",
                          f"接口地址 {request.path} 不存在;可用的接口见 /api/docs。")


not_found_view.csrf_exempt = True  # type: ignore[attr-defined]
