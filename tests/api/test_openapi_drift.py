"""The committed OpenAPI document is the code's: a change of a route or schema must update it
in the same commit, so clients (and reviewers) see the contract change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ducha.api

COMMITTED = Path(ducha.api.__file__).with_name("openapi.json")
UPDATE = "ducha manage export_openapi > src/ducha/api/openapi.json"


def test_committed_openapi_document_matches_the_code():
    from ducha.api.management.commands.export_openapi import openapi_document

    current = openapi_document()
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    if committed != current:
        changed = sorted(set(current["paths"]) ^ set(committed["paths"])) or sorted(
            name for name in set(current["components"]["schemas"])
            | set(committed["components"]["schemas"])
            if current["components"]["schemas"].get(name)
            != committed["components"]["schemas"].get(name))
        pytest.fail("src/ducha/api/openapi.json 与代码生成的 OpenAPI 文档不一致"
                    f"(不同之处:{', '.join(changed) or '路由说明'})。"
                    f"确认接口变更无误后,请运行:{UPDATE}", pytrace=False)


@pytest.mark.django_db
def test_served_document_is_the_committed_one(client):
    served = client.get("/api/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_route_documents_the_error_shape():
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("401", "403", "404", "422"):
                schema = responses[status]["content"]["application/json"]["schema"]
                assert schema == error, (method, path, status)
            assert operation["security"] == [{"TokenAuth": []}], (method, path)
