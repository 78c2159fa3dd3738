"""What a briefing reads of the registries, so that a registry edit checks and renders again only the
briefings it touches (an alias added to one partner leaves the other 9,999 briefings as they were).

- **Validation** looks entries up by name (the front matter's lists, the agreements' parties) and, for a
  name it cannot find, reads a whole registry to suggest the closest one. ``recording`` gives registries
  that note both; ``RegistryReads.version`` is what those reads return under any registries, so a kept
  briefing is checked again exactly when one of its answers changed.
- **A body** reads the registries through the names its first mentions may link. ``MentionNames`` lists the
  mentionable names that occur in a text (a name must occur, squashed, for the matcher to find it), so a
  body's key names only those names and their entries. A registry edit searches unchanged bodies for the
  added names only (``MentionNames.update``); bodies with explicit ``[[links]]`` depend on every registry.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.linking import mentionable_names, squashed
from site_builder.model import Registries, Term, TermKind


@dataclass(frozen=True)
class RegistryReads:
    names: tuple[tuple[str, str], ...]    # (kind, name key) looked up
    whole: tuple[str, ...]                # kinds read whole (to suggest a name)

    def version(self, registries: Registries, answers: dict | None = None) -> str:
        """What these reads return from ``registries``; ``answers`` memoizes them across many briefings."""
        answers = {} if answers is None else answers
        return digest(*(_answer(registries, kind, key, answers) for kind, key in self.names),
                      *(_answer(registries, kind, None, answers) for kind in self.whole))


def _answer(registries: Registries, kind: str, key: str | None, answers: dict) -> str:
    """The version of one look-up's answer (``key`` None: of the whole registry of ``kind``)."""
    answer = answers.get((kind, key))
    if answer is None:
        registry = registries.of(TermKind(kind))
        if key is None:
            answer = f"{kind}\0*\0{fingerprint(registry.terms)}"
        else:
            term = registry.by_key.get(key)
            answer = f"{kind}\0{key}\0{term_version(term, with_line=True) if term is not None else '-'}"
        answers[(kind, key)] = answer
    return answer


def term_version(term: Term, with_line: bool = False) -> str:
    """A registry entry's version. Where it is defined (its line) is left out: an alias added to one entry
    moves the lines of every entry after it, and no page shows them; validation names the line of a
    proposed entry in its message, so its look-ups keep it (``with_line``)."""
    return fingerprint(term if with_line and term.proposed else dataclasses.replace(term, line=0))


class _RecordingKeys(Mapping):
    """A registry's name-key table that notes each key looked up, and whether it was read whole."""

    def __init__(self, kind: TermKind, data: Mapping[str, Term], names: set, whole: set):
        self._kind, self._data, self._names, self._whole = kind, data, names, whole

    def __getitem__(self, key: str) -> Term:
        self._names.add((self._kind.value, key))
        return self._data[key]

    def get(self, key: str, default=None):
        self._names.add((self._kind.value, key))
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._names.add((self._kind.value, key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._whole.add(self._kind.value)
        return iter(self._data)

    def __len__(self) -> int:
        self._whole.add(self._kind.value)
        return len(self._data)


class Recorder:
    """Registries to validate with, and what validation read of them."""

    def __init__(self, registries: Registries):
        self._names: set[tuple[str, str]] = set()
        self._whole: set[str] = set()
        self.registries = Registries(*(
            dataclasses.replace(registries.of(kind), by_key=_RecordingKeys(kind, registries.of(kind).by_key,
                                                                           self._names, self._whole))
            for kind in (TermKind.CITY, TermKind.PARTNER, TermKind.PLACE, TermKind.TAG)))

    def reads(self) -> RegistryReads:
        return RegistryReads(tuple(sorted(self._names)), tuple(sorted(self._whole)))


class MentionNames:
    """The mentionable names of some registries, squashed, with the entry each one links."""

    def __init__(self, registries: Registries):
        targets: dict[str, set[str]] = {}
        for name, target in mentionable_names(registries).items():
            targets.setdefault(squashed(name), set()).add(f"{target.kind}:{target.slug}")
        self.targets = {name: " ".join(sorted(entries)) for name, entries in targets.items() if name}
        self.version = digest(*(f"{name}\0{target}" for name, target in sorted(self.targets.items())))
        self._starts = _by_start(self.targets)

    def occurring(self, text: str, among: Mapping[str, list[str]] | None = None) -> tuple[str, ...]:
        """The names (squashed) that occur in ``text``, sorted; only those of ``among`` when given."""
        plain = squashed(html.unescape(text.replace("\\", "")))  # as Markdown shows it: no escapes, entities
        starts = self._starts if among is None else among
        found = {name for start in {plain[i:i + 2] for i in range(len(plain) - 1)} | set(plain)
                 if start in starts for name in starts[start] if name in plain}
        return tuple(sorted(found))

    def added_since(self, previous: MentionNames | None) -> dict[str, list[str]] | None:
        """The names registered now and not in ``previous`` (None: nothing to go by), ready for ``update``."""
        return None if previous is None else _by_start(self.targets.keys() - previous.targets.keys())

    def update(self, text_of, previous: tuple[str, ...], added: dict[str, list[str]] | None) -> tuple[str, ...]:
        """``occurring`` for a text that had the names ``previous`` under the registries ``added`` was
        measured from: the names still registered, and the added ones searched for (``text_of()`` reads the
        text only when some name was added)."""
        if added is None:
            return self.occurring(text_of())
        kept = tuple(name for name in previous if name in self.targets)
        if not added:
            return kept
        return tuple(sorted({*kept, *self.occurring(text_of(), added)}))

    def version_of(self, occurring: tuple[str, ...]) -> str:
        return digest(*(f"{name}\0{self.targets[name]}" for name in occurring))


def _by_start(names) -> dict[str, list[str]]:
    """Names by their first two characters (one-character names by that character)."""
    starts: dict[str, list[str]] = {}
    for name in names:
        starts.setdefault(name[:2], []).append(name)
    return starts
