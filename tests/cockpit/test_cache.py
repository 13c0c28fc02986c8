"""DUCHA_CACHE_URL: one result cache for every worker process (gunicorn runs several)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ducha.conf import DOCUMENTED, cache_config

ROOT = Path(__file__).resolve().parents[2]


def test_default_is_a_file_cache_under_the_var_dir(tmp_path):
    caches = cache_config("file://", tmp_path)
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert caches["default"]["LOCATION"] == str(tmp_path / "cache")


def test_redis_file_and_locmem_urls(tmp_path):
    redis = cache_config("redis://127.0.0.1:6379/0", tmp_path)["default"]
    assert redis == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379/0"}
    target = tmp_path / "shared"
    assert cache_config(f"file://{target}", tmp_path)["default"]["LOCATION"] == str(target)
    local = cache_config("locmem://", tmp_path)["default"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("url", ["memcached://x", "file://relative", "nonsense"])
def test_unknown_or_relative_cache_urls_fail_at_start_up(url, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DUCHA_CACHE_URL"):
        cache_config(url, tmp_path)


def test_documented_in_conf_and_readme():
    assert "DUCHA_CACHE_URL" in DOCUMENTED
    assert "`DUCHA_CACHE_URL`" in (ROOT / "README.md").read_text(encoding="utf-8")


def _child(code: str, var_dir: Path) -> str:
    env = {**os.environ, "DUCHA_VAR_DIR": str(var_dir),
           "DJANGO_SETTINGS_MODULE": "ducha.settings"}
    env.pop("DUCHA_CACHE_URL", None)
    script = ("import django; django.setup()\n"
              "from django.core.cache import cache\n" + code)
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True, timeout=120)
    return proc.stdout.strip()


def test_a_value_cached_by_one_process_is_read_by_another(tmp_path):
    """What one gunicorn worker computed, the other finds (the default file cache)."""
    _child("cache.set('cockpit:probe', {'总数': 42}, 300)", tmp_path)
    assert _child("print(cache.get('cockpit:probe'))", tmp_path) == "{'总数': 42}"
    assert any((tmp_path / "cache").iterdir())
