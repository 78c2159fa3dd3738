"""Write a whole site into a staging folder beside ``output/``, then swap it in.

A failed build never touches the existing output; files of earlier builds that no
longer belong disappear with the old folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from site_builder.urls import output_file


class UnsafeOutputError(Exception):
    """The output folder would overwrite the project itself."""


def check_output_dir(output_dir: Path, protected: list[Path]) -> None:
    """Refuse an output folder that is, or contains, the project's sources."""
    output_dir = output_dir.resolve()
    for path in protected:
        path = path.resolve()
        if path == output_dir or output_dir in path.parents:
            raise UnsafeOutputError(f"output folder {output_dir} would replace {path}")
    if output_dir == Path(output_dir.anchor) or output_dir == Path.home().resolve():
        raise UnsafeOutputError(f"output folder {output_dir} is not a project folder")
    if output_dir.exists() and not output_dir.is_dir():
        raise UnsafeOutputError(f"output path {output_dir} exists and is not a folder")


def write_file_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write one file so that readers see the old or the new content, never a part: a temporary file
    beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_site(files: dict[str, bytes], output_dir: Path) -> None:
    """Write ``files`` (relative path -> bytes) as the new content of ``output_dir``."""
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
    try:
        for relative in sorted(files):
            target = staging / output_file(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        os.chmod(staging, 0o755)
        _swap(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, output_dir: Path) -> None:
    """Make the complete site in ``staging`` the new ``output_dir`` (the old one is removed)."""
    os.chmod(staging, 0o755)
    _swap(staging, output_dir)


def _swap(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        os.replace(staging, output_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    os.rmdir(retired)
    os.replace(output_dir, retired)
    try:
        os.replace(staging, output_dir)
    except BaseException:
        os.replace(retired, output_dir)  # put the previous site back
        raise
    shutil.rmtree(retired, ignore_errors=True)
