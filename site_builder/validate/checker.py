"""The front matter checker: typed reads of YAML values that record a ``path:line:`` problem for each mistake."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from site_builder.body_limits import CONTROL_CHARACTER
from site_builder.diagnostics import Diagnostics
from site_builder.i18n import N_, _
from site_builder.load import SourceFile
from site_builder.model import (Registries,
                                TermKind)
from site_builder.registry import REGISTRY_FILES, lookup, suggest

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates a briefing can carry: anything else is a typo (0001-01-01 and 9999-12-31 also break calendars).
FIRST_YEAR, LAST_YEAR = 1900, 2100
_TERM_KEYS = {"city": TermKind.CITY, "partners": TermKind.PARTNER, "destinations": TermKind.PLACE,
              "tags": TermKind.TAG}
# What a registry name is called in a message (TermKind.label is the Korean word the pages show).
KIND_NAMES = {TermKind.CITY: N_("city"), TermKind.PARTNER: N_("partner"), TermKind.PLACE: N_("destination"),
              TermKind.TAG: N_("tag")}


def kind_name(kind: TermKind) -> str:
    return _(KIND_NAMES[kind])


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
                self.error(path + (key,), _("unknown key {key!r} in {what}").format(key=key, what=what),
                           _("expected one of {choices}").format(choices=", ".join(allowed)))

    def text(self, value: Any, path: tuple, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.error(path, _("missing required key {key!r}").format(key=path[-1]),
                           _("expected '{key}: ...'").format(key=path[-1]))
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.error(path, _("{name} must be text, not {type}").format(name=_name(path), type=_type_name(value)),
                       _("expected a single line of text"))
            return None
        text = str(value).strip()
        if (bad := CONTROL_CHARACTER.search(text)) is not None:
            self.error(path, _("{name} contains the invisible control character U+{code:04X}").format(
                name=_name(path), code=ord(bad.group())), _("expected visible text; delete the character"))
            return None
        if not text and required:
            self.error(path, _("{name} is empty").format(name=_name(path)), _("expected non-empty text"))
            return None
        return text or None

    def date(self, value: Any, path: tuple, required: bool = False) -> date | None:
        text = self.text(value, path, required)
        if text is None:
            return None
        if not _ISO_DATE.match(text):
            self.error(path, _("invalid date {text!r} for {name}").format(text=text, name=_name(path)),
                       _("expected YYYY-MM-DD, e.g. 2024-02-17"))
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.error(path, _("invalid date {text!r} for {name}: no such day").format(text=text, name=_name(path)),
                       _("expected a real calendar date"))
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.error(path, _("date {text!r} for {name} is out of range").format(text=text, name=_name(path)),
                       _("expected a year from {first} to {last}").format(first=FIRST_YEAR, last=LAST_YEAR))
            return None
        return day

    def text_list(self, value: Any, path: tuple) -> list[tuple[int, str]]:
        if value is None:
            return []
        if isinstance(value, str):
            self.error(path, _("{name} must be a list").format(name=_name(path)),
                       _("expected e.g. {key}: [{value}]").format(key=path[-1], value=value))
            return []
        if not isinstance(value, list):
            self.error(path, _("{name} must be a list, not {type}").format(name=_name(path), type=_type_name(value)),
                       _("expected a YAML list"))
            return []
        items = []
        for index, item in enumerate(value):
            if item is None or (isinstance(item, str) and not item.strip()):
                self.error(path + (index,), _("empty item in {name}").format(name=_name(path)), _("expected text"))
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
                self.error((key, index), _("unknown {kind} {name!r}").format(kind=kind_name(kind), name=name),
                           _("did you mean {hint!r}?").format(hint=hint) if hint
                           else _("expected a name or alias from {file}").format(file=registry_file))
            elif term.proposed and not draft:
                self.error((key, index), _("{kind} {name!r} is only proposed ({where})").format(
                    kind=kind_name(kind), name=name, where=f"{term.path}:{term.line}"),
                           _("expected it confirmed in {file} before publishing, or draft: true").format(
                               file=f"registry/{REGISTRY_FILES[kind]}"))
            elif term.slug in slugs:
                self.error((key, index), _("{kind} {name!r} is listed twice (as {entry!r})").format(
                    kind=kind_name(kind), name=name, entry=term.name), _("expected each entry once"))
            else:
                slugs.append(term.slug)
        return tuple(slugs)


def _name(path: tuple) -> str:
    return "'" + ".".join(str(p) for p in path) + "'" if path else _("front matter")


def _type_name(value: Any) -> str:
    names = {dict: N_("a mapping"), list: N_("a list"), bool: N_("true/false")}
    return _(names[type(value)]) if type(value) in names else type(value).__name__
