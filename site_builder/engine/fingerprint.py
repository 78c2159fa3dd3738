"""Stable content fingerprints of plain data, for the build cache.

A fingerprint is a digest of the value's pickle (every field, in a fixed order), so two values
with the same fingerprint render the same. Records that have a precomputed version (articles,
rendered bodies) are replaced by it through ``substitutes``, which keeps fingerprinting a large
page cheap.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from typing import Any, Callable


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(data: bytes) -> str:
    """The digest that names a written file's bytes: the build state, output/ and the search index compare by it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class _Pickler(pickle.Pickler):
    """Pickles into a hash; records with a version are pickled as that version.

    A set pickles in iteration order, which depends on string hashes (per process) and, when
    elements collide, on the order they were added, so two equal sets can differ: a page whose
    context holds one is merely rendered again (a cache miss), never reused wrongly. Records and
    contexts use tuples and dicts instead.
    """

    def __init__(self, sink, substitutes: Mapping[type, Callable[[Any], str]]):
        super().__init__(sink, protocol=5)
        # A dispatch table is consulted only for objects of other than the built-in types,
        # so the common strings and numbers stay on the C fast path.
        self.dispatch_table = {kind: (lambda value, version=version: (str, (version(value),)))
                               for kind, version in substitutes.items()}


class _HashSink:
    def __init__(self) -> None:
        self.hasher = hashlib.blake2b(digest_size=16)

    def write(self, data) -> int:
        self.hasher.update(data)
        return len(data)


def fingerprint(value: Any, substitutes: Mapping[type, Callable[[Any], str]] | None = None) -> str:
    """A digest of ``value`` (any picklable plain data); ``substitutes`` name records of the given
    types by their version instead of their fields."""
    sink = _HashSink()
    _Pickler(sink, substitutes or {}).dump(value)
    return sink.hasher.hexdigest()
