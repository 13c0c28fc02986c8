"""Typed readers for the ``DUCHA_*`` environment variables.

Every setting Ducha reads from the environment goes through one of these helpers, so a
malformed value fails at start-up with ``ImproperlyConfigured`` instead of misbehaving later.
``DOCUMENTED`` lists every variable with its meaning; a test checks that the README and this list
agree with the variables the code reads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

DOCUMENTED: dict[str, str] = {
    "DUCHA_DATABASE_URL": "数据库地址;默认 var/ 下的 SQLite 文件 (sqlite:///…, postgres://…)",
    "DUCHA_SECRET_KEY": "Django 密钥;未设置时首次启动生成并保存在 var/secret_key",
    "DUCHA_DEBUG": "调试模式,默认关闭 (0/1)",
    "DUCHA_ALLOWED_HOSTS": "允许的主机名,逗号分隔;默认 127.0.0.1,localhost",
    "DUCHA_VAR_DIR": "数据目录 (数据库、密钥、附件、静态文件);默认仓库下的 var/",
    "DUCHA_CONN_MAX_AGE": "数据库持久连接秒数,默认 60",
    "DUCHA_SESSION_IDLE_MINUTES": "会话空闲超时分钟数,默认 30",
    "DUCHA_SECURE_COOKIES": "经 TLS 提供服务时设为 1:Cookie 仅走 HTTPS",
    "DUCHA_REQUIRE_2FA": "设为 1 时督查室与三类管理员登录须输入动态口令 (TOTP),默认 0",
    "DUCHA_SSL_REDIRECT": "把 HTTP 请求重定向到 HTTPS;默认与 DUCHA_SECURE_COOKIES 相同",
    "DUCHA_HSTS_SECONDS": "HSTS 有效秒数 (含子域名),默认 0 即不发送;生产建议 31536000",
    "DUCHA_HSTS_PRELOAD": "HSTS 加 preload 标记,默认 0 (内网域名无需预加载)",
    "DUCHA_BEHIND_TLS_PROXY": "设为 1 时信任反向代理的 X-Forwarded-Proto: https"
                              "(仅当所有请求都经该代理)",
    "DUCHA_TRUSTED_PROXIES": "反向代理的 IP 地址,逗号分隔;只采信来自这些地址的"
                             " X-Forwarded-For",
    "DUCHA_UPLOAD_MAX_MB": "单个上传文件的大小上限 (MB),默认 20;压缩包解压后总量上限为其 10 倍",
    "DUCHA_REQUIRE_POSTGRES": "测试时要求 PostgreSQL 可用,否则失败 (CI 设为 1)",
    "DUCHA_REMIND_DAYS": "ducha remind:截止日期或完成时限前几天发蓝色提醒,默认 3",
    "DUCHA_WEBHOOK_URL": "督办单推送的群机器人地址 (钉钉/企业微信 webhook);未设置则不推送",
    "DUCHA_WEBHOOK_SECRET": "钉钉机器人“加签”密钥 (SEC…);未设置则不签名",
    "DUCHA_EMAIL_HOST": "发送督办单邮件的 SMTP 服务器;未设置则不发邮件",
    "DUCHA_EMAIL_PORT": "SMTP 端口,默认 25",
    "DUCHA_EMAIL_USER": "SMTP 用户名",
    "DUCHA_EMAIL_PASSWORD": "SMTP 密码",
    "DUCHA_EMAIL_TLS": "SMTP 使用 STARTTLS (0/1),默认 0",
    "DUCHA_EMAIL_FROM": "督办单邮件的发件人地址,默认 ducha@localhost",
    "DUCHA_CACHE_URL": "各进程共用的结果缓存:redis://主机:6379/0,file:///目录,或 locmem://;"
                       "默认 var/cache 下的文件缓存",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """Return the variable's value, or ``default`` when it is unset."""
    env = os.environ if environ is None else environ
    return env.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Read 1/0, true/false, yes/no, on/off; anything else is a configuration error."""
    env = os.environ if environ is None else environ
    if name not in env:
        return default
    value = env[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={env[name]!r} 不是布尔值,请写 1 或 0")


def env_int(
    name: str, default: int, environ: Mapping[str, str] | None = None, *, minimum: int = 0
) -> int:
    """Read a whole number not below ``minimum``."""
    env = os.environ if environ is None else environ
    if name not in env:
        return default
    try:
        value = int(env[name].strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={env[name]!r} 不是整数") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} 小于允许的最小值 {minimum}")
    return value


def cache_config(url: str, var_dir: Path) -> dict[str, dict[str, object]]:
    """Django ``CACHES`` from ``DUCHA_CACHE_URL``.

    The cockpit's results must be shared by every worker (gunicorn runs several), so the
    default is a file cache under ``var_dir``; ``redis://`` uses Django's own RedisCache (the
    ``redis`` package must be installed); ``locmem://`` keeps one cache per process.
    """
    parsed = urlsplit(url.strip())
    scheme = parsed.scheme.lower()
    options: dict[str, object]
    if scheme in ("redis", "rediss"):
        options = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                   "LOCATION": url.strip()}
    elif scheme == "file":
        location = Path(unquote(parsed.path)) if parsed.path else var_dir / "cache"
        if parsed.netloc or not location.is_absolute():
            raise ImproperlyConfigured(f"DUCHA_CACHE_URL={url!r}:文件缓存须写绝对路径,"
                                       "如 file:///srv/ducha/cache")
        options = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                   "LOCATION": str(location), "OPTIONS": {"MAX_ENTRIES": 5000}}
    elif scheme == "locmem":
        options = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": parsed.netloc or "ducha"}
    else:
        raise ImproperlyConfigured(f"DUCHA_CACHE_URL={url!r} 无法识别;请写 redis://主机:端口/库号、"
                                   "file:///绝对路径 或 locmem://")
    return {"default": options}


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """Read a comma-separated list, dropping blanks."""
    env = os.environ if environ is None else environ
    if name not in env:
        return list(default)
    return [item.strip() for item in env[name].split(",") if item.strip()]
