"""Notice saved source files and wait out bursts of saves.

What changed is always found the same way: by comparing stat signatures of every
relevant file (a few milliseconds for a thousand files). On Linux, inotify (through
ctypes, no dependency) wakes the watcher the moment a folder changes; elsewhere it polls.
Editor swap and backup files, hidden files and hidden folders never count as changes,
so saving in vim or a ``git checkout`` of 100 files gives one rebuild.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import sys
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
        self._notifier = _Inotify.create()
        if self._notifier:
            self._notifier.add({path.parent for path in files})
        self._known: dict[Path, Signature] = self.scan()

    def scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        folders: set[Path] = set()
        for folder in self.folders:
            _scan_folder(folder, found, folders)
        for path in self.files:
            try:
                info = path.stat()
            except OSError:
                continue
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
        if self._notifier:
            self._notifier.add(folders)  # new folders get watched as soon as a scan sees them
        return found

    def changes(self) -> set[Path]:
        """Files added, modified or removed since the previous call."""
        current = self.scan()
        previous, self._known = self._known, current
        changed = {path for path, signature in current.items() if previous.get(path) != signature}
        changed.update(path for path in previous if path not in current)
        return changed

    def wait(self, stop: threading.Event, interval: float = 0.1, quiet: float = 0.02,
             longest: float = 2.0) -> set[Path]:
        """Block until something changed and then stayed quiet.

        A single save waits ``quiet`` seconds; each further change in a burst doubles the
        wait (up to 0.2 s), so a checkout stalled by a busy disk still gives one rebuild.
        Returns every file of the burst, or an empty set once ``stop`` is set. A burst
        that never settles is cut after ``longest`` seconds so the preview catches up.
        """
        scanned = time.monotonic()
        while not stop.is_set():
            if self._notifier and not self._notifier.wait(0.25) and time.monotonic() - scanned < 2.0:
                continue  # nothing happened; a rescan every 2 s is only a safety net
            changed = self.changes()
            scanned = time.monotonic()
            if changed:
                deadline, settle = scanned + longest, quiet
                while time.monotonic() < deadline and not stop.is_set():
                    if self._notifier and not self._notifier.wait(settle):
                        break
                    if not self._notifier:
                        stop.wait(settle)
                    more = self.changes()
                    if not more and not self._notifier:
                        break
                    changed |= more
                    settle = min(settle * 2, 0.2)
                return changed
            if not self._notifier:
                stop.wait(interval)
        return set()

    def close(self) -> None:
        if self._notifier:
            self._notifier.close()


def _scan_folder(folder: Path, found: dict[Path, Signature], folders: set[Path]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # missing, or removed while scanning: its files count as removed
        return
    folders.add(folder)
    for entry in entries:
        if is_ignored(entry.name):
            continue
        try:
            if entry.is_dir():
                _scan_folder(Path(entry.path), found, folders)
            elif entry.is_file():
                info = entry.stat()
                found[Path(entry.path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            continue


class _Inotify:
    """Linux inotify as a wake-up call: any event in a watched folder means "scan now"."""

    # IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF
    _MASK = 0x002 | 0x004 | 0x008 | 0x040 | 0x080 | 0x100 | 0x200 | 0x400

    def __init__(self, libc: ctypes.CDLL, fd: int):
        self._libc = libc
        self._fd = fd

    @classmethod
    def create(cls) -> _Inotify | None:
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return None
        return cls(libc, fd) if fd >= 0 else None

    def add(self, folders: set[Path]) -> None:
        """Watch these folders; watching one again is a no-op, and a recreated folder is watched anew."""
        for folder in folders:
            self._libc.inotify_add_watch(self._fd, os.fsencode(folder), self._MASK)

    def wait(self, timeout: float) -> bool:
        """True when something happened within ``timeout`` seconds (events are consumed)."""
        try:
            ready, _, _ = select.select([self._fd], [], [], timeout)
        except (OSError, ValueError):
            return False
        if not ready:
            return False
        time.sleep(0.002)  # let a write that is in progress finish before the scan
        try:
            while os.read(self._fd, 65536):
                pass
        except BlockingIOError:
            pass
        except OSError:
            return False
        return True

    def close(self) -> None:
        os.close(self._fd)
