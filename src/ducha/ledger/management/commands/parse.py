"""``ducha parse FILE… [--json]``: print the structure of documents; touches no database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.docparse.errors import DocumentInputError
from ducha.docparse.indicators import parse_actuals
from ducha.docparse.parse import documents_to_json, parse_file


def parse_files(paths: list[str]) -> list[tuple[str, list[Any]]]:
    """Parse every file first, so one bad file stops everything before any output or write."""
    parsed = []
    for path in paths:
        try:
            parsed.append((path, parse_file(path)))
        except DocumentInputError as exc:
            raise CommandError(f"文件 {path}: {exc.problem}") from None
    return parsed


def _with_actuals(data: dict[str, Any], documents: list[Any]) -> dict[str, Any]:
    """Bulletins also carry their statements of actual against target (增长8.1%(目标8%))."""
    for doc_data, document in zip(data["documents"], documents, strict=True):
        actuals = [a.to_dict() for a in parse_actuals(document.body_text) if a.target is not None]
        if actuals:
            doc_data["bulletin"] = doc_data["bulletin"] or {"sections": []}
            doc_data["bulletin"]["indicators"] = actuals
    return data


class Command(BaseCommand):
    help = "解析公文结构(不写数据库);--json 输出机器可读的结果"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, files: list[str], **opts: Any) -> None:
        parsed = parse_files(files)
        documents = [doc for _path, docs in parsed for doc in docs]
        data = _with_actuals(documents_to_json(documents), documents)
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        for doc in data["documents"]:
            self.stdout.write(f"《{doc['title']}》 {doc['doc_number'] or ''} {doc['kind']}")
            self.stdout.write(f"  督办事项 {len(doc['tasks'])} 项")
            if doc["bulletin"]:
                items = sum(len(m["items"]) for s in doc["bulletin"].get("sections", [])
                            for m in s["meetings"])
                self.stdout.write(f"  通报事项 {items} 项")
