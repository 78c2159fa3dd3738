"""Where a build's files go on disk: ``DirectorySink`` stages them beside ``output/`` and switches
``output/`` from the old site to the new one so that an interruption never leaves a mix.

How: every new or changed file is written into a pending folder beside ``output/`` first. Only when
all of them are there is a journal written (atomically) that lists the moves and deletions, and then
the moves are made with Ctrl-C and SIGTERM held back, the journal removed, and the signal acted on.
If the process dies in between (SIGKILL, power loss), the next build finds the journal and finishes
it before doing anything else: the pending files it names are complete. Leftover pending and retired
folders of interrupted builds are removed by the next build.

Every commit also writes ``MARKER`` into ``output/``: the name of the build whose files it holds (a digest
of the site's file list). The next build trusts its memo of ``output/`` only while the marker names the
build the memo recorded, so a commit costs what it writes and removes, not the size of the site; a file
deleted from ``output/`` by hand is not noticed (delete the marker, or ``build --clean``, to write all).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from site_builder.i18n import _
from site_builder.urls import output_file

MARKER = ".site-builder-build"


class UnsafeOutputError(Exception):
    """The output folder would overwrite the project itself."""


def check_output_dir(output_dir: Path, protected: list[Path]) -> None:
    """Refuse an output folder that is, or contains, the project's sources."""
    output_dir = output_dir.resolve()
    for path in protected:
        path = path.resolve()
        if path == output_dir or output_dir in path.parents:
            raise UnsafeOutputError(_("output folder {output} would replace {path}").format(output=output_dir, path=path))
    if output_dir == Path(output_dir.anchor) or output_dir == Path.home().resolve():
        raise UnsafeOutputError(_("output folder {output} is not a project folder").format(output=output_dir))
    if output_dir.exists() and not output_dir.is_dir():
        raise UnsafeOutputError(_("output path {output} exists and is not a folder").format(output=output_dir))


def write_file_atomic(path: Path, write: Callable[[BinaryIO], object], mode: int | None = None) -> None:
    """Write one file so that readers see the old or the new content, never a part: a temporary file
    beside it, then a rename. ``mode``: the file's permissions (default: what a new file gets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, _new_file_mode() if mode is None else mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (then act as usual): a few renames are never cut in half."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # Windows: renames are fast; nothing to hold with
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_signals() -> None:
    """Let Ctrl-C and SIGTERM through again (``site_builder.__main__`` holds them while the command starts)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


class DirectorySink:
    """The new site's files, staged in a pending folder, then made ``output/`` in one step."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.journal = output_dir.parent / f".{output_dir.name}.journal"
        self.pending: Path | None = None

    def open(self) -> Path:
        """Finish or clean up what an interrupted build left, and make a new pending folder."""
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        self.recover()
        self.pending = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}.pending-", dir=self.output_dir.parent))
        return self.pending

    def staged(self, site_path: str) -> Path:
        """Where a file of the new site is written before it is committed."""
        assert self.pending is not None, "open() first"
        return self.pending / output_file(site_path)

    def put(self, site_path: str, data: bytes) -> None:
        target = self.staged(site_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def marker(self) -> str | None:
        """The build ``output/`` holds, as its last commit named it; None when there is no marker."""
        try:
            return (self.output_dir / MARKER).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def commit_changes(self, written: Iterable[str], removed: Iterable[str], build: str) -> int:
        """Move the staged files (site paths ``written``) into ``output/`` and delete the files of ``removed``,
        as one journaled step with the marker naming ``build``; returns how many files were deleted."""
        self._stage_marker(build)
        moves = [output_file(path).as_posix() for path in written] + [MARKER]
        deletions = [output_file(path).as_posix() for path in removed]
        self._run_journal({"kind": "changes", "pending": str(self.pending), "moves": moves, "delete": deletions})
        return len(deletions)

    def commit_whole(self, build: str) -> None:
        """The pending folder holds the complete new site: it becomes ``output/``; the old one is removed."""
        self._stage_marker(build)
        os.chmod(self.pending, 0o755)
        retired = self.output_dir.parent / f".{self.output_dir.name}.old-{self.pending.name.rsplit('-', 1)[-1]}"
        self._run_journal({"kind": "whole", "pending": str(self.pending), "retired": str(retired)})

    def _stage_marker(self, build: str) -> None:
        assert self.pending is not None, "open() first"
        (self.pending / MARKER).write_text(build, encoding="utf-8")

    def close(self) -> None:
        """Remove the pending folder (after a commit, or when the build failed)."""
        if self.pending is not None:
            shutil.rmtree(self.pending, ignore_errors=True)
            self.pending = None

    # -- the journal -------------------------------------------------------------------------
    def _run_journal(self, entry: dict) -> None:
        with signals_held():
            write_file_atomic(self.journal, lambda stream: stream.write(json.dumps(entry).encode("utf-8")))
            _fsync_folder(self.journal.parent)
            self._apply(entry)
            self.journal.unlink()
        if entry["kind"] == "whole":
            shutil.rmtree(entry["retired"], ignore_errors=True)

    def _apply(self, entry: dict) -> None:
        """Carry out a journal entry; safe to run again on one that was partly carried out."""
        pending = Path(entry["pending"])
        if entry["kind"] == "whole":
            retired = Path(entry["retired"])
            if pending.is_dir():
                if self.output_dir.exists() and not retired.exists():
                    os.replace(self.output_dir, retired)
                if not self.output_dir.exists():
                    os.replace(pending, self.output_dir)
            return
        for relative in entry["moves"]:
            source, target = pending / relative, self.output_dir / relative
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for relative in entry["delete"]:
            target = self.output_dir / relative
            target.unlink(missing_ok=True)
            _remove_empty_parents(target.parent, self.output_dir)

    def leftovers(self) -> list[Path]:
        """A journal or pending/retired folders that an interrupted build left beside ``output/``."""
        prefix = f".{self.output_dir.name}."
        try:
            names = os.listdir(self.output_dir.parent)
        except OSError:
            return []
        return sorted(self.output_dir.parent / name for name in names if name.startswith(prefix)
                      and name[len(prefix):].split("-", 1)[0] in ("pending", "old", "new", "journal"))

    def recover(self) -> None:
        """Finish a journal an interrupted build left, then remove its pending and retired folders."""
        try:
            entry = json.loads(self.journal.read_text(encoding="utf-8"))
        except FileNotFoundError:
            entry = None
        except (OSError, ValueError):
            entry = None  # a journal is written atomically: an unreadable one was never complete
            self.journal.unlink(missing_ok=True)
        if entry is not None:
            with signals_held():
                self._apply(entry)
                self.journal.unlink()
        prefix = f".{self.output_dir.name}."
        for leftover in self.output_dir.parent.glob(prefix + "*"):
            kind = leftover.name[len(prefix):].split("-", 1)[0]
            if kind in ("pending", "old", "new") and leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
