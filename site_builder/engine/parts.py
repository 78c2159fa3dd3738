"""The build state on disk in parts: a build rewrites only the parts whose value changed.

A state is a set of named fields. Each field is pickled into its own part file; a dict field (briefing
records, pages, output files, bodies) into ``SHARDS`` parts by a stable hash of its keys, so an edit that
changes a few entries rewrites a few shards. A part file is named by the digest of its bytes and never
changed once written; one small index file, written last and atomically, names the parts of one state.
A crash at any moment therefore leaves the old index (naming old parts, all still there) or the new one
(naming new parts, all written before it): never parts of two builds. Parts no index names are removed
after the index is written.

What was loaded is remembered: a field whose new value is the loaded object itself, or a shard whose
entries are the loaded entries (the same objects, or equal values), keeps its part file as it is.
A dict field comes back with the same items, not necessarily in the same order.
"""

from __future__ import annotations

import gc
import os
import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.engine.fingerprint import file_digest
from site_builder.write import write_file_atomic

SHARDS = 64


@dataclass(frozen=True)
class PartIndex:
    """The one file read first: which part files hold which field."""
    salt: str
    scalars: dict[str, Any]                  # small fields, held in the index itself
    parts: dict[str, tuple[str, ...]]        # field -> part names (one name, or SHARDS names for a dict)
    sharded: frozenset[str]                  # the fields stored as dict shards


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def _shards(value: dict) -> list[dict]:
    shards: list[dict] = [{} for _ in range(SHARDS)]
    for key, item in value.items():
        shards[_shard(key)][key] = item
    return shards


def _same(old: dict, new: dict) -> bool:
    if old.keys() != new.keys():
        return False
    for key, item in new.items():
        kept = old[key]
        if kept is not item and kept != item:
            return False
    return True


class PartFiles:
    """``index_path`` names the parts, kept in the folder ``parts``."""

    def __init__(self, index_path: Path, parts: Path):
        self.index_path = index_path
        self.parts = parts
        self._loaded: dict[str, tuple[Any, tuple[str, ...], list[dict] | None]] = {}

    def load(self, salt: str) -> dict[str, Any] | None:
        """Every field of the saved state, or None when there is none (or it is damaged, or of another salt)."""
        # Unpickling makes millions of objects, none of them garbage: the cyclic collector would scan the growing
        # heap again and again (more than half the load time at 10,000 briefings).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._load(salt)
        finally:
            if enabled:
                gc.enable()

    def _load(self, salt: str) -> dict[str, Any] | None:
        index = _unpickle(self.index_path)
        if not isinstance(index, PartIndex) or index.salt != salt:
            return None
        fields = dict(index.scalars)
        for name, parts in index.parts.items():
            values = []
            for part in parts:
                try:
                    values.append(pickle.loads((self.parts / part).read_bytes()))
                except Exception:  # a missing or damaged part: the state is not trusted at all
                    return None
            if name in index.sharded:
                merged = {}
                for shard in values:
                    merged.update(shard)
                fields[name] = merged
                self._loaded[name] = (merged, parts, values)
            else:
                fields[name] = values[0]
                self._loaded[name] = (values[0], parts, None)
        return fields

    def save(self, salt: str, scalars: dict[str, Any], fields: dict[str, Any]) -> None:
        """Write the parts that changed since ``load``, then the index, then remove parts nothing names."""
        self.parts.mkdir(parents=True, exist_ok=True)
        names: dict[str, tuple[str, ...]] = {}
        sharded = set()
        for name, value in fields.items():
            loaded_value, loaded_parts, loaded_shards = self._loaded.get(name, (None, (), None))
            if name in self._loaded and value is loaded_value:
                names[name] = loaded_parts
                if loaded_shards is not None:
                    sharded.add(name)
            elif isinstance(value, dict):
                sharded.add(name)
                shards = _shards(value)
                names[name] = tuple(
                    loaded_parts[i] if loaded_shards is not None and _same(loaded_shards[i], shard)
                    else self._write(name, shard) for i, shard in enumerate(shards))
            else:
                names[name] = (self._write(name, value),)
        index = PartIndex(salt, scalars, names, frozenset(sharded))
        write_file_atomic(self.index_path, lambda stream: pickle.dump(index, stream, pickle.HIGHEST_PROTOCOL))
        named = {part for parts in names.values() for part in parts}
        for leftover in os.listdir(self.parts):
            if leftover not in named:
                (self.parts / leftover).unlink(missing_ok=True)

    def _write(self, name: str, value: Any) -> str:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        part = f"{name}-{file_digest(data)}.pickle"
        path = self.parts / part
        if not path.exists():
            write_file_atomic(path, lambda stream: stream.write(data))
        return part


def _unpickle(path: Path) -> Any | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # damaged or written by another version: not trusted
        return None
