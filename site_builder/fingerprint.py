"""Stable content fingerprints of plain data, for the build cache.

A fingerprint covers every field of a value, so two values with the same fingerprint render
the same. Records that have a precomputed version (articles, rendered bodies) can be
replaced by it through ``substitute``, which keeps fingerprinting a large page cheap.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from datetime import date
from typing import Any, Callable


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def fingerprint(value: Any, substitute: Callable[[Any], str | None] = lambda value: None) -> str:
    """A digest of ``value`` (dataclasses, mappings, sequences, sets, enums, dates, scalars)."""
    parts: list[str] = []
    _walk(value, parts, substitute)
    return digest("\x1f".join(parts))


def _walk(value: Any, parts: list[str], substitute: Callable[[Any], str | None]) -> None:
    if value is None or isinstance(value, (bool, int, float, str)):
        parts.append(f"{type(value).__name__}:{value!r}")
        return
    replacement = substitute(value)
    if replacement is not None:
        parts.append(f"@{replacement}")
        return
    if isinstance(value, enum.Enum):
        parts.append(f"{type(value).__name__}.{value.name}")
    elif isinstance(value, date):
        parts.append(f"date:{value.isoformat()}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts.append(f"<{type(value).__name__}")
        for field in dataclasses.fields(value):
            if field.compare:
                parts.append(field.name)
                _walk(getattr(value, field.name), parts, substitute)
        parts.append(">")
    elif isinstance(value, dict):
        parts.append("{")
        for key in sorted(value, key=repr):
            _walk(key, parts, substitute)
            _walk(value[key], parts, substitute)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for item in value:
            _walk(item, parts, substitute)
        parts.append("]")
    elif isinstance(value, (set, frozenset)):
        parts.append("(")
        for item in sorted(value, key=repr):
            _walk(item, parts, substitute)
        parts.append(")")
    else:
        # Anything else must not silently fingerprint as equal when it differs.
        raise TypeError(f"cannot fingerprint {type(value).__name__}")
