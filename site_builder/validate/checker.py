"""The front matter checker: typed reads of YAML values that record a ``path:line:`` problem for each mistake."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from site_builder.body_limits import CONTROL_CHARACTER
from site_builder.diagnostics import Diagnostics
from site_builder.load import SourceFile
from site_builder.model import (Registries,
                                TermKind)
from site_builder.registry import REGISTRY_FILES, lookup, suggest

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates a briefing can carry: anything else is a typo (0001-01-01 and 9999-12-31 also break calendars).
FIRST_YEAR, LAST_YEAR = 1900, 2100
_TERM_KEYS = {"city": TermKind.CITY, "partners": TermKind.PARTNER, "destinations": TermKind.PLACE,
              "tags": TermKind.TAG}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Checker:
    """Reads one file's front matter, recording problems with their lines."""

    def __init__(self, source: SourceFile, diagnostics: Diagnostics):
        self.source = source
        self.document = source.front
        self.diagnostics = diagnostics
        self.ok = True

    def error(self, path: tuple, message: str, expected: str = "") -> None:
        self.diagnostics.add(self.source.path, self.document.line(*path), message, expected)
        self.ok = False

    def mapping_keys(self, mapping: dict, path: tuple, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(path + (key,), f"unknown key {key!r} in {what}", "expected one of " + ", ".join(allowed))

    def text(self, value: Any, path: tuple, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.error(path, f"missing required key {path[-1]!r}", f"expected '{path[-1]}: ...'")
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.error(path, f"{_name(path)} must be text, not {_type_name(value)}", "expected a single line of text")
            return None
        text = str(value).strip()
        if (bad := CONTROL_CHARACTER.search(text)) is not None:
            self.error(path, f"{_name(path)} contains the invisible control character U+{ord(bad.group()):04X}",
                       "expected visible text; delete the character")
            return None
        if not text and required:
            self.error(path, f"{_name(path)} is empty", "expected non-empty text")
            return None
        return text or None

    def date(self, value: Any, path: tuple, required: bool = False) -> date | None:
        text = self.text(value, path, required)
        if text is None:
            return None
        if not _ISO_DATE.match(text):
            self.error(path, f"invalid date {text!r} for {_name(path)}", "expected YYYY-MM-DD, e.g. 2024-02-17")
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.error(path, f"invalid date {text!r} for {_name(path)}: no such day", "expected a real calendar date")
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.error(path, f"date {text!r} for {_name(path)} is out of range",
                       f"expected a year from {FIRST_YEAR} to {LAST_YEAR}")
            return None
        return day

    def text_list(self, value: Any, path: tuple) -> list[tuple[int, str]]:
        if value is None:
            return []
        if isinstance(value, str):
            self.error(path, f"{_name(path)} must be a list", f"expected e.g. {path[-1]}: [{value}]")
            return []
        if not isinstance(value, list):
            self.error(path, f"{_name(path)} must be a list, not {_type_name(value)}", "expected a YAML list")
            return []
        items = []
        for index, item in enumerate(value):
            if item is None or (isinstance(item, str) and not item.strip()):
                self.error(path + (index,), f"empty item in {_name(path)}", "expected text")
            elif (text := self.text(item, path + (index,))) is not None:
                items.append((index, text))
        return items

    def terms(self, key: str, registries: Registries, draft: bool = False) -> tuple[str, ...]:
        kind = _TERM_KEYS[key]
        registry = registries.of(kind)
        slugs: list[str] = []
        for index, name in self.text_list(self.document.data.get(key), (key,)):
            term = lookup(registry, name)
            if term is None:
                hint = suggest(registry, name)
                registry_file = f"registry/{REGISTRY_FILES[kind]}"
                self.error((key, index), f"unknown {kind.label} {name!r}",
                           f"did you mean {hint!r}?" if hint else f"expected a name or alias from {registry_file}")
            elif term.proposed and not draft:
                self.error((key, index), f"{kind.label} {name!r} is only proposed ({term.path}:{term.line})",
                           f"expected it confirmed in registry/{REGISTRY_FILES[kind]} before publishing, or draft: true")
            elif term.slug in slugs:
                self.error((key, index), f"{kind.label} {name!r} is listed twice (as {term.name!r})",
                           "expected each entry once")
            else:
                slugs.append(term.slug)
        return tuple(slugs)


def _name(path: tuple) -> str:
    return "'" + ".".join(str(p) for p in path) + "'" if path else "front matter"


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)
