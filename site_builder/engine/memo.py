"""One memo, two stores: what a build may reuse from the last one, and where that is kept.

The build asks one protocol, ``MemoStore``, for the state of the last successful build (validated
briefings by file digest, relations, body facts, every page's fingerprint and the versions of the
inputs it read, the search index's kept documents) and for content-addressed objects (rendered
bodies). ``DiskStore`` keeps them in ``.site_builder_cache/`` for the command line (never inside
``output/``); ``MemoryStore`` keeps them in the preview's memory. Same keys, same invalidation rules:
the store only holds; the build decides what is still valid.

A disk cache written by another version of the tool (any change to its source) or of Python is
ignored, never trusted.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.engine.fingerprint import digest
from site_builder.engine.parts import PartFiles
from site_builder.write import write_file_atomic

CACHE_DIR_NAME = ".site_builder_cache"
FORMAT = 2


def _code_version() -> str:
    """Digest of the tool's own source: a changed pipeline never reuses what the old one computed."""
    package = Path(__file__).resolve().parent.parent
    return digest(*(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes()
                    for path in sorted(package.rglob("*.py"))))


SALT = digest(__version__, _code_version(), sys.version, str(FORMAT), str(pickle.HIGHEST_PROTOCOL))


@dataclass(frozen=True)
class SourceRecord:
    key: str                    # digest of the file's bytes
    article: Any                # model.Article, or None when the file has problems
    problems: tuple             # diagnostics of this file alone
    meta_version: str           # fingerprint of the article without its body
    version: str                # fingerprint of the whole article
    draft: bool = False         # front matter says draft: true (known even when the file has problems)
    relation_version: str = ""  # fingerprint of what relations read of it: slug, date, terms, event
    body_version: str = ""       # digest of the body and its figures (what a rendered body is made of)
    registry_reads: Any = None   # build.registry_reads.RegistryReads: what checking it read of the registries
    registry_version: str = ""   # what those reads returned
    linked: bool = False         # the body has [[links]] (its rendering reads every briefing's title)
    stat: tuple | None = None    # the file's stat when its bytes were read (engine.stamp.FileStat), None if racy


@dataclass(frozen=True)
class PageRecord:
    fingerprint: str            # the page's plan: template sources, context, title, ...
    reads: tuple                # render.reads values: the inputs its template looked up
    reads_version: str          # digest of those inputs' versions when it was rendered
    written: str                # digest of the bytes written


@dataclass(frozen=True)
class SearchRecord:
    key: str                    # digest of everything the index was made from
    files: dict[str, str]       # index file -> digest of its bytes
    kept: Any                   # search.memo.KeptDocuments: per-briefing documents for the next build


@dataclass(frozen=True)
class PlanRecord:
    version: str                  # build.pipeline.plan_version of the pages written
    body_keys: dict[str, str]     # slug -> key of the rendered body its briefing page shows


@dataclass(frozen=True)
class BuildState:
    """What the last successful build knew; a build makes a new one and the store keeps it."""
    salt: str = SALT
    settings: str = ""                                   # fingerprint of the Config
    inputs: str = ""                                     # stat stamp of every input file
    registries: Any = None                               # build.stages.CheckedRegistries, by file digest
    descriptions: tuple[str, Any] | None = None          # (registries version, rendered registry descriptions)
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    relations: tuple[str, Any] | None = None             # (key, relate.Relations)
    bodies: dict[str, tuple] = field(default_factory=dict)   # body key -> (BodyFacts, broken links)
    mentions: Any = None                                 # build.stages.MentionsEntry: names each body may mention
    pages: dict[str, PageRecord] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # every output file -> digest of its bytes
    search: SearchRecord | None = None
    plan: PlanRecord | None = None                       # what the pages written were planned from
    output: str = ""                                     # the build output/'s marker names (write.MARKER)


@dataclass(frozen=True)
class Stamp:
    """The small file read first: enough to see that nothing changed."""
    salt: str
    settings: str
    inputs: str
    racy: dict[str, str]        # inputs whose stats were too recent to trust -> digest of their bytes
    output: str                 # the build output/'s marker names
    files: int
    articles: int
    warnings: tuple = ()        # problems of drafts the build left out, reported again by a no-change build


class MemoStore(ABC):
    """Where the memo lives between builds."""

    @abstractmethod
    def load_state(self) -> BuildState: ...

    @abstractmethod
    def save_state(self, state: BuildState) -> None: ...

    @abstractmethod
    def get(self, key: str) -> Any | None:
        """A content-addressed object (a rendered body), or None."""

    @abstractmethod
    def has(self, key: str) -> bool: ...

    @abstractmethod
    def put(self, key: str, value: Any) -> None: ...

    @property
    def shared_by_processes(self) -> bool:
        """Whether worker processes may put objects here themselves (else they send them back)."""
        return False


class DiskStore(MemoStore):
    """``.site_builder_cache/``: a state per output folder (in parts, see ``engine.parts``), a stamp, and
    content-addressed objects.

    ``read_only`` (``check``) reuses what is there and writes nothing.
    """

    SCALARS = ("settings", "inputs", "output")

    def __init__(self, folder: Path, output_dir: Path, read_only: bool = False):
        self.folder = folder
        self.objects = folder / "objects"
        self.read_only = read_only
        name = digest(str(output_dir.resolve()))[:12]
        self.state_path = folder / f"state-{name}.pickle"
        self.stamp_path = folder / f"stamp-{name}.pickle"
        self._parts = PartFiles(self.state_path, folder / f"parts-{name}")
        self._unsaved: dict[str, Any] = {}

    @property
    def shared_by_processes(self) -> bool:
        return not self.read_only

    def load_stamp(self) -> Stamp | None:
        stamp = _unpickle(self.stamp_path)
        return stamp if isinstance(stamp, Stamp) and stamp.salt == SALT else None

    def save_stamp(self, stamp: Stamp) -> None:
        if not self.read_only:
            write_file_atomic(self.stamp_path, lambda stream: pickle.dump(stamp, stream, pickle.HIGHEST_PROTOCOL))

    def load_state(self) -> BuildState:
        fields = self._parts.load(SALT)
        try:
            return BuildState(**fields) if fields is not None else BuildState()
        except TypeError:
            return BuildState()

    def save_state(self, state: BuildState) -> None:
        """Only the parts that changed are written. Briefing bodies are left out (read again from the files,
        whose digest is the key: see ``build.stages.with_body``)."""
        if self.read_only:
            return
        # The stamp goes first so a crash between the two writes cannot pair a new stamp with an old state.
        self.stamp_path.unlink(missing_ok=True)
        sources = state.sources
        if any(record.article is not None and record.article.body is not None for record in sources.values()):
            sources = {label: record if record.article is None or record.article.body is None
                       else replace(record, article=replace(record.article, body=None))
                       for label, record in sources.items()}
        fields = {f.name: getattr(state, f.name) for f in dataclasses.fields(state)
                  if f.name != "salt" and f.name not in self.SCALARS}
        self._parts.save(SALT, {name: getattr(state, name) for name in self.SCALARS}, {**fields, "sources": sources})

    def _object_path(self, key: str) -> Path:
        return self.objects / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        if key in self._unsaved:
            return self._unsaved[key]
        return _unpickle(self._object_path(key))

    def has(self, key: str) -> bool:
        return key in self._unsaved or self._object_path(key).is_file()

    def put(self, key: str, value: Any) -> None:
        if self.read_only:
            self._unsaved[key] = value
            return
        path = self._object_path(key)
        if not path.exists():
            write_file_atomic(path, lambda stream: pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL))


class MemoryStore(MemoStore):
    """The preview's memo: the same state and objects, held in memory (objects no state refers to are dropped)."""

    def __init__(self) -> None:
        self._state = BuildState()
        self._objects: dict[str, Any] = {}

    def load_state(self) -> BuildState:
        return self._state

    def save_state(self, state: BuildState) -> None:
        self._state = state
        self._objects = {key: self._objects[key] for key in state.bodies if key in self._objects}

    def get(self, key: str) -> Any | None:
        return self._objects.get(key)

    def has(self, key: str) -> bool:
        return key in self._objects

    def put(self, key: str, value: Any) -> None:
        self._objects[key] = value


def _unpickle(path: Path) -> Any | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
