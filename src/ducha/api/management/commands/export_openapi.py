"""``ducha manage export_openapi``: print the API's OpenAPI document (the committed copy).

    ducha manage export_openapi > src/ducha/api/openapi.json

tests/api/test_openapi_drift.py fails when the committed copy differs from the code.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


def openapi_document() -> dict[str, Any]:
    """The schema as /api/openapi.json serves it, as plain JSON values."""
    from ducha.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    document: dict[str, Any] = json.loads(json.dumps(schema, ensure_ascii=False, default=str))
    return document


def openapi_text() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "输出数据接口的 OpenAPI 文档(JSON)"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(openapi_text(), ending="")
