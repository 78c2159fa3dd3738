"""The persistent build cache in ``.site_builder_cache/`` (never inside ``output/``).

Two kinds of entries:
- ``objects/``: rendered bodies, content-addressed (the key is a digest of everything the result
  depends on), written once and read lazily, so a rebuild loads only the bodies it needs;
- ``state-<output>.pickle``: what the last successful build into that output folder knew: parsed and
  validated briefings by file digest, each page's fingerprint and the versions of the inputs it read,
  and the digest of every file written. It is replaced atomically after a successful build only.

A cache written by another version of the tool (any change to its source) or of Python is ignored,
never trusted.
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.engine.fingerprint import digest
from site_builder.write import write_file_atomic

CACHE_DIR_NAME = ".site_builder_cache"
FORMAT = 1


def _code_version() -> str:
    """Digest of the tool's own source: a changed pipeline never reuses what the old one computed."""
    package = Path(__file__).resolve().parent.parent
    return digest(*(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes()
                    for path in sorted(package.rglob("*.py"))))


SALT = digest(__version__, _code_version(), sys.version, str(FORMAT), str(pickle.HIGHEST_PROTOCOL))


@dataclass(frozen=True)
class SourceRecord:
    key: str                    # digest of the file's bytes and the registries it was checked against
    article: Any                # model.Article, or None when the file has problems
    problems: tuple             # diagnostics of this file alone
    meta_version: str           # fingerprint of the article without its body (for relations)
    version: str                # fingerprint of the whole article
    draft: bool = False         # front matter says draft: true (known even when the file has problems)


@dataclass(frozen=True)
class PageRecord:
    fingerprint: str            # the page's plan: template, context, title, ...
    reads: tuple[tuple, ...]    # keys of the inputs its template looked up (term, article, ...)
    reads_version: str          # digest of those inputs' versions when it was rendered
    written: str                # digest of the bytes written


@dataclass
class BuildState:
    salt: str = SALT
    settings: str = ""                       # fingerprint of the Config
    inputs: str = ""                         # stat stamp of every input file at the last build
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)        # every output file -> digest of its bytes
    extras: dict[str, Any] = field(default_factory=dict)       # memoised whole-site results (relations, search)


@dataclass(frozen=True)
class Stamp:
    """The small file read first: enough to see that nothing changed."""
    salt: str
    settings: str
    inputs: str
    files: dict[str, str]
    articles: int


class BuildCache:
    def __init__(self, folder: Path, output_dir: Path):
        self.folder = folder
        self.objects = folder / "objects"
        name = digest(str(output_dir.resolve()))[:12]
        self.state_path = folder / f"state-{name}.pickle"
        self.stamp_path = folder / f"stamp-{name}.pickle"

    def load_stamp(self) -> Stamp | None:
        try:
            with self.stamp_path.open("rb") as handle:
                stamp = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return stamp if isinstance(stamp, Stamp) and stamp.salt == SALT else None

    def save_stamp(self, settings: str, inputs: str, files: dict[str, str], articles: int) -> None:
        write_file_atomic(self.stamp_path, lambda stream: pickle.dump(
            Stamp(SALT, settings, inputs, files, articles), stream, protocol=pickle.HIGHEST_PROTOCOL))

    def load_state(self) -> BuildState:
        try:
            with self.state_path.open("rb") as handle:
                state = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return BuildState()
        if not isinstance(state, BuildState) or state.salt != SALT:
            return BuildState()
        return state

    def save_state(self, state: BuildState) -> None:
        """Briefing bodies are left out (they are read again from the files, whose digest is the key)."""
        # The stamp goes first so a crash between the two writes cannot pair a new stamp with an old state.
        try:
            self.stamp_path.unlink()
        except FileNotFoundError:
            pass
        sources = {label: replace(record, article=record.article and replace(record.article, body=""))
                   for label, record in state.sources.items()}
        write_file_atomic(self.state_path, lambda stream: pickle.dump(
            replace(state, sources=sources), stream, protocol=pickle.HIGHEST_PROTOCOL))

    def forget(self) -> None:
        for path in (self.stamp_path, self.state_path):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    # -- content-addressed objects ------------------------------------------------------------
    def _object_path(self, key: str) -> Path:
        return self.objects / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            return pickle.loads(self._object_path(key).read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def has(self, key: str) -> bool:
        return self._object_path(key).is_file()

    def put(self, key: str, value: Any) -> None:
        path = self._object_path(key)
        if not path.exists():
            write_file_atomic(path, lambda stream: pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL))
