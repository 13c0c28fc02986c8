"""``ducha serve``: collect static files, then run gunicorn (2 sync workers by default)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "以生产级服务器 (gunicorn) 启动督查督办系统"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"督查督办系统已启动: http://{host}:{port}/  (按 Ctrl+C 停止)")
        self.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "ducha.wsgi:application",
                "--bind", f"{host}:{port}", "--workers", str(workers),
                "--access-logfile", "-", "--graceful-timeout", "10"]
        os.execv(sys.executable, argv)  # noqa: S606 - replace this process with the server
