"""Notice saved source files by polling their stat signatures, and wait out bursts of saves.

Polling (a few milliseconds for a thousand files) works the same on every system and
needs no extra dependency. Editor swap and backup files, hidden files and hidden
folders never count as changes, so saving in vim or a ``git checkout`` of 100 files
gives one rebuild.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

# (mtime in ns, size, inode): an atomic rename by an editor changes the inode even
# when the size and the coarse timestamp do not.
Signature = tuple[int, int, int]

_TEMPORARY_SUFFIXES = ("~", ".swp", ".swo", ".swn", ".swx", ".tmp", ".temp", ".bak", ".orig", ".part",
                       ".crdownload", ".kate-swp", "___jb_tmp___", "___jb_old___")


def is_ignored(name: str) -> bool:
    """Hidden, editor temporary and backup files (``.x.md.swp``, ``x.md~``, ``#x.md#``, vim's ``4913``)."""
    return name.startswith((".", "#", "~")) or name.endswith(_TEMPORARY_SUFFIXES) or name.isdigit()


class Watcher:
    """Stat signatures of every relevant file under some folders, plus single files."""

    def __init__(self, folders: list[Path], files: list[Path]):
        self.folders = folders
        self.files = files
        self._known: dict[Path, Signature] = self.scan()

    def scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        for folder in self.folders:
            _scan_folder(folder, found)
        for path in self.files:
            try:
                info = path.stat()
            except OSError:
                continue
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return found

    def changes(self) -> set[Path]:
        """Files added, modified or removed since the previous call."""
        current = self.scan()
        previous, self._known = self._known, current
        changed = {path for path, signature in current.items() if previous.get(path) != signature}
        changed.update(path for path in previous if path not in current)
        return changed

    def wait(self, stop: threading.Event, interval: float = 0.1, quiet: float = 0.04,
             longest: float = 2.0) -> set[Path]:
        """Block until something changed and then stayed quiet for ``quiet`` seconds.

        Returns every file of the burst, or an empty set once ``stop`` is set. A burst
        that never settles is cut after ``longest`` seconds so the preview catches up.
        """
        while not stop.is_set():
            changed = self.changes()
            if changed:
                deadline = time.monotonic() + longest
                while time.monotonic() < deadline and not stop.wait(quiet):
                    more = self.changes()
                    if not more:
                        break
                    changed |= more
                return changed
            stop.wait(interval)
        return set()


def _scan_folder(folder: Path, found: dict[Path, Signature]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # missing, or removed while scanning: its files count as removed
        return
    for entry in entries:
        if is_ignored(entry.name):
            continue
        try:
            if entry.is_dir():
                _scan_folder(Path(entry.path), found)
            elif entry.is_file():
                info = entry.stat()
                found[Path(entry.path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            continue
