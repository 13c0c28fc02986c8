"""The one settings module, configured only by ``DUCHA_*`` environment variables (see conf.py)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ducha.conf import cache_config, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("DUCHA_VAR_DIR", str(PACKAGE_DIR.parent.parent / "var"))).resolve()


def _secret_key() -> str:
    """Use DUCHA_SECRET_KEY, else a key generated once into var/ (never committed)."""
    key = env_str("DUCHA_SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key


def _databases() -> dict[str, dict[str, object]]:
    """Parse DUCHA_DATABASE_URL; harden SQLite (WAL, IMMEDIATE transactions, busy timeout)."""
    default_url = f"sqlite:///{VAR_DIR / 'ducha.sqlite3'}"
    url = env_str("DUCHA_DATABASE_URL", default_url)
    try:
        db = dj_database_url.parse(url, conn_max_age=env_int("DUCHA_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DUCHA_DATABASE_URL 无法解析: {exc}") from None
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["CONN_MAX_AGE"] = 0 if db["NAME"] == ":memory:" else db["CONN_MAX_AGE"]
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        if db["NAME"] != ":memory:":
            Path(str(db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    elif db["ENGINE"] == "django.db.backends.postgresql":
        db["CONN_HEALTH_CHECKS"] = True
    return {"default": db}


SECRET_KEY = _secret_key()
DEBUG = env_bool("DUCHA_DEBUG", False)
ALLOWED_HOSTS = env_list("DUCHA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "ducha.adminapps.DuchaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "template_partials",
    "ducha.accounts",
    "ducha.org",
    "ducha.ledger",
    "ducha.reporting",
    "ducha.audit",
    "ducha.security",
    "ducha.bulletins",
    "ducha.cockpit",
    "ducha.reminders",
    "ninja",
    "ducha.api",
    "ducha.web",
]

MIDDLEWARE = [
    "ducha.security.middleware.SecurityHeadersMiddleware",
    "ducha.security.middleware.HtmxSessionExpiredMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ducha.audit.middleware.AuditDenialMiddleware",
    "ducha.security.middleware.LockoutMiddleware",
    "ducha.security.middleware.SecurityGateMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ducha.urls"
WSGI_APPLICATION = "ducha.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One cache for every worker process (the cockpit's results); a file cache under var/ unless
# DUCHA_CACHE_URL names Redis.
CACHES = cache_config(env_str("DUCHA_CACHE_URL", "file://"), VAR_DIR)

# 身份鉴别: length >= 10, three of four character classes, not the username, not one of the
# last five passwords (ducha.security.validators keeps their hashes).
# Argon2id at OWASP's interactive cost (see accounts/hashers.py); the rest only verify old hashes.
PASSWORD_HASHERS = [
    "ducha.accounts.hashers.DuchaArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "ducha.security.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "ducha.security.validators.NotContainingUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "ducha.security.validators.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
# The lockout backend refuses every attempt while the account or the address is locked.
AUTHENTICATION_BACKENDS = [
    "ducha.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
DUCHA_REQUIRE_2FA = env_bool("DUCHA_REQUIRE_2FA", False)
DUCHA_TRUSTED_PROXIES = env_list("DUCHA_TRUSTED_PROXIES", [])
DUCHA_UPLOAD_MAX_BYTES = env_int("DUCHA_UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024

# 督办提醒 (`ducha remind`): blue N days ahead; notices by e-mail and a group-bot webhook.
DUCHA_REMIND_DAYS = env_int("DUCHA_REMIND_DAYS", 3)
DUCHA_WEBHOOK_URL = env_str("DUCHA_WEBHOOK_URL", "").strip()
DUCHA_WEBHOOK_SECRET = env_str("DUCHA_WEBHOOK_SECRET", "")
if DUCHA_WEBHOOK_URL and not DUCHA_WEBHOOK_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("DUCHA_WEBHOOK_URL 应以 https:// 或 http:// 开头")
EMAIL_HOST = env_str("DUCHA_EMAIL_HOST", "")  # unset: reminders are not e-mailed
EMAIL_PORT = env_int("DUCHA_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DUCHA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("DUCHA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DUCHA_EMAIL_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DUCHA_EMAIL_FROM", "ducha@localhost")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it
STATICFILES_DIRS: list[Path] = []
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("DUCHA_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age is an idle timeout, renewed by every request
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # pages carry the token themselves (form field, hx-headers)
_SECURE = env_bool("DUCHA_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = _SECURE
CSRF_COOKIE_SECURE = _SECURE
SECURE_SSL_REDIRECT = env_bool("DUCHA_SSL_REDIRECT", _SECURE)
if env_bool("DUCHA_BEHIND_TLS_PROXY", False):
    # Only when every request comes through a proxy that sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DUCHA_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DUCHA_HSTS_PRELOAD", False)
if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD:
    # Preloading is a request to the browsers' public list; intranet hosts are not on it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere; inline style attributes are allowed (style="--c: …").
DUCHA_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
