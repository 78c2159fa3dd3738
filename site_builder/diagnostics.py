"""Problems found in a user's input, reported as ``path:line: message (expected ...)``.

Every stage collects diagnostics instead of stopping at the first one, so an editor
sees all mistakes in a single run.  ``SiteError`` carries them to the CLI, which prints
them and exits 1; no traceback ever reaches the user for a content mistake.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


def display_path(path: Path, root: Path) -> str:
    """How a message names a file: relative to the project root when it is inside it; a symbolic link is
    named by where it is, not where it leads."""
    absolute, top = os.path.abspath(path), os.fspath(root).rstrip(os.sep) + os.sep
    if absolute.startswith(top):  # the common case, without touching the disk
        return absolute[len(top):].replace(os.sep, "/")
    for candidate in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.as_posix()


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    message: str
    expected: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        if self.expected:
            text += f" ({self.expected})"
        return text


class SiteError(Exception):
    """The site cannot be built; holds every diagnostic, sorted and deduplicated."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(set(diagnostics)))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Diagnostics:
    """A collector that stages append to; ``raise_if_any`` ends the stage."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, path: str, line: int, message: str, expected: str = "") -> None:
        self._items.append(Diagnostic(path, max(line, 1), message, expected))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self._items.extend(items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self):
        return iter(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise SiteError(self._items)
