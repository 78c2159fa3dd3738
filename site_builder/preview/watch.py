"""Notice saved source files and wait out bursts of saves.

What changed is always found the same way: by comparing stat signatures of every
relevant file (a few milliseconds for a thousand files). ``watchfiles`` (the watcher the
Python ecosystem uses: Rust ``notify`` over inotify, FSEvents or ReadDirectoryChangesW)
wakes the watcher the moment something changes; where it cannot watch, the watcher polls.
Editor swap and backup files, hidden files and hidden folders never count as changes,
so saving in vim or a ``git checkout`` of 100 files gives one rebuild.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import watchfiles

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
        self._notifier = _Notifier.create([*folders, *files])
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


class _Notifier:
    """``watchfiles`` as a wake-up call: any change under the watched paths means "scan now"."""

    def __init__(self, paths: list[Path]):
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._failed = False
        self._thread = threading.Thread(target=self._run, args=(paths,), name="site-builder-notify", daemon=True)
        self._thread.start()

    @classmethod
    def create(cls, paths: list[Path]) -> _Notifier | None:
        existing = [path for path in paths if path.exists()]  # a file made later is found by the periodic rescan
        return cls(existing) if existing else None

    def _run(self, paths: list[Path]) -> None:
        try:
            # debounce 1 ms: the Watcher waits out bursts itself; rust_timeout lets the thread see the stop flag.
            for _ in watchfiles.watch(*paths, stop_event=self._stop, debounce=1, step=1, rust_timeout=250,
                                      yield_on_timeout=False, raise_interrupt=False,
                                      watch_filter=lambda change, path: not is_ignored(os.path.basename(path))):
                self._changed.set()
        except Exception:  # no watching here (no inotify watches left, a network disk): poll instead
            self._failed = True

    def wait(self, timeout: float) -> bool:
        """True when something happened within ``timeout`` seconds (the event is consumed)."""
        if not self._changed.wait(timeout):
            return self._failed  # polling: every wait ends in a scan
        time.sleep(0.002)  # let a write that is in progress finish before the scan
        self._changed.clear()
        return True

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
