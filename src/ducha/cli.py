"""The ``ducha`` command: Ducha's own commands plus every Django management command.

``ducha init|serve|demo|check|…`` run the management commands of the same name; ``check`` is
Ducha's own health check (Django's system check stays reachable as ``ducha manage check``).
"""

from __future__ import annotations

import os
import sys

ALIASES = {"check": "ducha_check", "import": "import_documents"}


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "manage":
        args = args[1:]
    elif args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ducha", *args])


if __name__ == "__main__":
    main()
