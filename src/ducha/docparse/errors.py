"""The one exception docparse lets escape for bad input.

Loaders and parsers meet files that users upload: empty, encrypted, scanned, mis-encoded,
hostile. Whatever goes wrong inside a third-party reader is turned into this exception, whose
``problem`` is a Chinese sentence a supervisor can act on (what is wrong, what to do), so the
web form, the CLI and the API can show it as it is.
"""

from __future__ import annotations

from pathlib import Path


class DocumentInputError(Exception):
    """A document that cannot be read; ``problem`` says why and what to do, in Chinese."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
